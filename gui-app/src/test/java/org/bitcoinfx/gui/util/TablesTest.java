package org.bitcoinfx.gui.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.collections.FXCollections;
import javafx.scene.Scene;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** {@link Tables}' text cells: a cell too narrow for its text shows it cut and holds the whole text in a tooltip. */
class TablesTest {
    private static final String LONG = "BlockTemplate.getCoinbaseMerklePath (a call name longer than its column)";

    private record Row(String name, long sat) {
    }

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    /** What each cell of {@code column} shows after a layout: "text | shown | tooltip or null". */
    private static List<String> cells(TableView<Row> table, TableColumn<Row, ?> column) {
        for (int pass = 0; pass < 2; pass++) { // the first pass makes the rows' cells, the second lays them out
            table.applyCss();
            table.layout();
        }
        List<String> out = new ArrayList<>();
        for (var n : table.lookupAll(".table-cell")) {
            if (n instanceof TableCell<?, ?> c && c.getTableColumn() == column && c.getText() != null) {
                out.add(c.getText() + " | " + Tables.shownText(c) + " | " + (c.getTooltip() == null ? null : c.getTooltip().getText()));
            }
        }
        return out;
    }

    @Test
    void aCutCellHoldsItsWholeTextInATooltipAndAWholeOneHasNone() throws Exception {
        TableView<Row> table = new TableView<>(FXCollections.observableArrayList(new Row(LONG, 12_345), new Row("short", 7)));
        TableColumn<Row, String> name = Tables.col("Call", 90, Row::name);
        TableColumn<Row, Long> sat = Tables.sortable("Amount", 200, Row::sat, v -> v + " sat", true, true);
        table.getColumns().add(name);
        table.getColumns().add(sat);
        List<List<String>> seen = WaitForAsyncUtils.asyncFx(() -> {
            Stage stage = new Stage();
            stage.setScene(new Scene(table, 800, 200));
            stage.show();
            List<List<String>> r = List.of(cells(table, name), cells(table, sat));
            name.setPrefWidth(700);
            sat.setPrefWidth(20);
            List<List<String>> after = List.of(cells(table, name), cells(table, sat));
            stage.hide();
            return List.of(r.get(0), r.get(1), after.get(0), after.get(1));
        }).get(30, TimeUnit.SECONDS);

        List<String> narrow = seen.get(0);
        assertEquals(2, narrow.size(), narrow::toString);
        String[] cut = narrow.get(0).split(" \\| ");
        assertEquals(LONG, cut[0]);
        assertNotEquals(LONG, cut[1], "the column is narrower than the text: " + narrow);
        assertTrue(cut[1].endsWith("…") || cut[1].endsWith("..."), cut[1]);
        assertEquals(LONG, cut[2], "the cut cell's tooltip holds the whole text");
        assertEquals("short | short | null", narrow.get(1), "a whole text has no tooltip");
        assertEquals(List.of("12345 sat | 12345 sat | null", "7 sat | 7 sat | null"), seen.get(1), "the sortable column's format");

        assertEquals(LONG + " | " + LONG + " | null", seen.get(2).get(0), "widened, the text is whole and the tooltip gone");
        String[] satCut = seen.get(3).get(0).split(" \\| ");
        assertEquals("12345 sat", satCut[2], "a cut sortable cell: " + seen.get(3));
    }
}
