package org.bitcoinfx.gui;

import java.nio.file.Path;
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
        ExecutorService grinder = Executors.newSingleThreadExecutor();
        try (FakeNode node = FakeNode.start(FakeNodeOptions.parse(new String[] {"-regtest", "-datadir=" + tmp.resolve("d"), "-ipcbind=unix",
                "-printtoconsole=0"}));
             IpcNodeClient client = IpcNodeClient.connect(node.sockets().get(0))) {
            WalletMiningFlow.run(client, grinder);
        } finally {
            grinder.shutdownNow();
        }
    }
}
