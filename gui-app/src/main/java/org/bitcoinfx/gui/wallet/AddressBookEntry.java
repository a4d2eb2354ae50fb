package org.bitcoinfx.gui.wallet;

/**
 * One labelled address of a wallet's address book (Bitcoin Core {@code src/wallet/rpc/addresses.cpp}
 * {@code getaddressesbylabel}).
 *
 * @param address the address
 * @param label   its label (never empty here: the book lists labelled addresses)
 * @param purpose {@code receive} (the wallet's own) or {@code send} (a contact), as the node says
 */
public record AddressBookEntry(String address, String label, String purpose) {
    /** @return true for a contact (an address of someone else, labelled when sending to it or added by hand) */
    public boolean contact() {
        return purpose.equals("send");
    }
}
