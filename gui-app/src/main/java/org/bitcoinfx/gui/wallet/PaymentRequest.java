package org.bitcoinfx.gui.wallet;

/**
 * A payment request the app made (the node keeps no list of them).
 *
 * @param time      seconds since the epoch
 * @param wallet    the wallet the address belongs to
 * @param address   the new address
 * @param type      its type, as {@code getnewaddress} named it
 * @param label     the label, or empty
 * @param amountSat the amount asked, sat, or -1 for none
 * @param message   the message, or empty
 */
public record PaymentRequest(long time, String wallet, String address, String type, String label, long amountSat, String message) {
    /** @return the BIP21 URI */
    public String uri() {
        return Bip21.uri(address, amountSat, label, message);
    }
}
