package org.bitcoinfx.gui;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.bitcoinfx.gui.node.BundledNodeBackend;
import org.bitcoinfx.gui.node.NodeBackend;
import org.bitcoinfx.gui.settings.Settings;
import org.bitcoinfx.gui.shell.Page;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.ipc.JsonRpcException;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.node.NodeLocator;
import org.bitcoinfx.node.NodeState;
import org.bitcoinfx.node.net.ChainSpec;
import org.bitcoinfx.node.net.RegtestNetwork;
import org.bitcoinfx.node.net.RegtestNode;
import org.bitcoinfx.node.net.RegtestRpcException;
import org.junit.jupiter.api.AfterEach;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The app's own node, spawned as usual by a real {@link BundledNodeBackend} from {@code BITCOIN_NODE}, on a
 * {@link RegtestNetwork} of real peers serving a cached chain ({@link #spec()}): the setup shared by the
 * tests of #15 ({@link SyncFromPeersTest}, {@link SyncInterruptionsTest}, {@link RealNodePruneTest}).
 * <p>The peers start before the app (the app's node gets their ports): the Settings' extra arguments connect
 * the app's node to them and to nothing else ({@code -connect=127.0.0.1:<port>} for each), with the network's
 * {@code -mocktime} (so that the chain's tip is as fresh for the app's node as for its peers: it leaves IBD at
 * the tip, and {@code verificationprogress} moves as on a live network), then {@link #appArgs()}. Helpers
 * drive the peers (stop and resume serving) and wait on the app's node's own state.
 * <p>Skipped, saying why, without {@code BITCOIN_NODE}. Every node is stopped at the end: the app's node by
 * the backend (the window's close, or the session's stop after a failure), the peers by the network.
 */
abstract class RegtestNetworkAppTest extends AppTestBase {
    /** The suite's chain: 1,000 blocks with an economy in them (5 transactions a block, 20 in the mempool). */
    static final ChainSpec SUITE_CHAIN = ChainSpec.economy(1000, 5, 20);
    /** Waits for the node to start or stop, s. */
    static final long NODE_WAIT = 120;

    RegtestNetwork net;
    /** The app's backend; a new one after each {@link #relaunch()}. */
    BundledNodeBackend real;

    /** @return the chain the peers serve */
    abstract ChainSpec spec();

    /** @return the number of peers (default 2) */
    int peerCount() {
        return 2;
    }

    /** @return further arguments for the app's node, after {@code -connect} and {@code -mocktime} (default none) */
    String appArgs() {
        return "";
    }

    /** Runs once the peers are up, before the app starts (default: nothing). */
    void peersStarted() throws Exception {
    }

    /** Starts the peers and puts the connection to them into the settings. */
    @Override
    void customize(Settings s) {
        try {
            net = RegtestNetwork.builder().nodes(peerCount()).binary(RegtestNetwork.nodeBinaryOrSkip()).chain(spec())
                    .workDir(tmp.resolve("net")).start();
            peersStarted();
        } catch (RuntimeException e) {
            throw e; // and the skip without BITCOIN_NODE (an assumption)
        } catch (Exception e) {
            throw new IllegalStateException("the regtest network did not start: " + e, e);
        }
        StringBuilder args = new StringBuilder();
        for (RegtestNode n : net.nodes()) {
            args.append("-connect=").append(n.p2pAddress()).append(' ');
        }
        args.append("-mocktime=").append(spec().networkMocktime());
        if (!appArgs().isBlank()) {
            args.append(' ').append(appArgs());
        }
        s.extraArgsProperty().set(args.toString());
    }

    @Override
    NodeBackend makeBackend() {
        try {
            NodeLocator locator = new NodeLocator(Map.of(NodeLocator.ENV_VAR, System.getenv(NodeLocator.ENV_VAR)), null, null, null, Duration.ofSeconds(10));
            real = new BundledNodeBackend(locator, IpcNodeClient::connect, Files.createDirectories(tmp.resolve("run")), Duration.ofSeconds(60));
            return real;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** After a failure: stops the app's node (the backend) and the peers (the network); runs before the app's own tear-down. */
    @AfterEach
    void stopNodes() throws Exception {
        if (real != null && real.child().map(ProcessHandle::isAlive).orElse(false)) {
            ProcessHandle node = real.child().orElseThrow();
            WaitForAsyncUtils.asyncFx(() -> app.context().session().stop()).get(NODE_WAIT, TimeUnit.SECONDS).get(NODE_WAIT, TimeUnit.SECONDS);
            node.onExit().get(NODE_WAIT, TimeUnit.SECONDS);
        }
        if (net != null) {
            net.close();
        }
    }

    /** @return the peers' common best block hash (they must agree) */
    String peersBestHash() {
        String best = null;
        for (RegtestNode n : net.nodes()) {
            if (n.process().isAlive()) {
                String h = n.call("getbestblockhash").asText();
                if (best != null && !best.equals(h)) {
                    throw new AssertionError("the peers disagree on the tip: " + best + " and " + h);
                }
                best = h;
            }
        }
        return best;
    }

    /** Waits until the app's node is READY with a client, and returns the client. */
    NodeClient awaitClient() throws Exception {
        waitUntil(NODE_WAIT, () -> app.context().session().statusProperty().get().state() == NodeState.READY
                && app.context().session().clientProperty().get() != null);
        return WaitForAsyncUtils.asyncFx(() -> app.context().session().clientProperty().get()).get();
    }

    /**
     * Makes the peers stop serving: {@code setnetworkactive false} on each running peer (it drops every
     * connection and refuses new ones, as a peer that went offline). Safe to call from any thread.
     */
    void peersStopServing() {
        for (RegtestNode n : net.nodes()) {
            if (n.process().isAlive()) {
                n.call("setnetworkactive", false);
            }
        }
    }

    /** Lets the peers serve again ({@code setnetworkactive true} on each running peer). */
    void peersServeAgain() {
        for (RegtestNode n : net.nodes()) {
            if (n.process().isAlive()) {
                n.call("setnetworkactive", true);
            }
        }
    }

    /**
     * Waits until the app's node's download cannot go on: no connections (and, with {@code networkOff}, it
     * reports {@code networkactive false}), and it does not have the block after its tip (so no block can be
     * connected: none can arrive, and the next one is not on disk; a block whose message was being handled
     * when the connections closed is waited for by looking again).
     *
     * @param networkOff also require the app's node's own network to be off (paused by its toggle)
     * @return the node's height then
     */
    int waitDownloadStopped(NodeClient client, boolean networkOff) {
        int[] height = new int[1];
        RegtestNode peer = net.nodes().stream().filter(n -> n.process().isAlive()).findFirst().orElseThrow();
        RegtestNetwork.waitUntil("the app's node's download has stopped", Duration.ofSeconds(NODE_WAIT), () -> {
            JsonNode info = call(client, "getnetworkinfo");
            if ((networkOff && info.path("networkactive").asBoolean(true)) || info.path("connections").asInt(-1) != 0) {
                return false;
            }
            int h = call(client, "getblockcount").asInt();
            String next;
            try {
                next = peer.call("getblockhash", h + 1).asText();
            } catch (RegtestRpcException e) {
                if (e.code() != -8) { // RPC_INVALID_PARAMETER "Block height out of range"
                    throw e;
                }
                height[0] = h; // no block after it: the node has the whole chain
                return call(client, "getblockcount").asInt() == h;
            }
            try {
                client.rpc().call("getblock", next, 0).get(60, TimeUnit.SECONDS);
                return false; // the next block is there, being connected: look again
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof JsonRpcException j && j.getMessage().contains("not fully downloaded"))) {
                    throw new IllegalStateException("getblock " + next + ": " + e.getCause(), e.getCause());
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            height[0] = h;
            return call(client, "getblockcount").asInt() == h;
        });
        return height[0];
    }

    static JsonNode call(NodeClient client, String method, Object... params) {
        try {
            return client.rpc().call(method, params).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(method + ": " + e, e);
        }
    }

    <P extends Page> P page(Class<P> type, String title) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> type.cast(app.mainWindow().pages().stream()
                .filter(p -> p.title().equals(title)).findFirst().orElseThrow())).get();
    }

    /** Takes a snapshot of the window on the FX thread once the current event is handled and writes it on another thread. */
    CompletableFuture<Void> snapLater(Path file) {
        return snapLater(file, null);
    }

    /**
     * Takes a snapshot of the window on the FX thread once the current event is handled, cut to {@code node}'s
     * bounds and a 12 px margin when {@code node} is not null, and writes it on another thread. Never at once
     * from inside a listener: one reply sets several view-model properties in turn (blocks, then the state
     * line), and a snapshot taken between two of them showed a ring and a "blocks left" line from different
     * replies, which no frame ever shows.
     */
    CompletableFuture<Void> snapLater(Path file, Node node) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        javafx.application.Platform.runLater(() -> {
            WritableImage img = app.context().stage().getScene().snapshot(null);
            if (node != null) {
                Bounds b = node.localToScene(node.getBoundsInLocal());
                int m = 12;
                int x = (int) Math.max(0, Math.floor(b.getMinX()) - m);
                int y = (int) Math.max(0, Math.floor(b.getMinY()) - m);
                int w = (int) Math.min(img.getWidth() - x, Math.ceil(b.getWidth()) + 2 * m);
                int h = (int) Math.min(img.getHeight() - y, Math.ceil(b.getHeight()) + 2 * m);
                img = new WritableImage(img.getPixelReader(), x, y, w, h);
            }
            WritableImage shot = img;
            CompletableFuture.runAsync(() -> {
                try {
                    ImageIO.write(SwingFXUtils.fromFXImage(shot, null), "png", file.toFile());
                    System.out.println("saved " + file);
                    done.complete(null);
                } catch (Exception e) {
                    done.completeExceptionally(e);
                }
            });
        });
        return done;
    }
}
