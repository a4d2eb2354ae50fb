package org.bitcoinfx.gui;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link WalletSecurityFlow} against a real regtest bitcoin-node over IPC: the shapes, codes and words of
 * {@code encryptwallet}, {@code walletpassphrasechange}, {@code walletpassphrase}, {@code walletlock},
 * {@code signmessage} and {@code verifymessage} that {@link FakeNodeWalletSecurityTest} expects of the fake.
 * Runs only with {@code BITCOIN_NODE} set.
 */
class RealNodeWalletSecurityTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void encryptSignVerifyChangeLock() throws Exception {
        RealRegtestNode.run(tmp, "the wallet encryption and message RPCs", (client, datadir) -> WalletSecurityFlow.run(client));
    }
}
