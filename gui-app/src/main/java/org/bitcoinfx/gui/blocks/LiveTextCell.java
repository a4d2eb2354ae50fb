package org.bitcoinfx.gui.blocks;

import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;

/**
 * A text cell of the Blocks table whose row may be {@link BlocksModel#LIVE}: there it shows
 * {@code liveText} (the column's text of {@link BlocksModel#liveTipProperty()}) in a label the cell
 * does not lay out. During a sync that text changes with every tip the page is told of, about ten times a
 * second. A cell's own text change asks its row to lay out, and a table's flow that finds a row asking lays
 * out all its rows again (each given its index, cells and CSS anew). The unmanaged label is its own layout
 * root: its row never asks, and the flow's layout stops at its first check. The label fills the cell's
 * content area, so a longer text needs no new layout of the cell. (It sits in a managed pane, the cell's
 * graphic: a cell's skin leaves out an unmanaged graphic.)
 * <p>The cell lays the label out itself when the text changes: a table's flow leaves its cells marked as
 * needing layout between pulses, and the mark an unmanaged node sends up its parents stops at the first one
 * already marked, so the pulse would not reach the label until something else laid the row out.
 */
final class LiveTextCell extends TableCell<BlockRow, String> {
    private final ObservableStringValue liveText;
    private final Label live = new Label();
    private final javafx.scene.layout.Pane holder = new javafx.scene.layout.Pane(live);
    /** While the row is live: a new text, laid out at once (see the class comment). */
    private final javafx.beans.InvalidationListener onLiveText = o -> showLiveText();
    private boolean following;

    /**
     * @param liveText the column's text of the live tip (one binding per column, shared by its cells)
     * @param right    right-aligned (numbers)
     * @param mono     monospace (hashes)
     */
    LiveTextCell(ObservableStringValue liveText, boolean right, boolean mono) {
        this.liveText = liveText;
        live.setManaged(false);
        live.setMinWidth(0);
        holder.setMinSize(0, 0);
        holder.setPrefSize(0, 0);
        live.setAlignment(right ? Pos.CENTER_RIGHT : Pos.CENTER_LEFT);
        if (right) {
            setAlignment(Pos.CENTER_RIGHT);
        }
        if (mono) {
            getStyleClass().add("monospace");
            live.getStyleClass().add("monospace");
        }
    }

    @Override
    protected void updateItem(String item, boolean empty) {
        super.updateItem(item, empty);
        // the table's item at this index (the row's own item may not be updated yet when its cells are)
        int i = getIndex();
        var items = getTableView() == null ? null : getTableView().getItems();
        boolean isLive = !empty && items != null && i >= 0 && i < items.size() && items.get(i) == BlocksModel.LIVE;
        if (isLive) {
            setText(null);
            if (!following) {
                following = true;
                liveText.addListener(onLiveText);
            }
            setGraphic(holder);
            showLiveText();
        } else {
            if (following) {
                following = false;
                liveText.removeListener(onLiveText);
            }
            live.setText(null);
            setGraphic(null);
            setText(empty ? null : item);
        }
    }

    private void showLiveText() {
        live.setText(liveText.get());
        live.layout();
    }

    @Override
    protected void layoutChildren() {
        super.layoutChildren();
        if (getGraphic() == holder) {
            double left = snappedLeftInset();
            double top = snappedTopInset();
            double w = Math.max(0, getWidth() - left - snappedRightInset());
            double h = Math.max(0, getHeight() - top - snappedBottomInset());
            holder.resizeRelocate(left, top, w, h);
            live.resizeRelocate(0, 0, w, h);
        }
    }

    /** @return the label that shows the live tip's text (the cell's graphic while its row is live); for tests */
    Label liveLabel() {
        return live;
    }
}
