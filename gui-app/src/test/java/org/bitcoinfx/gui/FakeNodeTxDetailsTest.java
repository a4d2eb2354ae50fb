package org.bitcoinfx.gui;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.node.fake.FakeNode;
import org.bitcoinfx.node.fake.FakeNodeOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TxDetailsFlow} against bundled-node's FakeNode over Cap'n Proto, in every build; the same flow runs against a
 * real node in {@link RealNodeTxDetailsTest}, which holds the fake's {@code gettransaction … true true} honest.
 */
class FakeNodeTxDetailsTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void sendReceiveConfirm() throws Exception {
        try (FakeNode node = FakeNode.start(FakeNodeOptions.parse(new String[] {"-regtest", "-datadir=" + tmp.resolve("d"), "-ipcbind=unix", "-printtoconsole=0"}));
             IpcNodeClient client = IpcNodeClient.connect(node.sockets().get(0))) {
            TxDetailsFlow.run(client);
        }
    }
}
