package org.bitcoinfx.gui.notify;

import java.util.List;
import org.bitcoinfx.gui.util.Units;
import org.bitcoinfx.gui.wallet.WalletTx;

/**
 * What one notification says about payments a wallet received since the last look: one payment is named
 * (amount, label or address, confirmed or not), several are summed up in one notice (a block with 300 payments
 * raises one notice, not 300), as bitcoin-qt's {@code WalletView::processNewTransaction} /
 * {@code BitcoinGUI::incomingTransaction} do for one transaction at a time.
 *
 * @param wallet   the wallet's name ("" for the default wallet)
 * @param payments the {@code receive} rows, at least one
 */
public record PaymentNotice(String wallet, List<WalletTx> payments) {
    /** @throws IllegalArgumentException for no payments */
    public PaymentNotice {
        if (payments.isEmpty()) {
            throw new IllegalArgumentException("a notice needs a payment");
        }
        payments = List.copyOf(payments);
    }

    /** @return the sum received, sat */
    public long totalSat() {
        return payments.stream().mapToLong(WalletTx::amountSat).sum();
    }

    /** @return "Payment received", or "N payments received" */
    public String title() {
        return payments.size() == 1 ? "Payment received" : payments.size() + " payments received";
    }

    /**
     * @return for one: "0.10000000 BTC to wallet spending (Alice), unconfirmed"; for several: "5.00000000 BTC in
     *         total to wallet spending"
     */
    public String body() {
        String to = "to wallet " + (wallet.isEmpty() ? "(default wallet)" : wallet);
        if (payments.size() > 1) {
            return Units.btc(totalSat()) + " in total " + to;
        }
        WalletTx t = payments.get(0);
        String who = !t.label().isEmpty() ? t.label() : t.address();
        return Units.btc(t.amountSat()) + " " + to + (who.isEmpty() ? "" : " (" + who + ")")
                + (t.confirmations() > 0 ? "" : ", unconfirmed");
    }
}
