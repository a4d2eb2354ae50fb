package org.bitcoinfx.gui.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * What the Status page uses of {@code getblockchaininfo} (Bitcoin Core {@code src/rpc/blockchain.cpp},
 * {@code getblockchaininfo}; the prune fields as {@code GetPruneHeight} and {@code BlockManager::GetPruneTarget} give them).
 *
 * @param chain                current network name: main, test, testnet4, signet, regtest
 * @param blocks               height of the most-work fully-validated chain; -1 if absent
 * @param headers              height of the best header chain; -1 if absent
 * @param bestBlockHash        hash of the tip, display hex
 * @param time                 the tip's block time, seconds since the epoch ({@code time}, else {@code mediantime}); 0 if absent
 * @param verificationProgress estimate of verification progress, 0…1
 * @param initialBlockDownload {@code initialblockdownload}: the node is in IBD
 * @param pruned               {@code pruned}: the node is in prune mode ({@code -prune} other than 0), whether or not
 *                             anything was pruned yet
 * @param sizeOnDisk           {@code size_on_disk}: estimated size of the block and undo files on disk, bytes
 * @param pruneHeight          {@code pruneheight}: the first block whose data is kept, every block below it was pruned
 *                             (0: nothing pruned yet); -1 when not pruning (Core sends it only in prune mode)
 * @param automaticPruning     {@code automatic_pruning}: pruning to a target ({@code -prune=550} or more); false for
 *                             manual pruning ({@code -prune=1}, {@code pruneblockchain}) and when not pruning
 * @param pruneTargetSize      {@code prune_target_size}: the automatic pruning target, bytes (MiB × 2^20); -1 when absent
 *                             (manual pruning, or not pruning)
 * @param backgroundValidation {@code backgroundvalidation}: present while a loaded UTXO snapshot is validated in the
 *                             background (the figures above are then the snapshot chainstate's)
 */
public record BlockchainInfo(String chain, int blocks, int headers, String bestBlockHash, long time,
                             double verificationProgress, boolean initialBlockDownload, boolean pruned, long sizeOnDisk,
                             int pruneHeight, boolean automaticPruning, long pruneTargetSize,
                             Optional<BackgroundValidation> backgroundValidation) {

    /** Parses a {@code getblockchaininfo} reply. */
    public static BlockchainInfo parse(JsonNode n) {
        return new BlockchainInfo(n.path("chain").asText(""), n.path("blocks").asInt(-1), n.path("headers").asInt(-1),
                n.path("bestblockhash").asText(""), n.path("time").asLong(n.path("mediantime").asLong(0)),
                n.path("verificationprogress").asDouble(0), n.path("initialblockdownload").asBoolean(false),
                n.path("pruned").asBoolean(false), n.path("size_on_disk").asLong(0), n.path("pruneheight").asInt(-1),
                n.path("automatic_pruning").asBoolean(false), n.path("prune_target_size").asLong(-1),
                BackgroundValidation.parse(n));
    }
}
