package org.bitcoinfx.gui.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import org.bitcoinfx.gui.util.Units;

/**
 * A wallet's balances from {@code getbalances} ({@code mine} object; Bitcoin Core
 * {@code src/wallet/rpc/coins.cpp}), in sat.
 *
 * @param trustedSat          spendable: confirmed, or unconfirmed from this wallet
 * @param untrustedPendingSat unconfirmed from others
 * @param immatureSat         coinbase outputs with fewer than 100 confirmations
 */
public record Balances(long trustedSat, long untrustedPendingSat, long immatureSat) {
    /** No balances known. */
    public static final Balances UNKNOWN = new Balances(-1, -1, -1);

    /** Reads the {@code getbalances} reply. */
    public static Balances fromGetBalances(JsonNode r) {
        JsonNode m = r.path("mine");
        return new Balances(Units.btcToSat(m.path("trusted").asDouble()), Units.btcToSat(m.path("untrusted_pending").asDouble()),
                Units.btcToSat(m.path("immature").asDouble()));
    }

    /** @return true if read from the node */
    public boolean known() {
        return trustedSat >= 0;
    }

    /** @return trusted + pending + immature, sat */
    public long totalSat() {
        return known() ? trustedSat + untrustedPendingSat + immatureSat : -1;
    }
}
