package org.bitcoinfx.gui.wallet;

import org.bitcoinfx.ipc.primitives.PercentEncoding;

/**
 * BIP21 payment URIs: {@code bitcoin:<address>?amount=<BTC>&label=<…>&message=<…>}, the
 * parameters percent-encoded as RFC 3986 asks (space as {@code %20}).
 */
public final class Bip21 {
    private Bip21() {
    }

    /**
     * @param address   the receiving address (not encoded: addresses are plain ASCII)
     * @param amountSat the amount, sat, or a negative number for none
     * @param label     the label, or empty
     * @param message   the message, or empty
     * @return the URI
     */
    public static String uri(String address, long amountSat, String label, String message) {
        StringBuilder sb = new StringBuilder("bitcoin:").append(address);
        char sep = '?';
        if (amountSat >= 0) {
            sb.append(sep).append("amount=").append(Amounts.plainBtc(amountSat));
            sep = '&';
        }
        if (label != null && !label.isBlank()) {
            sb.append(sep).append("label=").append(PercentEncoding.encode(label.strip()));
            sep = '&';
        }
        if (message != null && !message.isBlank()) {
            sb.append(sep).append("message=").append(PercentEncoding.encode(message.strip()));
        }
        return sb.toString();
    }

}
