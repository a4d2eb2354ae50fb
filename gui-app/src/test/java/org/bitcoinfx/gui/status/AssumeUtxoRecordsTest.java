package org.bitcoinfx.gui.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Optional;
import org.bitcoinfx.gui.node.NodeStatus;
import org.bitcoinfx.node.NodeState;
import org.junit.jupiter.api.Test;

/**
 * The AssumeUTXO records ({@link Chainstates}, {@link BackgroundValidation}) and the Status view-model's lines, from
 * replies of a real node (bitcoin-node v31.99, regtest, the 300-block snapshot chain of bundled-node's
 * {@code SnapshotChainTest}, printed by it): right after {@code loadtxoutset} and once the background validation is
 * complete.
 */
class AssumeUtxoRecordsTest {
    private static final ObjectMapper M = new ObjectMapper();
    static final String SNAPSHOT_HASH = "385901ccbd69dff6bbd00065d01fb8a9e464dede7cfe0372443884f9b1dcf6b9";
    /** {@code getchainstates} right after {@code loadtxoutset}: the background chainstate at genesis, the snapshot's at 200. */
    static final String CHAINSTATES_LOADED = """
            {"headers":300,"chainstates":[{"blocks":0,"bestblockhash":"0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206",
            "bits":"207fffff","target":"7fffff0000000000000000000000000000000000000000000000000000000000","difficulty":4.656542373906925E-10,
            "verificationprogress":0.000002276960359381579,"coins_db_cache_bytes":419430,"coins_tip_cache_bytes":53162803,"validated":true},
            {"blocks":200,"bestblockhash":"385901ccbd69dff6bbd00065d01fb8a9e464dede7cfe0372443884f9b1dcf6b9","bits":"207fffff",
            "target":"7fffff0000000000000000000000000000000000000000000000000000000000","difficulty":4.656542373906925E-10,
            "verificationprogress":0.0004574609164852113,"coins_db_cache_bytes":7969177,"coins_tip_cache_bytes":1010093260,
            "snapshot_blockhash":"385901ccbd69dff6bbd00065d01fb8a9e464dede7cfe0372443884f9b1dcf6b9","validated":false}]}""";
    /** {@code getblockchaininfo} right after {@code loadtxoutset}. */
    static final String BLOCKCHAIN_INFO_LOADED = """
            {"chain":"regtest","blocks":200,"headers":300,"bestblockhash":"385901ccbd69dff6bbd00065d01fb8a9e464dede7cfe0372443884f9b1dcf6b9",
            "bits":"207fffff","target":"7fffff0000000000000000000000000000000000000000000000000000000000","difficulty":4.656542373906925E-10,
            "time":1296688802,"mediantime":1296688797,"verificationprogress":0.0004574609164852113,"initialblockdownload":true,
            "backgroundvalidation":{"snapshotheight":200,"blocks":0,"bestblockhash":"0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206",
            "mediantime":1296688602,"chainwork":"0000000000000000000000000000000000000000000000000000000000000002",
            "verificationprogress":0.004975124378109453},
            "chainwork":"0000000000000000000000000000000000000000000000000000000000000192","size_on_disk":293,"pruned":false,
            "warnings":["This is a pre-release test build - use at your own risk - do not use for mining or merchant applications"]}""";
    /** {@code getchainstates} once the background validation is complete: the snapshot chainstate alone, validated. */
    static final String CHAINSTATES_VALIDATED = """
            {"headers":300,"chainstates":[{"blocks":300,"bestblockhash":"3ad67dc27a109865fb652bed359a28dd968f5cb47b4aed6de7399912c768235b",
            "bits":"207fffff","target":"7fffff0000000000000000000000000000000000000000000000000000000000","difficulty":4.656542373906925E-10,
            "verificationprogress":1,"coins_db_cache_bytes":8388608,"coins_tip_cache_bytes":1063256064,
            "snapshot_blockhash":"385901ccbd69dff6bbd00065d01fb8a9e464dede7cfe0372443884f9b1dcf6b9","validated":true}]}""";

    @Test
    void chainstatesAfterTheLoad() throws Exception {
        Chainstates c = Chainstates.parse(M.readTree(CHAINSTATES_LOADED));
        assertEquals(300, c.headers());
        assertEquals(2, c.chainstates().size());
        Chainstates.Chainstate bg = c.background().orElseThrow();
        assertEquals(0, bg.blocks());
        assertTrue(bg.validated());
        assertFalse(bg.fromSnapshot());
        Chainstates.Chainstate snap = c.snapshot().orElseThrow();
        assertEquals(snap, c.active().orElseThrow(), "the snapshot chainstate is the active one, last");
        assertEquals(200, snap.blocks());
        assertEquals(Optional.of(SNAPSHOT_HASH), snap.snapshotBlockHash());
        assertFalse(snap.validated());
        assertEquals(0.0004574609164852113, snap.verificationProgress(), 1e-15);
        assertFalse(c.snapshotValidated());
    }

    @Test
    void chainstatesOnceValidatedAndWithoutASnapshot() throws Exception {
        Chainstates c = Chainstates.parse(M.readTree(CHAINSTATES_VALIDATED));
        assertEquals(1, c.chainstates().size());
        assertTrue(c.background().isEmpty());
        assertTrue(c.snapshotValidated());
        assertEquals(300, c.active().orElseThrow().blocks());
        Chainstates plain = Chainstates.parse(M.readTree("""
                {"headers":5,"chainstates":[{"blocks":5,"bestblockhash":"00","verificationprogress":1,"validated":true}]}"""));
        assertTrue(plain.snapshot().isEmpty());
        assertFalse(plain.snapshotValidated());
        assertTrue(Chainstates.parse(M.readTree("{}")).active().isEmpty());
    }

    @Test
    void backgroundValidationInBlockchainInfo() throws Exception {
        BlockchainInfo i = BlockchainInfo.parse(M.readTree(BLOCKCHAIN_INFO_LOADED));
        BackgroundValidation bv = i.backgroundValidation().orElseThrow();
        assertEquals(200, bv.snapshotHeight());
        assertEquals(0, bv.blocks());
        assertEquals("0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206", bv.bestBlockHash());
        assertEquals(0.004975124378109453, bv.verificationProgress(), 1e-15);
        assertEquals(0, bv.blockFraction());
        assertEquals(200, i.blocks(), "the figures are the snapshot chainstate's");
        assertTrue(BlockchainInfo.parse(M.readTree("{\"blocks\":3}")).backgroundValidation().isEmpty());
    }

    @Test
    void theViewModelShowsBothChainstatesThenTheCompletion() throws Exception {
        StatusViewModel vm = new StatusViewModel();
        vm.applyNodeStatus(NodeStatus.of(NodeState.READY, ""));
        vm.setConnected(true);
        assertEquals("", vm.snapshotChainstateTextProperty().get());
        assertEquals(-1, vm.backgroundProgressProperty().get());
        vm.applyBlockchainInfo(BlockchainInfo.parse(M.readTree(BLOCKCHAIN_INFO_LOADED)), Instant.now());
        vm.applyChainstates(Chainstates.parse(M.readTree(CHAINSTATES_LOADED)));
        assertEquals("Snapshot chainstate: block 200 of 300 · loaded at block 200 · not yet validated", vm.snapshotChainstateTextProperty().get());
        assertEquals("Background validation: block 0 of 200 · 0.5%", vm.backgroundValidationTextProperty().get());
        assertEquals(0.004975124378109453, vm.backgroundProgressProperty().get(), 1e-15);
        assertEquals("", vm.backgroundCompleteTextProperty().get());
        assertEquals(-1, vm.backgroundCompleteHeightProperty().get());

        // the background validation completes: getblockchaininfo has no backgroundvalidation, getchainstates one chainstate
        vm.applyBlockchainInfo(BlockchainInfo.parse(M.readTree("""
                {"chain":"regtest","blocks":300,"headers":300,"verificationprogress":1,"initialblockdownload":false,"time":1735868400}""")),
                Instant.now());
        assertNull(vm.backgroundValidationProperty().get());
        vm.applyChainstates(Chainstates.parse(M.readTree(CHAINSTATES_VALIDATED)));
        assertEquals(200, vm.backgroundCompleteHeightProperty().get());
        assertEquals("Background validation complete at height 200", vm.backgroundCompleteTextProperty().get());
        assertEquals("", vm.backgroundValidationTextProperty().get());
        assertEquals("Snapshot chainstate: block 300 · loaded at block 200 · validated", vm.snapshotChainstateTextProperty().get());
        assertEquals(-1, vm.backgroundProgressProperty().get());
    }
}
