package org.bitcoinfx.gui.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code getchainstates} (Bitcoin Core {@code src/rpc/blockchain.cpp}, {@code getchainstates}): the node's
 * chainstates, "ordered by work, with the most-work (active) chainstate last". One without a UTXO snapshot;
 * after {@code loadtxoutset} two — the background chainstate validating from genesis up to the snapshot's block,
 * then the snapshot chainstate syncing to the tip — until the background validation completes, when the
 * snapshot chainstate alone is left, {@code validated}.
 *
 * @param headers     the best header's height; -1 if unknown
 * @param chainstates the chainstates, active last
 */
public record Chainstates(int headers, List<Chainstate> chainstates) {

    /**
     * One chainstate ({@code RPCHelpForChainstate}).
     *
     * @param blocks               its tip's height
     * @param bestBlockHash        its tip, display hex
     * @param verificationProgress progress towards the network's tip, 0…1 ({@code GuessVerificationProgress})
     * @param snapshotBlockHash    the base block of the snapshot it was loaded from, display hex; empty if none
     * @param validated            whether all its blocks were validated (false for a snapshot chainstate until the
     *                             background validation reaches the snapshot)
     */
    public record Chainstate(int blocks, String bestBlockHash, double verificationProgress, Optional<String> snapshotBlockHash,
                             boolean validated) {
        /** @return true for a chainstate loaded from a snapshot */
        public boolean fromSnapshot() {
            return snapshotBlockHash.isPresent();
        }
    }

    /** Parses a {@code getchainstates} reply. */
    public static Chainstates parse(JsonNode n) {
        List<Chainstate> list = new ArrayList<>();
        for (JsonNode c : n.path("chainstates")) {
            String snap = c.path("snapshot_blockhash").asText("");
            list.add(new Chainstate(c.path("blocks").asInt(-1), c.path("bestblockhash").asText(""),
                    c.path("verificationprogress").asDouble(0), snap.isEmpty() ? Optional.empty() : Optional.of(snap),
                    c.path("validated").asBoolean(false)));
        }
        return new Chainstates(n.path("headers").asInt(-1), List.copyOf(list));
    }

    /** @return the chainstate the node uses: the last */
    public Optional<Chainstate> active() {
        return chainstates.isEmpty() ? Optional.empty() : Optional.of(chainstates.get(chainstates.size() - 1));
    }

    /** @return the background chainstate (validating up to a snapshot), while there is one: the first of two */
    public Optional<Chainstate> background() {
        return chainstates.size() > 1 ? Optional.of(chainstates.get(0)) : Optional.empty();
    }

    /** @return the chainstate loaded from a snapshot, if any */
    public Optional<Chainstate> snapshot() {
        return chainstates.stream().filter(Chainstate::fromSnapshot).findFirst();
    }

    /** @return true once a snapshot chainstate is the only one and validated: the background validation is complete */
    public boolean snapshotValidated() {
        return chainstates.size() == 1 && chainstates.get(0).fromSnapshot() && chainstates.get(0).validated();
    }
}
