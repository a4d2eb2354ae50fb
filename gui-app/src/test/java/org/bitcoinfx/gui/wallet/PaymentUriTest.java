package org.bitcoinfx.gui.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** BIP21 payment links as {@link PaymentUri#parse} reads them, and the sentence for each one it refuses. */
class PaymentUriTest {
    private static final String ADDR = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080";

    private static String refused(String uri) {
        return assertThrows(IllegalArgumentException.class, () -> PaymentUri.parse(uri)).getMessage();
    }

    @Test
    void readsAddressAmountLabelMessage() {
        assertEquals(new PaymentUri(ADDR, 100_000, "Alice", "coffee & cake"),
                PaymentUri.parse("bitcoin:" + ADDR + "?amount=0.001&label=Alice&message=coffee%20%26%20cake"));
        assertEquals(new PaymentUri(ADDR, -1, "", ""), PaymentUri.parse("bitcoin:" + ADDR));
        assertEquals(new PaymentUri(ADDR, -1, "", ""), PaymentUri.parse("  BITCOIN:" + ADDR + "?  "), "scheme case, blanks");
        assertEquals(new PaymentUri(ADDR, 50 * Amounts.COIN, "", ""), PaymentUri.parse("bitcoin://" + ADDR + "?amount=50"));
        assertEquals(new PaymentUri(ADDR, 1, "a+b", "Zürich ₿"), PaymentUri.parse("bitcoin:" + ADDR
                + "?amount=0.00000001&label=a+b&message=Z%C3%BCrich%20%E2%82%BF"), "+ stays +, UTF-8 decoded");
        assertEquals(new PaymentUri(ADDR, -1, "", ""), PaymentUri.parse("bitcoin:" + ADDR + "?lightning=lnbc1xyz&pj=https://x"),
                "optional parameters ignored");
        assertEquals(new PaymentUri(ADDR, -1, "x", ""), PaymentUri.parse("bitcoin:" + ADDR + "?LABEL=x"), "keys case-insensitive");
        // what Bip21.uri writes, this reads back
        assertEquals(new PaymentUri(ADDR, 123_456_789, "Bob & co", "100% sure?"),
                PaymentUri.parse(Bip21.uri(ADDR, 123_456_789, "Bob & co", "100% sure?")));
    }

    @Test
    void refusesWhatBip21DoesNotAllowSayingWhy() {
        assertEquals("Not a bitcoin: payment link (it must start with \"bitcoin:\").", refused("litecoin:" + ADDR));
        assertEquals("Not a bitcoin: payment link (it must start with \"bitcoin:\").", refused(""));
        assertEquals("The payment link names no address.", refused("bitcoin:?amount=1"));
        assertEquals("The payment link's address \"bc1q<script>\" has characters no Bitcoin address has.", refused("bitcoin:bc1q<script>"));
        assertEquals("The payment link requires \"pop\", which Bitcoin FX does not understand, so it cannot pay it safely (BIP21 req- parameter).",
                refused("bitcoin:" + ADDR + "?req-pop=x"));
        assertEquals("The payment link gives \"amount\" twice.", refused("bitcoin:" + ADDR + "?amount=1&amount=2"));
        assertEquals("The payment link has a parameter without a value: \"amount\".", refused("bitcoin:" + ADDR + "?amount"));
        assertEquals("The payment link has a broken %-escape: \"a%2\".", refused("bitcoin:" + ADDR + "?label=a%2"));
        assertEquals("The payment link has a broken %-escape: \"a%zz\".", refused("bitcoin:" + ADDR + "?label=a%zz"));
        assertEquals("The payment link's text is not valid UTF-8 once decoded: \"%C3\".", refused("bitcoin:" + ADDR + "?message=%C3"));
        assertEquals("The payment link is 2049 characters long; at most 2048 are taken.",
                refused("bitcoin:" + ADDR + "?message=" + "a".repeat(2049 - 9 - ADDR.length() - 8)));
    }

    @Test
    void refusesBadAmounts() {
        assertEquals("The payment link's amount \"1e3\" cannot be used: Write the amount as a plain number, without an exponent (\"1e3\").",
                refused("bitcoin:" + ADDR + "?amount=1e3"));
        assertEquals("The payment link's amount \"-1\" cannot be used: The amount cannot be negative.", refused("bitcoin:" + ADDR + "?amount=-1"));
        assertEquals("The payment link's amount \"21000000.00000001\" cannot be used: More than 21,000,000 BTC.",
                refused("bitcoin:" + ADDR + "?amount=21000000.00000001"));
        assertEquals("The payment link's amount \"0.000000001\" cannot be used: At most 8 decimals (1 sat = 0.00000001 BTC).",
                refused("bitcoin:" + ADDR + "?amount=0.000000001"));
        assertEquals("The payment link's amount \"0,5\" cannot be used: BIP21 amounts use a decimal point, not a comma.",
                refused("bitcoin:" + ADDR + "?amount=0,5"));
        assertEquals("The payment link's amount \"\" cannot be used: Enter an amount.", refused("bitcoin:" + ADDR + "?amount="));
    }
}
