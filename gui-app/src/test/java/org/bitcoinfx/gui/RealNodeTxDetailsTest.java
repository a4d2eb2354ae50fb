package org.bitcoinfx.gui;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TxDetailsFlow} against a real regtest bitcoin-node over IPC: the shape of {@code gettransaction txid true true}
 * (decoded inputs and outputs, vsize, weight, change) that Activity's details read. Runs only with {@code BITCOIN_NODE} set.
 */
class RealNodeTxDetailsTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void sendReceiveConfirm() throws Exception {
        RealRegtestNode.run(tmp, "gettransaction verbose", (client, datadir) -> TxDetailsFlow.run(client));
    }
}
