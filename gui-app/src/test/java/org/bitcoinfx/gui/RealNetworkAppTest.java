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
import org.bitcoinfx.gui.shell.Page;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.node.NodeLocator;
import org.bitcoinfx.node.NodeState;
import org.bitcoinfx.node.net.RegtestNetwork;
import org.junit.jupiter.api.AfterEach;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The app with its own real node, spawned as usual by {@link BundledNodeBackend} from {@code BITCOIN_NODE}, and a
 * {@link RegtestNetwork} of peers the subclass starts in {@link #customize} (before the app: the app's node gets their
 * ports through the Settings' extra arguments). Skipped, saying why, without {@code BITCOIN_NODE}. Every node is
 * stopped at the end: the peers by the network, the app's node by the backend (the window's close, or the session's
 * stop after a failure).
 */
abstract class RealNetworkAppTest extends AppTestBase {
    /** Waits for the node to start or stop, s. */
    static final long NODE_WAIT = 120;

    /** The peers; null until the subclass starts them. */
    RegtestNetwork net;
    /** The app's backend over its real node; a new one after each {@link #relaunch()}. */
    BundledNodeBackend real;

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

    /** Waits until the app's node is READY with a client, and returns the client. */
    NodeClient awaitClient() throws Exception {
        return awaitClient(NODE_WAIT);
    }

    /** As {@link #awaitClient()}, waiting up to {@code seconds} for a start that has long work to do (a wallet's rescan). */
    NodeClient awaitClient(long seconds) throws Exception {
        waitUntil(seconds, () -> app.context().session().statusProperty().get().state() == NodeState.READY
                && app.context().session().clientProperty().get() != null);
        return WaitForAsyncUtils.asyncFx(() -> app.context().session().clientProperty().get()).get();
    }

    /**
     * Waits until the app's node's start-up thread is done: blocks imported, {@code mempool.dat} loaded
     * ({@code getmempoolinfo.loaded}), as {@code RegtestNode} waits for a peer's. A big mempool loads slowly on a
     * loaded machine: the wait fails only when neither the mempool size nor the block count has moved for
     * {@link #NODE_WAIT} s.
     */
    static void awaitStartupThread(NodeClient client) {
        RegtestNetwork.awaitStartupThread("the app's node", Duration.ofSeconds(NODE_WAIT), method -> call(client, method));
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
