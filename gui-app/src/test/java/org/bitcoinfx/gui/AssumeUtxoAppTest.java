package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.controls.ToggleSwitch;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import org.bitcoinfx.gui.settings.Theme;
import org.bitcoinfx.gui.snapshot.SnapshotViewModel;
import org.bitcoinfx.gui.status.StatusPage;
import org.bitcoinfx.gui.status.StatusViewModel;
import org.bitcoinfx.gui.status.SyncState;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.node.net.AssumeUtxoData;
import org.bitcoinfx.node.net.ChainSpec;
import org.bitcoinfx.node.net.RegtestNetwork;
import org.bitcoinfx.node.net.Topology;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * AssumeUTXO on real nodes (#15): the app's own node — spawned as usual, {@code -connect} to two peers only, the
 * network's {@code -mocktime}, its network off at the start — loads the regtest snapshot at height 200 through the
 * app's command ({@link SnapshotViewModel#load}, what Settings' "Load a snapshot…" calls), and Status shows both
 * chainstates and then the end of the background validation. The peers start from bundled-node's snapshot chain
 * ({@link ChainSpec#assumeUtxo}: Bitcoin Core's blocks up to 200, {@value #FINAL_HEIGHT} in all, as
 * feature_assumeutxo.py's FINAL_HEIGHT):
 * <ul>
 * <li>node 0 is full but has its chain cut at 150 ({@code invalidateblock} of block 151): the app's node syncs
 *     headers and blocks 1–150 from it first — feature_assumeutxo too loads into a node part-way through its sync —
 *     and stops there;</li>
 * <li>node 1 is pruned ({@code -prune=1}): it offers only {@code NODE_NETWORK_LIMITED}, so a node in initial block
 *     download takes headers from it but no blocks (Bitcoin Core {@code net_processing.cpp}: no block download from
 *     limited peers during IBD) — the app's node gets the headers to 300 and nothing else from it. Its network is off
 *     until node 0's is: a node in IBD asks one peer at a time for headers, so node 0 leaves before node 1 comes.</li>
 * </ul>
 * The steps, each waited for on the node's or the view-model's own state:
 * <ol>
 * <li>refusals, in the node's words, with nothing broken after them: a file that is not a snapshot, and the
 *     snapshot before the headers reach its block;</li>
 * <li>the network on (Status toggle): headers and blocks to 150 from node 0; node 0 off, node 1 on: headers to 300;</li>
 * <li>the load, from a named pipe that the test fills only once the app has shown the load running for two
 *     seconds: the progress (indeterminate, the time taken) is seen — the FX thread is not held by the call, whose
 *     answer cannot come before the test writes — and Status keeps polling while the node's snapshot Thread waits;
 *     then "Loaded 200 coins" (the FX thread's longest stall is printed);</li>
 * <li>Status: the snapshot chainstate at 200 of 300, the background validation at 150 of 200 (nothing more can come:
 *     node 1 serves no blocks during IBD); loading again is refused ("more than once");</li>
 * <li>node 0 back with its whole chain ({@code reconsiderblock}): the app's node syncs to 300 and completes the
 *     background validation; Status says "Background validation complete at height 200" and ends synced at the
 *     peers' tip.</li>
 * </ol>
 * With {@code -Dbitcoinfx.test.snapshotShots=DIR} it saves {@code light-status-assumeutxo.png} and
 * {@code dark-status-assumeutxo.png} (background validation at 150 of 200),
 * {@code light-status-assumeutxo-validated.png} and {@code light-settings-snapshot-loading.png} (the load held by the pipe). Skipped, saying why, without {@code BITCOIN_NODE}.
 */
class AssumeUtxoAppTest extends RealNetworkAppTest {
    static final int SNAPSHOT_HEIGHT = AssumeUtxoData.BUILDABLE_HEIGHT;
    static final int FINAL_HEIGHT = SNAPSHOT_HEIGHT + 100;
    /** Where node 0's chain is cut until after the load. */
    static final int CUT_AT = 150;
    static final String NOT_A_SNAPSHOT = "Unable to parse metadata: Invalid UTXO set snapshot magic bytes. Please check if this is "
            + "indeed a snapshot file or if you are using an outdated snapshot format.";

    private final ChainSpec spec = ChainSpec.assumeUtxo(FINAL_HEIGHT);
    private final AssumeUtxoData params = AssumeUtxoData.forHeight(SNAPSHOT_HEIGHT).orElseThrow();
    private final String shotsProperty = System.getProperty("bitcoinfx.test.snapshotShots", "");
    private Path snapshot;
    private String cutBlock;

    @Override
    void customize(org.bitcoinfx.gui.settings.Settings s) {
        try {
            net = RegtestNetwork.builder().nodes(2).topology(Topology.none()).binary(RegtestNetwork.nodeBinaryOrSkip()).chain(spec)
                    .nodeArgs(1, List.of("-prune=1")).workDir(tmp.resolve("net")).start();
            snapshot = Files.copy(net.chain().orElseThrow().snapshotFile().orElseThrow(), tmp.resolve("utxo-200.dat"));
        } catch (RuntimeException e) {
            throw e; // and the skip without BITCOIN_NODE (an assumption)
        } catch (Exception e) {
            throw new IllegalStateException("the regtest network did not start: " + e, e);
        }
        cutBlock = net.node(0).call("getblockhash", CUT_AT + 1).asText();
        net.node(0).call("invalidateblock", cutBlock);
        net.node(1).call("setnetworkactive", false);
        s.extraArgsProperty().set("-connect=" + net.node(1).p2pAddress() + " -connect=" + net.node(0).p2pAddress()
                + " -mocktime=" + spec.networkMocktime() + " -networkactive=0");
    }

    /**
     * The user agents of the app's node's peers past the version handshake ({@code getpeerinfo} {@code version} set).
     * {@code getconnectioncount} counts more: the node tries its {@code -connect} peers again every half second, and a
     * peer whose network is off lets the TCP connection be made and drops it at once ("not accepting new connections",
     * net.cpp), so for a moment it counts (2 instead of 1 once in a stress round).
     */
    private static List<String> handshakenPeers(NodeClient client) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : call(client, "getpeerinfo")) {
            if (p.path("version").asInt() != 0) {
                out.add(p.path("subver").asText());
            }
        }
        return out;
    }

    @Test
    void loadsTheSnapshotShowsBothChainstatesAndTheEndOfTheBackgroundValidation() throws Exception {
        NodeClient client = awaitClient();
        ProcessHandle node = real.child().orElseThrow();
        SnapshotViewModel snap = WaitForAsyncUtils.asyncFx(() -> app.context().snapshots()).get();
        StatusViewModel vm = page(StatusPage.class, "Status").viewModel();
        Path shots = shotsProperty.isBlank() ? null : Files.createDirectories(Path.of(shotsProperty));
        String best = net.node(1).call("getbestblockhash").asText();
        assertEquals(params.blockHash(), net.node(1).call("getblockhash", SNAPSHOT_HEIGHT).asText(), "the chain parameters' block");
        assertEquals(CUT_AT, net.node(0).call("getblockcount").asInt());
        assertFalse(net.node(1).call("getnetworkinfo").path("localservicesnames").toString().contains("\"NETWORK\""),
                "node 1 offers NETWORK_LIMITED only");
        waitUntil(NODE_WAIT, () -> vm.stateProperty().get() == SyncState.PAUSED);

        // 1. refusals in the node's words; the app and the node go on
        Path text = Files.writeString(tmp.resolve("not-a-snapshot.dat"), "Not a UTXO snapshot: a text file a user might pick by mistake.\n");
        String refusal = loadAndWaitRefused(snap, text);
        System.out.println("refused, not a snapshot: " + refusal);
        assertTrue(refusal.startsWith(NOT_A_SNAPSHOT), refusal); // the node adds the stream's ": iostream error"
        showPage("Settings");
        waitText("#snapshot-message", refusal);
        refusal = loadAndWaitRefused(snap, snapshot);
        System.out.println("refused before the headers: " + refusal);
        assertTrue(refusal.startsWith("Unable to load UTXO snapshot: The base block header (" + params.blockHash()
                + ") must appear in the headers chain. Make sure all headers are syncing, and call loadtxoutset again."), refusal);
        waitText("#snapshot-message", refusal);
        assertEquals(0, call(client, "getblockcount").asInt(), "the node goes on");
        assertEquals(SyncState.PAUSED, WaitForAsyncUtils.asyncFx(() -> vm.stateProperty().get()).get());

        // 2. network on (the Status toggle): headers and blocks to 150 from node 0, the only peer up
        showPage("Status");
        interact(() -> lookup("#network-toggle").queryAs(ToggleSwitch.class).setSelected(true));
        waitUntil(NODE_WAIT, () -> vm.blocksProperty().get() == CUT_AT && vm.headersProperty().get() == CUT_AT);
        // node 0 goes away (the app's node ends its headers sync with it), the pruned node 1 comes: headers to 300, no blocks
        net.node(0).call("setnetworkactive", false);
        waitUntil(NODE_WAIT, () -> call(client, "getconnectioncount").asInt() == 0);
        net.node(1).call("setnetworkactive", true);
        waitUntil(NODE_WAIT, () -> vm.headersProperty().get() == FINAL_HEIGHT);
        assertEquals(CUT_AT, call(client, "getblockcount").asInt(), "no blocks from a limited peer during IBD");
        List<String> peers = handshakenPeers(client);
        assertEquals(1, peers.size(), "node 1 alone: " + peers);
        assertTrue(peers.get(0).contains("(testnode1)"), peers.toString());

        // 3. the load: a named pipe the node's snapshot Thread waits on until the app has shown the load for over a second
        Path fifo = tmp.resolve("utxo-200.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo");
        showPage("Settings");
        FxStallMeter stall = new FxStallMeter();
        long refreshesBefore = WaitForAsyncUtils.asyncFx(() -> vm.refreshes().runs()).get();
        List<String> seen = new ArrayList<>();
        interact(() -> {
            stall.start();
            snap.load(fifo);
        });
        waitUntil(NODE_WAIT, () -> snap.stateProperty().get() == SnapshotViewModel.State.LOADING && snap.elapsedSecondsProperty().get() >= 2
                && lookup("#snapshot-progress").tryQuery().map(javafx.scene.Node::isVisible).orElse(false)
                && ((Label) lookup("#snapshot-elapsed").query()).getText().startsWith("Loading the snapshot… 0:0"));
        seen.add(WaitForAsyncUtils.asyncFx(() -> ((Label) lookup("#snapshot-elapsed").query()).getText()).get());
        assertTrue(WaitForAsyncUtils.asyncFx(() -> ((javafx.scene.control.ProgressBar) lookup("#snapshot-progress").query()).isIndeterminate()).get(),
                "indeterminate until the node logs a percentage");
        waitUntil(NODE_WAIT, () -> vm.refreshes().runs() >= refreshesBefore + 2); // Status polls on while the load waits
        if (shots != null) {
            snapLater(shots.resolve("light-settings-snapshot-loading.png")).get(30, TimeUnit.SECONDS);
        }
        assertEquals(CUT_AT, call(client, "getblockcount").asInt(), "and the node answers other calls");
        long t0 = System.nanoTime();
        try (OutputStream out = Files.newOutputStream(fifo)) {
            out.write(Files.readAllBytes(snapshot));
        }
        waitUntil(NODE_WAIT, () -> snap.stateProperty().get() != SnapshotViewModel.State.LOADING);
        long afterWrite = (System.nanoTime() - t0) / 1_000_000;
        interact(stall::stop);
        assertEquals(SnapshotViewModel.State.LOADED, WaitForAsyncUtils.asyncFx(() -> snap.stateProperty().get()).get(),
                WaitForAsyncUtils.asyncFx(() -> snap.messageProperty().get()).get());
        var result = WaitForAsyncUtils.asyncFx(() -> snap.resultProperty().get()).get();
        assertEquals(SNAPSHOT_HEIGHT, result.coinsLoaded());
        assertEquals(SNAPSHOT_HEIGHT, result.baseHeight());
        assertEquals(params.blockHash(), result.tipHash());
        String loaded = text("#snapshot-message");
        assertTrue(loaded.startsWith("Loaded 200 coins in "), loaded);
        System.out.printf("loadtxoutset: %,d ms from the call (held by the pipe), %,d ms after the file was written; shown: %s; %s%n",
                WaitForAsyncUtils.asyncFx(() -> snap.loadMillisProperty().get()).get(), afterWrite, seen, loaded);
        System.out.printf("FX thread during the load: longest stall %,d ms (%,d pulses)%n", stall.maxGapMillis(), stall.pulses());
        // the FX thread was not held by the load: the conditions above ran on it, and came true, while the node's snapshot
        // Thread waited on the pipe (only the test's write ends that wait). The longest stall is printed, not bounded: on a
        // loaded machine it measures the machine.
        assertTrue(stall.pulses() > 0, "the pulse ran");
        waitUntil(NODE_WAIT, () -> app.context().session().log().stream().anyMatch(l -> l.contains("[snapshot] successfully activated snapshot "
                + params.blockHash())));

        // 4. Status: both chainstates; a second load is refused and nothing changes
        showPage("Status");
        waitUntil(NODE_WAIT, () -> vm.chainstatesProperty().get() != null && vm.chainstatesProperty().get().chainstates().size() == 2);
        waitText("#snapshot-chainstate", String.format("Snapshot chainstate: block %d of %d · loaded at block %d · not yet validated",
                SNAPSHOT_HEIGHT, FINAL_HEIGHT, SNAPSHOT_HEIGHT));
        waitUntil(NODE_WAIT, () -> text("#background-validation").startsWith(String.format("Background validation: block %d of %d · ", CUT_AT, SNAPSHOT_HEIGHT)));
        System.out.println("Status: " + text("#snapshot-chainstate") + " | " + text("#background-validation"));
        JsonNode states = call(client, "getchainstates");
        assertEquals(CUT_AT, states.path("chainstates").path(0).path("blocks").asInt());
        assertEquals(SNAPSHOT_HEIGHT, states.path("chainstates").path(1).path("blocks").asInt());
        if (shots != null) {
            snapLater(shots.resolve("light-status-assumeutxo.png")).get(30, TimeUnit.SECONDS);
            interact(() -> app.context().settings().themeProperty().set(Theme.DARK));
            WaitForAsyncUtils.waitForFxEvents();
            snapLater(shots.resolve("dark-status-assumeutxo.png")).get(30, TimeUnit.SECONDS);
            interact(() -> app.context().settings().themeProperty().set(Theme.LIGHT));
        }
        refusal = loadAndWaitRefused(snap, snapshot);
        assertTrue(refusal.startsWith("Unable to load UTXO snapshot: Can't activate a snapshot-based chainstate more than once."), refusal);
        assertEquals(2, call(client, "getchainstates").path("chainstates").size());

        // 5. node 0 back, with its whole chain: the rest of the blocks, and the background validation completes
        net.node(0).call("reconsiderblock", cutBlock);
        assertEquals(best, net.node(0).call("getbestblockhash").asText());
        net.node(0).call("setnetworkactive", true);
        waitUntil(NODE_WAIT, () -> vm.backgroundCompleteHeightProperty().get() == SNAPSHOT_HEIGHT);
        waitText("#background-complete", "Background validation complete at height 200");
        waitUntil(NODE_WAIT, () -> vm.stateProperty().get() == SyncState.SYNCED && best.equals(vm.tipHashProperty().get()));
        JsonNode done = call(client, "getchainstates");
        assertEquals(1, done.path("chainstates").size());
        assertTrue(done.path("chainstates").path(0).path("validated").asBoolean());
        assertTrue(WaitForAsyncUtils.asyncFx(() -> lookup("#background-validation").query().isVisible()).get() == false,
                "no progress line once complete");
        System.out.println("Status: " + text("#snapshot-chainstate") + " | " + text("#background-complete"));
        if (shots != null) {
            snapLater(shots.resolve("light-status-assumeutxo-validated.png")).get(30, TimeUnit.SECONDS);
        }

        // closing the window stops the app's node
        interact(() -> app.shutdown().requestClose());
        waitUntil(NODE_WAIT, exited::get);
        node.onExit().get(NODE_WAIT, TimeUnit.SECONDS);
        assertFalse(node.isAlive(), "no bitcoin-node of the app left");
    }

    /**
     * A snapshot chosen before the node has its headers (onboarding's "Start faster from a snapshot" hands it to
     * {@link SnapshotViewModel#loadWhenHeadersArrive}): the app waits, saying so, while the node syncs from node 0 to 150,
     * loads it once node 1's headers reach block 200, and the background validation completes once node 0 comes back.
     */
    @Test
    void aSnapshotChosenBeforeTheHeadersLoadsOnceTheyArrive() throws Exception {
        NodeClient client = awaitClient();
        SnapshotViewModel snap = WaitForAsyncUtils.asyncFx(() -> app.context().snapshots()).get();
        StatusViewModel vm = page(StatusPage.class, "Status").viewModel();
        waitUntil(NODE_WAIT, () -> vm.stateProperty().get() == SyncState.PAUSED);
        interact(() -> snap.loadWhenHeadersArrive(snapshot));
        waitUntil(NODE_WAIT, () -> snap.messageProperty().get().equals(
                "Waiting for the block headers to reach the snapshot's block 385901ccbd69dff6…dcf6b9; it loads then."));

        showPage("Status");
        interact(() -> lookup("#network-toggle").queryAs(ToggleSwitch.class).setSelected(true));
        waitUntil(NODE_WAIT, () -> vm.blocksProperty().get() == CUT_AT && vm.headersProperty().get() == CUT_AT);
        assertEquals(SnapshotViewModel.State.WAITING_FOR_HEADERS, WaitForAsyncUtils.asyncFx(() -> snap.stateProperty().get()).get(),
                "block 200's header is not there yet");
        net.node(0).call("setnetworkactive", false);
        waitUntil(NODE_WAIT, () -> call(client, "getconnectioncount").asInt() == 0);
        net.node(1).call("setnetworkactive", true);
        waitUntil(NODE_WAIT, () -> snap.stateProperty().get() == SnapshotViewModel.State.LOADED);
        assertEquals(SNAPSHOT_HEIGHT, WaitForAsyncUtils.asyncFx(() -> snap.resultProperty().get().baseHeight()).get());
        waitUntil(NODE_WAIT, () -> text("#background-validation").startsWith(String.format("Background validation: block %d of %d · ", CUT_AT, SNAPSHOT_HEIGHT)));

        net.node(0).call("reconsiderblock", cutBlock);
        net.node(0).call("setnetworkactive", true);
        waitUntil(NODE_WAIT, () -> vm.backgroundCompleteHeightProperty().get() == SNAPSHOT_HEIGHT);
        waitText("#background-complete", "Background validation complete at height 200");
    }

    /** Loads {@code file} through the app's command and waits for the refusal. @return the message shown */
    private static String loadAndWaitRefused(SnapshotViewModel snap, Path file) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> snap.load(file)).get();
        waitUntil(NODE_WAIT, () -> !snap.busyProperty().get() && snap.stateProperty().get() != SnapshotViewModel.State.NONE);
        assertEquals(SnapshotViewModel.State.REFUSED, WaitForAsyncUtils.asyncFx(() -> snap.stateProperty().get()).get());
        return WaitForAsyncUtils.asyncFx(() -> snap.messageProperty().get()).get();
    }
}
