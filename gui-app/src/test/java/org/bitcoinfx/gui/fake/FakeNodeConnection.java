package org.bitcoinfx.gui.fake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.ipc.primitives.Hashes;
import org.bitcoinfx.node.fake.FakeAddress;
import org.bitcoinfx.node.fake.FakeNode;
import org.bitcoinfx.node.fake.FakeNodeOptions;
import org.bitcoinfx.node.fake.FakeTx;

/**
 * A test double's plumbing: bundled-node's {@link FakeNode} started in this JVM on a fresh temporary
 * datadir, and a real {@link IpcNodeClient} connected to its socket, wrapped in a
 * {@link RecordingNodeClient}. Used by {@link FakeNodeBackend} and by service tests that need a node
 * without the app. {@link #close()} closes both and deletes the datadir.
 *
 * <p>The node has a loaded wallet {@value #DEMO_WALLET} that received {@value #DEMO_FUNDING_SAT} sat
 * from outside five blocks before the tip (when it has at least six blocks and is not in IBD).
 */
public final class FakeNodeConnection implements AutoCloseable {
    /** The wallet each started node has loaded. */
    public static final String DEMO_WALLET = "demo";
    /** What {@link #DEMO_WALLET} received, sat. */
    public static final long DEMO_FUNDING_SAT = 150_000_000L;
    /** Peers the fake node shows while its network is active. */
    public static final int PEERS = 3;

    private final Path datadir;
    private final FakeNode node;
    private final RecordingNodeClient client;

    private FakeNodeConnection(Path datadir, FakeNode node, RecordingNodeClient client) {
        this.datadir = datadir;
        this.node = node;
        this.client = client;
    }

    /** A regtest node with {@code blocks} blocks: {@link #start(String, int, int)} with chain regtest and no IBD. */
    public static FakeNodeConnection start(int blocks) throws IOException {
        return start("regtest", blocks, 0);
    }

    /** {@link #start(int)} for a field initializer: an {@link IOException} becomes an {@link UncheckedIOException}. */
    public static FakeNodeConnection startUnchecked(int blocks) {
        try {
            return start(blocks);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a fake node and connects to it.
     *
     * @param chain        the {@code -chain} name
     * @param blocks       blocks on its chain
     * @param headersAhead if above 0, the node is in initial block download with this many headers beyond its blocks
     */
    public static FakeNodeConnection start(String chain, int blocks, int headersAhead) throws IOException {
        return start(chain, blocks, headersAhead, List.of());
    }

    /**
     * As {@link #start(String, int, int)}, with more bitcoin-node options for the fake (e.g. {@code -debug=ipc},
     * {@code -logtimemicros}: the fake then writes the node's IPC lines to its debug.log).
     */
    public static FakeNodeConnection start(String chain, int blocks, int headersAhead, List<String> moreArgs) throws IOException {
        Path dir = Files.createTempDirectory("bitcoinfx-fake");
        List<String> args = new ArrayList<>(List.of("-chain=" + chain, "-datadir=" + dir, "-ipcbind=unix", "-printtoconsole=0",
                "-fakepeers=" + PEERS));
        args.addAll(moreArgs);
        // the demo wallet is funded in the sixth block from the tip: premine the ones before it
        int funded = blocks - 5;
        boolean fund = headersAhead == 0 && funded >= 1;
        if (headersAhead > 0) {
            args.add("-fakeibd=" + (blocks + headersAhead));
        }
        args.add("-fakeblocks=" + (fund ? funded - 1 : blocks));
        FakeNode node = null;
        try {
            node = FakeNode.start(FakeNodeOptions.parse(args.toArray(String[]::new)));
            node.rpc(null, "createwallet", DEMO_WALLET);
            if (fund) {
                String address = node.rpc(DEMO_WALLET, "getnewaddress", "", "bech32").asText();
                FakeTx funding = new FakeTx(2, List.of(new FakeTx.Input(Hashes.sha256("demo funding".getBytes(StandardCharsets.UTF_8)), 0,
                        new byte[0], 0xfffffffdL, List.of(new byte[71], new byte[33]))),
                        List.of(new FakeTx.Output(DEMO_FUNDING_SAT, FakeAddress.toScriptPubKey(address))), 0);
                node.state().chain().generateBlock(FakeAddress.toScriptPubKey(FakeNode.DEFAULT_PAYOUT), List.of(funding));
                node.generate(blocks - funded);
            }
            return new FakeNodeConnection(dir, node, new RecordingNodeClient(IpcNodeClient.connect(node.sockets().get(0))));
        } catch (IOException | RuntimeException e) {
            if (node != null) {
                node.close();
            }
            delete(dir);
            throw e;
        }
    }

    /** @return the node (its chain, mempool, wallets, fault switches) */
    public FakeNode node() {
        return node;
    }

    /** @return the connected client */
    public RecordingNodeClient client() {
        return client;
    }

    /**
     * A second connection to the same node, for a test that ends it (the node and {@link #client()} go on).
     * The caller closes it.
     *
     * @throws IOException if the socket cannot be connected
     */
    public NodeClient connectAnother() throws IOException {
        return IpcNodeClient.connect(node.sockets().get(0));
    }

    /** Closes the client and the node and deletes the datadir. Idempotent. */
    @Override
    public void close() {
        client.close();
        node.close();
        delete(datadir);
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temp dir left behind
        }
    }
}
