package org.bitcoinfx.gui.util;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.control.skin.TableColumnHeader;
import javafx.scene.text.Text;

/** Read-only text columns for the app's tables (Blocks, Peers, Mining, Activity, the IPC inspector…). */
public final class Tables {
    private Tables() {
    }

    /**
     * Keeps every column header of {@code table} whole: once the table's skin is made (its headers styled), each
     * column's minimum width becomes its header's width, so that a constrained resize policy shrinking the columns to
     * the table's width stops before a header reads "Receiv…" or "Sig…" (a narrower table scrolls instead). Returns
     * {@code table}. Use on the JavaFX Application Thread, before the table is shown.
     */
    public static <T> TableView<T> wholeHeaders(TableView<T> table) {
        table.skinProperty().addListener((o, old, skin) -> {
            if (skin != null) {
                javafx.application.Platform.runLater(() -> fitHeaders(table));
            }
        });
        return table;
    }

    private static void fitHeaders(TableView<?> table) {
        table.applyCss();
        for (Node n : table.lookupAll(".column-header")) {
            if (n instanceof TableColumnHeader h && h.getTableColumn() != null && h.lookup(".label") instanceof Label l) {
                // the label's text (and sort arrow) and the header's padding, rounded up; 2 px for the column's border
                double w = Math.ceil(l.prefWidth(-1) + h.snappedLeftInset() + h.snappedRightInset()) + 2;
                if (h.getTableColumn().getMinWidth() < w) {
                    h.getTableColumn().setMinWidth(w);
                }
            }
        }
    }

    /** A left-aligned, unsortable text column. */
    public static <T> TableColumn<T, String> col(String name, double width, Function<T, String> text) {
        return col(name, width, text, false, false);
    }

    /** An unsortable text column, right-aligned (numbers) when {@code right}. */
    public static <T> TableColumn<T, String> col(String name, double width, Function<T, String> text, boolean right) {
        return col(name, width, text, right, false);
    }

    /**
     * An unsortable text column.
     *
     * @param name  the header
     * @param width the preferred width, px
     * @param text  the cell text of a row
     * @param right right-aligned (numbers)
     * @param mono  monospace (hashes, amounts)
     */
    public static <T> TableColumn<T, String> col(String name, double width, Function<T, String> text, boolean right, boolean mono) {
        TableColumn<T, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setSortable(false);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(text.apply(cd.getValue())));
        c.setCellFactory(tc -> new TextCell<>(Function.identity(), right, mono));
        return c;
    }

    /**
     * A sortable column over a value of the row ({@code key}, compared by its natural order), shown as
     * {@code format} says: sorting by a number never sorts its formatted text.
     *
     * @param name   the header
     * @param width  the preferred width, px
     * @param key    the value of a row, compared when the column sorts
     * @param format the cell text of a value
     * @param right  right-aligned (numbers)
     * @param mono   monospace (hashes, amounts)
     */
    public static <T, V extends Comparable<? super V>> TableColumn<T, V> sortable(String name, double width, Function<T, V> key,
                                                                                Function<V, String> format, boolean right, boolean mono) {
        TableColumn<T, V> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setSortable(true);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(key.apply(cd.getValue())));
        c.setCellFactory(tc -> new TextCell<>(format, right, mono));
        return c;
    }

    /**
     * A cell showing its value's text; when the column is too narrow for it (the text shown ends in "…"), a tooltip
     * holds the whole text, so that a long call name, label or hash can still be read without widening the column.
     */
    static final class TextCell<T, V> extends TableCell<T, V> {
        private final Function<V, String> format;
        private Tooltip whole; // made when first needed: most cells are never cut

        TextCell(Function<V, String> format, boolean right, boolean mono) {
            this.format = format;
            if (right) {
                setAlignment(Pos.CENTER_RIGHT);
            }
            if (mono) {
                getStyleClass().add("monospace");
            }
        }

        @Override
        protected void updateItem(V item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : format.apply(item));
        }

        @Override
        protected void layoutChildren() {
            super.layoutChildren();
            String text = getText();
            String shown = shownText(this);
            if (text != null && !text.isEmpty() && shown != null && !shown.equals(text)) {
                if (whole == null) {
                    whole = new Tooltip();
                }
                whole.setText(text);
                if (getTooltip() != whole) {
                    setTooltip(whole);
                }
            } else if (getTooltip() != null) {
                setTooltip(null);
            }
        }
    }

    /**
     * The text {@code labeled} shows after its last layout: its skin's text node (not a graphic, though an icon is a
     * Text too), which ends in an ellipsis when the control is too narrow ("Rpc.execu…"); null before its skin is made.
     * On the JavaFX thread.
     */
    public static String shownText(Labeled labeled) {
        for (Node c : labeled.getChildrenUnmodifiable()) {
            if (c instanceof Text t && t.getStyleClass().contains("text")) {
                return t.getText();
            }
        }
        return null;
    }
}
