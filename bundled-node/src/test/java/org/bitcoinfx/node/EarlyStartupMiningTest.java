package org.bitcoinfx.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.BlockCreateOptions;
import org.bitcoinfx.ipc.BlockTemplate;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.ipc.rpc.transport.UnixSockets;
import org.bitcoinfx.node.fake.FakeNodeLauncherScript;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bitcoin Core's {@code interface_ipc_mining.py run_early_startup_test}, which a check on a running
 * node cannot do: {@code Mining.createNewBlock} sent on the first connection the node accepts, while
 * it is still starting, returns a template on the tip once it can, and the node comes up and stops
 * cleanly. Against a FakeNode process held in warm-up, and a real node with {@code BITCOIN_NODE}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EarlyStartupMiningTest {
    @TempDir
    Path tmp;

    @Test
    void fakeNodeAnswersCreateNewBlockSentAsSoonAsItsSocketAccepts() throws Exception {
        Path script = FakeNodeLauncherScript.write(tmp.resolve("bin"), List.of("-fakestartdelay=1500"));
        run(script);
    }

    @Test
    void realNodeAnswersCreateNewBlockSentAsSoonAsItsSocketAccepts() throws Exception {
        String env = System.getenv(NodeLocator.ENV_VAR);
        Assumptions.assumeTrue(env != null && !env.isBlank(), "BITCOIN_NODE not set: no real bitcoin-node to start");
        run(Path.of(env));
    }

    private void run(Path node) throws Exception {
        NodeBinary binary = NodeLocator.inspect(node, NodeLocator.DEFAULT_VERSION_TIMEOUT);
        NodeConfig config = NodeConfig.of(tmp.resolve("datadir"), Chain.REGTEST).withRuntimeParent(Files.createDirectories(tmp.resolve("run")))
                .withExtraArgs(List.of("-listen=0")).withStopTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(60));
        CompletableFuture<CompletableFuture<Optional<BlockTemplate>>> early = new CompletableFuture<>();
        NodeConnector first = new NodeConnector() {
            @Override
            public NodeClient connect(Path socket) throws IOException {
                return connect(socket, null);
            }

            @Override
            public NodeClient connect(Path socket, UnixSockets.PeerCheck check) throws IOException {
                NodeClient c = check == null ? NodeConnector.ipc().connect(socket) : NodeConnector.ipc().connect(socket, check);
                // the first call of the first connection the node accepts, as the Python test makes it
                early.complete(c.mining().createNewBlock(BlockCreateOptions.DEFAULT, false)); // cooldown false, the capnp default the test uses (with it, a fresh regtest chain in IBD waits)
                return c;
            }
        };
        NodeProcess np = new NodeLauncher(binary, first).launch(config, m -> { });
        try {
            Optional<BlockTemplate> t = early.get(60, TimeUnit.SECONDS).get(60, TimeUnit.SECONDS);
            assertTrue(t.isPresent(), "createNewBlock returned no template");
            byte[] header = t.get().getBlockHeader().get(30, TimeUnit.SECONDS);
            assertEquals(80, header.length);
            t.get().close();
            assertEquals("up", np.client().orElseThrow().echo("up").get(30, TimeUnit.SECONDS), "the node is up after it");
        } finally {
            OptionalInt code = np.stop(config.stopTimeout(), config.termTimeout());
            assertEquals(OptionalInt.of(0), code, String.join("\n", np.lastLogLines(50)));
        }
    }
}
