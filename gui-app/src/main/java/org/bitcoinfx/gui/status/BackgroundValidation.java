package org.bitcoinfx.gui.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * {@code getblockchaininfo}'s {@code backgroundvalidation} (Bitcoin Core {@code src/rpc/blockchain.cpp},
 * {@code getblockchaininfo}): present while a UTXO snapshot (AssumeUTXO, {@code loadtxoutset}) is loaded and
 * the background chainstate has not yet validated the chain up to the snapshot's block.
 *
 * @param snapshotHeight       the snapshot's base block height: background validation verifies up to it
 * @param blocks               the height the background chainstate has validated
 * @param bestBlockHash        its tip, display hex
 * @param verificationProgress the background validation's progress, 0…1 (transactions validated of those up to
 *                             the snapshot, {@code GetBackgroundVerificationProgress})
 */
public record BackgroundValidation(int snapshotHeight, int blocks, String bestBlockHash, double verificationProgress) {

    /** @return the object in a {@code getblockchaininfo} reply, or empty if it has none */
    public static Optional<BackgroundValidation> parse(JsonNode blockchainInfo) {
        JsonNode b = blockchainInfo.path("backgroundvalidation");
        if (!b.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new BackgroundValidation(b.path("snapshotheight").asInt(-1), b.path("blocks").asInt(-1),
                b.path("bestblockhash").asText(""), b.path("verificationprogress").asDouble(0)));
    }

    /** @return blocks validated of those up to the snapshot, 0…1 */
    public double blockFraction() {
        return snapshotHeight <= 0 ? 0 : Math.max(0, Math.min(1, (double) blocks / snapshotHeight));
    }
}
