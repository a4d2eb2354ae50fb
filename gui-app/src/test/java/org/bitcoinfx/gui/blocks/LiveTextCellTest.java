package org.bitcoinfx.gui.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * {@link LiveTextCell}: the live row shows the live tip's text, and a new tip changes that text without asking
 * its row to lay out again (which made every tip of a sync lay out every row of the table).
 */
class LiveTextCellTest {
    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    private final SimpleStringProperty liveText = new SimpleStringProperty("2,479");
    private TableView<BlockRow> table;
    /** Rows given their index again: each layout of the table's flow that is not cut short gives every row its index. */
    private final java.util.concurrent.atomic.AtomicInteger rowUpdates = new java.util.concurrent.atomic.AtomicInteger();

    private void show(ObservableList<BlockRow> rows) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            table = new TableView<>(rows);
            table.setFixedCellSize(28);
            TableColumn<BlockRow, String> height = new TableColumn<>("Height");
            height.setPrefWidth(120);
            height.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue() == BlocksModel.LIVE ? null : Integer.toString(cd.getValue().height())));
            height.setCellFactory(tc -> new LiveTextCell(liveText, true, false));
            table.getColumns().add(height);
            table.setRowFactory(tv -> new TableRow<>() {
                @Override
                public void updateIndex(int i) {
                    rowUpdates.incrementAndGet();
                    super.updateIndex(i);
                }
            });
            Stage stage = new Stage();
            stage.setScene(new Scene(table, 300, 300));
            stage.show();
        }).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private LiveTextCell cell(int index) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> table.lookupAll(".table-cell").stream()
                .map(n -> (LiveTextCell) n)
                .filter(c -> c.getIndex() == index && !c.isEmpty())
                .findFirst().orElseThrow()).get(10, TimeUnit.SECONDS);
    }

    /** The text the label's skin draws (its text node), which a label's text property runs ahead of until a layout. */
    private static String shown(Label label) {
        return ((javafx.scene.text.Text) label.lookup(".text")).getText();
    }

    @Test
    void theLiveRowShowsTheLiveTextAndANewTipLaysOutOnlyItsLabel() throws Exception {
        ObservableList<BlockRow> rows = FXCollections.observableArrayList(BlocksModel.LIVE, BlockRow.pending(2470, ""), BlockRow.pending(2469, ""));
        show(rows);
        LiveTextCell live = cell(0);
        Label label = live.liveLabel();
        assertEquals(java.util.Arrays.asList(null, "2,479"), WaitForAsyncUtils.asyncFx(() -> java.util.Arrays.asList(live.getText(), shown(label))).get());
        assertTrue(WaitForAsyncUtils.asyncFx(() -> label.getWidth() > 50 && label.isVisible() && label.getScene() != null).get(),
                "the label fills the cell and is in the scene");
        assertEquals("2470", WaitForAsyncUtils.asyncFx(() -> cell(1).getText()).get().toString());

        // a new tip: the label's text changes and its row is not asked to lay out. The table's flow, asked to lay
        // out by any change of its cells' bounds, lays out its rows only when one of them is (the control case
        // below: the same change as the cell's own text)
        List<Boolean> dirty = WaitForAsyncUtils.asyncFx(() -> {
            TableRow<?> row = live.getTableRow();
            boolean before = row.isNeedsLayout();
            liveText.set("2,511");
            return List.of(before, row.isNeedsLayout());
        }).get(10, TimeUnit.SECONDS);
        assertEquals(List.of(false, false), dirty, "the live row asked to lay out, before and after the tip");
        boolean control = WaitForAsyncUtils.asyncFx(() -> {
            live.setText("x");
            return live.getTableRow().isNeedsLayout();
        }).get(10, TimeUnit.SECONDS);
        assertTrue(control, "a cell's own text change lays out its row");
        WaitForAsyncUtils.asyncFx(() -> live.setText(null)).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("2,511", WaitForAsyncUtils.asyncFx(() -> shown(label)).get(), "the text drawn, after the next pulse");
        rowUpdates.set(0);
        for (int tip = 2512; tip < 2520; tip++) {
            String text = "2," + tip;
            WaitForAsyncUtils.asyncFx(() -> liveText.set(text)).get(10, TimeUnit.SECONDS);
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals(text, WaitForAsyncUtils.asyncFx(() -> shown(label)).get(), "each tip drawn");
        }
        assertEquals(0, rowUpdates.get(), "eight tips: no row given its index again (the flow's layout is cut short)");
        // the control case: the same changes as the cell's own text lay the flow out, every row again each time
        for (int k = 0; k < 8; k++) {
            String text = "c" + k;
            WaitForAsyncUtils.asyncFx(() -> live.setText(text)).get(10, TimeUnit.SECONDS);
            WaitForAsyncUtils.waitForFxEvents();
        }
        assertTrue(rowUpdates.get() >= 8 * 3, "the cell's own text: every row of three, at each change; was " + rowUpdates.get());
        WaitForAsyncUtils.asyncFx(() -> live.setText(null)).get(10, TimeUnit.SECONDS);

        // the list catches up: row 0 is a block again, shown as the cell's own text
        WaitForAsyncUtils.asyncFx(() -> rows.set(0, BlockRow.pending(2511, ""))).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        LiveTextCell first = cell(0);
        assertEquals("2511", WaitForAsyncUtils.asyncFx(first::getText).get());
        assertFalse(WaitForAsyncUtils.asyncFx(() -> first.getGraphic() != null).get(), "no live label on a block's row");
    }
}
