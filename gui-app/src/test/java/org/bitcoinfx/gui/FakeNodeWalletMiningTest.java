package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.node.fake.FakeNode;
import org.bitcoinfx.node.fake.FakeNodeOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link WalletMiningFlow} over real Cap'n Proto against bundled-node's {@link FakeNode} (its chain,
 * Mining and BlockTemplate servers and the wallet plugin), so the flow runs in every build; the same
 * flow runs against a real node in {@link RealNodeWalletMiningTest}.
 */
class FakeNodeWalletMiningTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void createMineSendConfirm() throws Exception {
        run();
    }

    /**
     * The oldest v31.99 schema the app supports (from before {@code Mining.submitBlock @7},
     * {@code getTransactionsBy…ID @8/@9} and {@code BlockTemplate.submitSolution @10}): the Mining
     * page's calls still mine every block, submitting through {@code @7}.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void createMineSendConfirmOnTheOldestSupportedSchema() throws Exception {
        IpcNodeClient client = run("-fakeschema=pre-submitblock7");
        assertEquals(Optional.of(false), client.mining().servesSubmitSolution10(), "the blocks went in through submitSolution @7");
    }

    private IpcNodeClient run(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("-regtest", "-datadir=" + tmp.resolve("d"), "-ipcbind=unix", "-printtoconsole=0"));
        args.addAll(List.of(extra));
        ExecutorService grinder = Executors.newSingleThreadExecutor();
        try (FakeNode node = FakeNode.start(FakeNodeOptions.parse(args.toArray(String[]::new)));
             IpcNodeClient client = IpcNodeClient.connect(node.sockets().get(0))) {
            WalletMiningFlow.run(client, grinder);
            return client;
        } finally {
            grinder.shutdownNow();
        }
    }
}
