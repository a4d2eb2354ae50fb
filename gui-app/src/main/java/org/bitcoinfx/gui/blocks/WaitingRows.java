package org.bitcoinfx.gui.blocks;

import java.util.Collections;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.TableView;

/**
 * The Blocks table's items: the model's rows ({@link BlocksModel#rows()}), or, while they are empty (before the
 * node's first tip, and again after a new connection until its tip), {@value #COUNT} waiting rows, each
 * {@link #ROW}, which the table shows as "…" (a skeleton of the rows to come).
 * <p>Why: a table builds its rows (a {@code TableRow} and a cell for each column, with their skins and CSS)
 * only once it has items, and a JVM that has not drawn a table yet takes 150–200 ms for that first build (the sync
 * bench, {@code SyncBench}, in a fresh JVM: the pulse after the node became ready). Without waiting rows that pulse
 * fell at the start of a sync, when the first tip came. With them the table builds its rows, and lays out their
 * text, when the page is first shown; the tip's rows then go into rows already built (a test counts the rows
 * made). Use on the JavaFX Application Thread.
 */
final class WaitingRows {
    /** A waiting row (height -1: no block; {@link BlockRow#pending()}). Compare by identity. */
    static final BlockRow ROW = BlockRow.pending(-1, "");
    /**
     * Waiting rows: about what the app's window shows at its usual size (28 px each), so there is no scroll bar; a
     * taller table fills the rest with empty rows, which it builds at the same time.
     */
    static final int COUNT = 18;

    private final ObservableList<BlockRow> waiting =
            FXCollections.unmodifiableObservableList(FXCollections.observableArrayList(Collections.nCopies(COUNT, ROW)));
    private final ReadOnlyBooleanWrapper showing = new ReadOnlyBooleanWrapper(this, "showing");

    private WaitingRows() {
    }

    /**
     * Gives {@code table} {@code rows}, or the waiting rows while {@code rows} is empty, now and whenever
     * {@code rows} changes.
     *
     * @return true while the table shows the waiting rows
     */
    static ReadOnlyBooleanProperty attach(TableView<BlockRow> table, ObservableList<BlockRow> rows) {
        WaitingRows w = new WaitingRows();
        Runnable update = () -> {
            boolean empty = rows.isEmpty();
            ObservableList<BlockRow> items = empty ? w.waiting : rows;
            if (table.getItems() != items) {
                table.setItems(items);
            }
            w.showing.set(empty);
        };
        rows.addListener((ListChangeListener<BlockRow>) c -> update.run());
        update.run();
        return w.showing.getReadOnlyProperty();
    }
}
