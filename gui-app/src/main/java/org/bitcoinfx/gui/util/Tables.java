package org.bitcoinfx.gui.util;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;

/** Read-only text columns for the app's tables (Blocks, Peers, Mining, Activity, the IPC inspector…). */
public final class Tables {
    private Tables() {
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
        if (right || mono) {
            c.setCellFactory(tc -> {
                TableCell<T, String> cell = new TableCell<>() {
                    @Override
                    protected void updateItem(String item, boolean empty) {
                        super.updateItem(item, empty);
                        setText(empty ? null : item);
                    }
                };
                if (right) {
                    cell.setAlignment(Pos.CENTER_RIGHT);
                }
                if (mono) {
                    cell.getStyleClass().add("monospace");
                }
                return cell;
            });
        }
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
        c.setCellFactory(tc -> {
            TableCell<T, V> cell = new TableCell<>() {
                @Override
                protected void updateItem(V item, boolean empty) {
                    super.updateItem(item, empty);
                    setText(empty || item == null ? null : format.apply(item));
                }
            };
            if (right) {
                cell.setAlignment(Pos.CENTER_RIGHT);
            }
            if (mono) {
                cell.getStyleClass().add("monospace");
            }
            return cell;
        });
        return c;
    }
}
