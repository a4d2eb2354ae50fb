package org.bitcoinfx.node.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.ipc.NodeLiveness;
import org.bitcoinfx.ipc.ServerThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's node-side Threads against the fake node, which runs them as libmultiprocess does
 * (MP {@code type-context.h}, {@code ProxyServer<Thread>::post}): the calls of one Thread one at a
 * time in order, the calls of different Threads concurrently. A call held on a latch in the fake
 * stands for a console {@code rescanblockchain} that takes minutes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FakeNodeThreadsTest {
    @TempDir
    Path tmp;
    private FakeNode node;
    private IpcNodeClient client;
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final java.util.concurrent.atomic.AtomicBoolean heldscanEnded = new java.util.concurrent.atomic.AtomicBoolean();

    @AfterEach
    void stop() {
        release.countDown();
        if (client != null) {
            client.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private void start() throws Exception {
        node = FakeNode.start(FakeNodeOptions.parse(new String[] {"-regtest", "-datadir=" + tmp.resolve("d"), "-ipcbind=unix",
                "-printtoconsole=0", "-fakeblocks=3"}));
        // "heldscan": runs until the test opens the latch, as a long rescanblockchain does
        node.state().rpc().register(new FakeRpcMethod("heldscan", "hidden", "Blocks its Thread until the test releases it.", List.of(), c -> {
            entered.countDown();
            try {
                if (!release.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released heldscan");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            heldscanEnded.set(true);
            return TextNode.valueOf("scanned");
        }));
        // "probe": whether heldscan had ended when it began (false if it ran before heldscan, or beside it)
        node.state().rpc().register(new FakeRpcMethod("probe", "hidden", "Tells whether heldscan had ended when it began.", List.of(),
                c -> com.fasterxml.jackson.databind.node.BooleanNode.valueOf(heldscanEnded.get())));
        client = IpcNodeClient.connect(node.sockets().get(0));
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aHeldConsoleCallDelaysNoPollWalletOrEchoCallOnOtherThreads() throws Exception {
        start();
        CompletableFuture<JsonNode> scan = client.rpc(ServerThread.CONSOLE).call("heldscan");
        assertTrue(entered.await(30, TimeUnit.SECONDS), "heldscan runs on the node");

        assertEquals(3, get(client.rpc(ServerThread.POLL).call("getblockcount")).asInt(), "a poll answers while the console's call runs");
        assertEquals(3, get(client.rpc(ServerThread.WALLET).call("getblockcount")).asInt());
        assertEquals(3, get(client.rpc().call("getblockcount")).asInt(), "the main Thread is free too");
        assertEquals("alive", get(client.echo(ServerThread.LIVENESS, "alive")));
        assertTrue(get(client.mining().getTip()).isPresent());

        long posted = node.state().postedCalls();
        CompletableFuture<JsonNode> behind = client.rpc(ServerThread.CONSOLE).call("probe");
        // the probe has reached its Thread before heldscan is released: it can only wait, or run beside heldscan
        org.bitcoinfx.node.net.RegtestNetwork.waitUntil("the probe posted to its Thread", Duration.ofSeconds(30),
                () -> node.state().postedCalls() > posted);
        assertFalse(scan.isDone(), "heldscan is still held");

        release.countDown();
        assertEquals("scanned", get(scan).asText());
        assertTrue(get(behind).asBoolean(), "the console's next call waited behind its held one, as on the node");
    }

    @Test
    void callsMadeWhileTheirThreadIsBeingMadeArriveInTheOrderMade() throws Exception {
        start();
        get(client.rpc(ServerThread.POLL).call("getblockcount")); // the Rpc capability exists, the console's Thread not yet
        // both sent before the console's Thread exists (makeThread is a round trip away)
        CompletableFuture<JsonNode> scan = client.rpc(ServerThread.CONSOLE).call("heldscan");
        CompletableFuture<JsonNode> behind = client.rpc(ServerThread.CONSOLE).call("probe");
        assertTrue(entered.await(30, TimeUnit.SECONDS), "heldscan runs on the node");
        release.countDown();
        assertEquals("scanned", get(scan).asText());
        assertTrue(get(behind).asBoolean(), "probe overtook heldscan on their Thread");
    }

    @Test
    void aNodeThatStopsAnsweringIsReportedNotRespondingAndRespondingOnceItAnswers() throws Exception {
        start();
        node.state().stopAnswering();
        BlockingQueue<NodeLiveness.State> changes = new LinkedBlockingQueue<>();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        // one probe (the first tick; the next would be an hour later), which cannot answer while the node is held
        try (NodeLiveness l = NodeLiveness.watch(client, Duration.ofHours(1), Duration.ofMillis(200), scheduler, changes::add)) {
            assertEquals(NodeLiveness.State.NOT_RESPONDING, changes.poll(30, TimeUnit.SECONDS));
            assertEquals(NodeLiveness.State.NOT_RESPONDING, l.state());
            assertTrue(client.isOpen(), "a node that does not answer is not a closed connection");
            node.state().answerAgain();
            assertEquals(NodeLiveness.State.RESPONDING, changes.poll(30, TimeUnit.SECONDS), "the held echo answered");
        } finally {
            scheduler.shutdownNow();
        }
    }
}
