package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.bitcoinfx.gui.wallet.WalletService;
import org.junit.jupiter.api.Test;

/**
 * Which node-side Thread the app's calls run on (the node runs one Thread's calls one at a time):
 * the status polls on POLL, console commands on CONSOLE, wallet calls on WALLET; and a console
 * command with a secret in its params goes through {@code callSecret}.
 */
class NodeThreadsAppTest extends AppTestBase {
    @Test
    void pollsConsoleAndWalletUseTheirOwnThreads() throws Exception {
        waitReady();
        waitUntil(() -> backend.client().threadCalls().contains("POLL:getblockchaininfo"));
        showPage("Console");
        consoleEntry("getblockcount", WAIT);
        assertTrue(backend.client().threadCalls().stream().anyMatch(c -> c.startsWith("CONSOLE:") && c.endsWith("getblockcount")),
                backend.client().threadCalls().toString());
        new WalletService(backend.client()).listWallets().get(WAIT, TimeUnit.SECONDS);
        assertTrue(backend.client().threadCalls().contains("WALLET:listwallets"), backend.client().threadCalls().toString());
        assertTrue(backend.client().threadCalls().stream().noneMatch(c -> c.startsWith("MAIN:") && c.endsWith("getblockcount")),
                "no console command on the main Thread");
    }

    @Test
    void aConsoleCommandWithAPassphraseIsSentAsSecret() throws Exception {
        waitReady();
        showPage("Console");
        consoleEntry("walletpassphrase \"hunter2\" 60", WAIT);
        assertTrue(backend.client().secretCalls().stream().anyMatch(c -> c.endsWith("walletpassphrase")), backend.client().secretCalls().toString());
        consoleEntry("getblockcount", WAIT);
        assertTrue(backend.client().secretCalls().stream().noneMatch(c -> c.endsWith("getblockcount")));
    }
}
