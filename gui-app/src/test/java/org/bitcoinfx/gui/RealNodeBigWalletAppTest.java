package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.gui.settings.Settings;
import org.bitcoinfx.gui.wallet.WalletPage;
import org.bitcoinfx.gui.wallet.WalletTx;
import org.bitcoinfx.gui.wallet.WalletViewModel;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.node.net.ChainCache;
import org.bitcoinfx.node.net.ChainSpec;
import org.bitcoinfx.node.net.RegtestNetwork;
import org.bitcoinfx.node.net.RegtestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The app on a real node whose wallet {@code bob} has {@value #TXS} transactions ({@link ChainSpec#bigWallet}, built once
 * per machine and cached; {@code -Dbitcoinfx.test.bigWalletTxs=2000} for a quicker run): the cached chain and wallets are
 * copied into the app's datadir and the app's node loads them (offline: {@code -connect=0}, the chain's mocktime, {@code -fallbackfee} for the funder's sends,
 * {@code -debug=rpc} so that its debug.log names every RPC). The Wallet page reads the whole history; the activity search
 * finds the {@value #TXS}−1th transaction by its txid; a new block with a new payment to bob is taken in with
 * {@code listsinceblock} and no {@code listtransactions} (the node's own log of the calls); the CSV export writes every row.
 * Skipped, saying why, without {@code BITCOIN_NODE}.
 */
class RealNodeBigWalletAppTest extends RealNetworkAppTest {
    static final int TXS = Integer.getInteger("bitcoinfx.test.bigWalletTxs", 20_000);
    static final ChainSpec SPEC = ChainSpec.bigWallet(TXS);
    /** Waits for the history read and refreshes, s: generous, the machine is loaded. */
    static final long HISTORY_WAIT = 600;

    @Override
    void customize(Settings s) {
        try {
            ChainCache.Cached chain = ChainCache.defaultCache().obtain(SPEC, RegtestNetwork.nodeBinaryOrSkip());
            chain.copyInto(tmp.resolve("datadir"), true);
        } catch (RuntimeException e) {
            throw e; // and the skip without BITCOIN_NODE (an assumption)
        } catch (Exception e) {
            throw new IllegalStateException("the big-wallet chain is not available: " + e, e);
        }
        s.extraArgsProperty().set("-connect=0 -fallbackfee=0.0001 -mocktime=" + SPEC.networkMocktime() + " -debug=rpc -wallet=" + ChainSpec.BIG_WALLET
                + " -wallet=" + ChainSpec.FUNDER);
    }

    @Test
    @Timeout(value = 1500, unit = TimeUnit.SECONDS)
    void searchRefreshAndExportAtSize() throws Exception {
        NodeClient client = awaitClient(HISTORY_WAIT); // the node loads a 20,000-transaction wallet first
        WalletViewModel vm = page(WalletPage.class, "Wallet").viewModel();
        WaitForAsyncUtils.asyncFx(() -> vm.selectedProperty().set(ChainSpec.BIG_WALLET)).get();
        waitUntil(HISTORY_WAIT, () -> vm.historySizeProperty().get() == TXS);

        // the 19,999th transaction: the second newest listtransactions row
        String target = client.rpc().callWallet(ChainSpec.BIG_WALLET, "listtransactions", "*", 1, 1).get(60, TimeUnit.SECONDS)
                .path(0).path("txid").asText();
        WaitForAsyncUtils.asyncFx(() -> vm.searchProperty().set(target.substring(0, 20))).get();
        waitUntil(HISTORY_WAIT, () -> vm.activity().size() == 1 && vm.activity().get(0).txid().equals(target));

        // a new block with one more payment to bob: merged from listsinceblock, the history not read again
        Path log = tmp.resolve("datadir").resolve("regtest").resolve("debug.log");
        long from = Files.size(log);
        String to = client.rpc().callWallet(ChainSpec.BIG_WALLET, "getnewaddress").get(60, TimeUnit.SECONDS).asText();
        String paid = client.rpc().callWallet(ChainSpec.FUNDER, "sendtoaddress", to, 0.125).get(60, TimeUnit.SECONDS).asText();
        client.rpc().call("generatetoaddress", 1, RegtestNode.OP_TRUE_ADDRESS).get(60, TimeUnit.SECONDS);
        WaitForAsyncUtils.asyncFx(() -> vm.searchProperty().set(paid)).get();
        waitUntil(HISTORY_WAIT, () -> vm.historySizeProperty().get() == TXS + 1 && vm.activity().size() == 1
                && vm.activity().get(0).confirmations() == 1);
        List<String> rpcs = rpcMethods(log, from);
        System.out.println("RPCs after the new block: " + rpcs.stream().distinct().toList());
        assertTrue(rpcs.contains("listsinceblock"), rpcs.toString());
        assertFalse(rpcs.contains("listtransactions"), "the history is not read again: " + rpcs);

        // every row in the CSV
        Path csv = tmp.resolve("bob.csv");
        Path written = WaitForAsyncUtils.asyncFx(() -> vm.exportCsv(csv)).get().get(HISTORY_WAIT, TimeUnit.SECONDS);
        assertEquals(csv.toAbsolutePath(), written);
        List<String> lines = Files.readAllLines(csv);
        assertEquals(TXS + 2, lines.size(), "the header and every row");
        assertTrue(lines.stream().anyMatch(l -> l.contains(target)));
        WalletTx newest = WaitForAsyncUtils.asyncFx(() -> vm.history().rows().get(0)).get();
        assertEquals(paid, newest.txid());
        waitUntil(WAIT, () -> WaitForAsyncUtils.asyncFx(() -> vm.noticeProperty().get()).get().contains(csv.toAbsolutePath().toString()));
    }

    /** @return the RPC methods the node's debug.log names ({@code ThreadRPCServer method=…}) after byte {@code from} */
    static List<String> rpcMethods(Path log, long from) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            f.seek(from);
            byte[] b = new byte[(int) (f.length() - from)];
            f.readFully(b);
            return new String(b, StandardCharsets.UTF_8).lines().filter(l -> l.contains("ThreadRPCServer method="))
                    .map(l -> l.replaceAll(".*ThreadRPCServer method=(\\S+).*", "$1")).toList();
        }
    }
}
