package org.bitcoinfx.gui.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Scene;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * {@link WaitingRows}: before the model has rows, the Blocks table shows waiting rows, so its rows are built
 * then; the first tip's rows go into those rows (none is made), and an empty model (a new connection) shows the
 * waiting rows again.
 */
class WaitingRowsTest {
    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    private final AtomicInteger rowsMade = new AtomicInteger();
    private TableView<BlockRow> table;
    private ReadOnlyBooleanProperty waiting;

    private void show(ObservableList<BlockRow> rows) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            table = new TableView<>();
            table.setFixedCellSize(28);
            waiting = WaitingRows.attach(table, rows);
            TableColumn<BlockRow, String> height = new TableColumn<>("Height");
            height.setPrefWidth(120);
            height.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(
                    cd.getValue() == WaitingRows.ROW ? "…" : Integer.toString(cd.getValue().height())));
            table.getColumns().add(height);
            table.setRowFactory(tv -> {
                rowsMade.incrementAndGet();
                return new TableRow<>();
            });
            Stage stage = new Stage();
            stage.setScene(new Scene(table, 300, 300));
            stage.show();
        }).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The texts of the non-empty cells, top to bottom. */
    @SuppressWarnings("unchecked")
    private List<String> shown() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> table.lookupAll(".table-cell").stream()
                .map(n -> (TableCell<BlockRow, String>) n)
                .filter(c -> !c.isEmpty() && c.isVisible() && c.getTableRow() != null && c.getTableRow().isVisible())
                .sorted(java.util.Comparator.comparingInt(TableCell::getIndex))
                .map(TableCell::getText)
                .toList()).get(10, TimeUnit.SECONDS);
    }

    @Test
    void rowsAreBuiltWhileWaitingAndTheFirstTipReusesThem() throws Exception {
        ObservableList<BlockRow> rows = FXCollections.observableArrayList();
        show(rows);
        assertTrue(waiting.get());
        assertEquals(WaitingRows.COUNT, table.getItems().size());
        List<String> before = shown();
        // a 300 px table of 28 px rows shows 9 or 10 of them (the header takes one), all "…"
        assertTrue(before.size() >= 8, "waiting rows shown: " + before);
        assertTrue(before.stream().allMatch("…"::equals), before.toString());
        int made = rowsMade.get();
        assertTrue(made >= before.size(), "rows built while waiting: " + made);

        // the first tip: 3 rows in the rows already built
        WaitForAsyncUtils.asyncFx(() -> rows.setAll(BlockRow.pending(2, "aa"), BlockRow.pending(1, ""), BlockRow.pending(0, ""))).get();
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(waiting.get());
        assertSame(rows, table.getItems());
        assertEquals(List.of("2", "1", "0"), shown());
        assertEquals(made, rowsMade.get(), "no row made for the tip's rows");

        // a new connection forgets the rows: waiting again, still in the same rows
        WaitForAsyncUtils.asyncFx(rows::clear).get();
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(waiting.get());
        assertEquals(WaitingRows.COUNT, table.getItems().size());
        assertEquals(before, shown());
        assertEquals(made, rowsMade.get());
    }

    @Test
    void aModelWithRowsIsShownAtOnce() throws Exception {
        ObservableList<BlockRow> rows = FXCollections.observableArrayList(BlockRow.pending(0, ""));
        show(rows);
        assertFalse(waiting.get());
        assertSame(rows, table.getItems());
        assertEquals(List.of("0"), shown());
    }
}
