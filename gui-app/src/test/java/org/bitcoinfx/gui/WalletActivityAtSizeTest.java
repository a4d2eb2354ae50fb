package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import org.bitcoinfx.gui.wallet.WalletPage;
import org.bitcoinfx.gui.wallet.WalletTx;
import org.bitcoinfx.gui.wallet.WalletViewModel;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Activity tab on FakeNode with {@value #TXS} transactions paying the wallet ({@code FakeNode.payWallet}, mined
 * after the page read the wallet's small history: they come in through {@code listsinceblock}): the table holds every
 * row, the search field finds the {@value #TXS}−1th payment by its txid, a new block is taken in with listsinceblock and
 * no listtransactions (the calls the recording client saw), and the CSV export writes every row and says where.
 */
class WalletActivityAtSizeTest extends AppTestBase {
    static final int TXS = 3_000;
    /** Generous: the machine is loaded. */
    static final long SIZE_WAIT = 180;

    private WalletViewModel vm() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> ((WalletPage) app.mainWindow().pages().stream().filter(p -> p instanceof WalletPage)
                .findFirst().orElseThrow()).viewModel()).get();
    }

    @Test
    void tableSearchRefreshAndExport() throws Exception {
        waitUntil(() -> app.context().session().clientProperty().get() != null);
        WalletViewModel vm = vm();
        waitUntil(SIZE_WAIT, () -> WaitForAsyncUtils.asyncFx(() -> vm.historySizeProperty().get() > 0).get());
        int before = WaitForAsyncUtils.asyncFx(() -> vm.historySizeProperty().get()).get();
        interact(() -> {
            WalletPage p = (WalletPage) app.mainWindow().pages().stream().filter(x -> x instanceof WalletPage).findFirst().orElseThrow();
            app.mainWindow().showPage(p.title());
            p.showTab("Activity");
        });
        long reads = backend.client().rpcCount("listtransactions");

        backend.node().payWallet("demo", TXS, 1000, 1);
        waitUntil(SIZE_WAIT, () -> WaitForAsyncUtils.asyncFx(() -> vm.historySizeProperty().get() == before + TXS).get());
        assertEquals(reads, backend.client().rpcCount("listtransactions"), "the payments came in through listsinceblock");
        TableView<?> table = lookup("#activity-table").queryAs(TableView.class);
        waitUntil(WAIT, () -> WaitForAsyncUtils.asyncFx(() -> table.getItems().size() == before + TXS).get());

        WalletTx target = WaitForAsyncUtils.asyncFx(() -> vm.history().rows().get(1)).get();
        interact(() -> lookup("#activity-search").queryAs(TextField.class).setText(target.txid().substring(8, 40).toUpperCase()));
        waitUntil(SIZE_WAIT, () -> WaitForAsyncUtils.asyncFx(() -> table.getItems().size() == 1 && table.getItems().get(0).equals(target)).get());
        assertEquals("1 of " + String.format("%,d", before + TXS), WaitForAsyncUtils.asyncFx(() -> lookup("#activity-count").queryAs(Label.class).getText()).get());
        interact(() -> lookup("#activity-search").queryAs(TextField.class).setText(""));
        waitUntil(WAIT, () -> WaitForAsyncUtils.asyncFx(() -> table.getItems().size() == before + TXS).get());

        // a new block: listsinceblock, and the history is not read again. The calls asked up to now are answered first:
        // one asked before the block and answered after it would bring the payment in, counted before it (a stress
        // round saw the history grow with no listsinceblock after sinceCalls)
        long sinceCalls = backend.client().rpcCount("listsinceblock");
        waitUntil(WAIT, () -> backend.client().answered("listsinceblock") >= sinceCalls);
        backend.node().payWallet("demo", 1, 1, 2);
        waitUntil(SIZE_WAIT, () -> WaitForAsyncUtils.asyncFx(() -> vm.historySizeProperty().get() == before + TXS + 1).get());
        assertTrue(backend.client().rpcCount("listsinceblock") > sinceCalls);
        assertEquals(reads, backend.client().rpcCount("listtransactions"));

        Path csv = tmp.resolve("demo activity.csv");
        Path written = WaitForAsyncUtils.asyncFx(() -> vm.exportCsv(csv)).get().get(SIZE_WAIT, TimeUnit.SECONDS);
        assertEquals(before + TXS + 2, Files.readAllLines(written).size(), "the header and every row");
        waitUntil(WAIT, () -> WaitForAsyncUtils.asyncFx(() -> vm.noticeProperty().get()).get().contains(csv.toAbsolutePath().toString()));
    }
}
