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
abstract class RegtestNetworkAppTest extends RealNetworkAppTest {
    /** The suite's chain: 1,000 blocks with an economy in them (5 transactions a block, 20 in the mempool). */
    static final ChainSpec SUITE_CHAIN = ChainSpec.economy(1000, 5, 20);

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

    /**
     * @return whether the app's node runs at the network's {@code -mocktime} (default true). A node at a fixed mocktime
     *         never ends a {@code BlockTemplate.waitNext} on fees: its once-a-second check waits for a clock that does
     *         not move ({@code WaitAndCreateNewBlock}, node/miner.cpp); a test of live templates turns it off and gives
     *         {@link #appArgs()} what the old chain then needs (e.g. {@code -maxtipage}, {@code -mempoolexpiry})
     */
    boolean appMocktime() {
        return true;
    }

    /** @return whether the app's node gets {@code -connect} to peer {@code index} (default: every peer) */
    boolean connectAtStart(int index) {
        return true;
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
            if (connectAtStart(n.index())) {
                args.append("-connect=").append(n.p2pAddress()).append(' ');
            }
        }
        if (appMocktime()) {
            args.append("-mocktime=").append(spec().networkMocktime());
        }
        if (!appArgs().isBlank()) {
            args.append(' ').append(appArgs());
        }
        s.extraArgsProperty().set(args.toString().trim());
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
}
