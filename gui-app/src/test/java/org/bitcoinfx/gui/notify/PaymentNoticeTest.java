package org.bitcoinfx.gui.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.bitcoinfx.gui.wallet.WalletTx;
import org.junit.jupiter.api.Test;

/** What a payment notice says: one payment named, several summed up in one notice. */
class PaymentNoticeTest {
    private static WalletTx receive(long sat, String label, String address, int confirmations, int vout) {
        return new WalletTx("ab".repeat(32), "receive", sat, -1, confirmations, label, address, 0, vout, confirmations > 0 ? 200 : -1);
    }

    @Test
    void onePaymentIsNamed() {
        PaymentNotice n = new PaymentNotice("spending", List.of(receive(10_000_000, "Alice", "bcrt1qa", 0, 0)));
        assertEquals("Payment received", n.title());
        assertEquals("0.10000000 BTC to wallet spending (Alice), unconfirmed", n.body());
        n = new PaymentNotice("", List.of(receive(1, "", "bcrt1qa", 3, 0)));
        assertEquals("0.00000001 BTC to wallet (default wallet) (bcrt1qa)", n.body());
    }

    @Test
    void threeHundredPaymentsAreOneSummary() {
        List<WalletTx> many = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add(receive(1_000_000, "", "bcrt1q" + i, 1, i));
        }
        PaymentNotice n = new PaymentNotice("shop", many);
        assertEquals("300 payments received", n.title());
        assertEquals("3.00000000 BTC in total to wallet shop", n.body());
        assertEquals(300_000_000L, n.totalSat());
        assertThrows(IllegalArgumentException.class, () -> new PaymentNotice("w", List.of()));
    }
}
