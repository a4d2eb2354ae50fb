package org.bitcoinfx.gui.blocks;

import org.bitcoinfx.gui.util.Tables;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.beans.value.ChangeListener;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.gui.node.NodeSession;
import org.bitcoinfx.gui.shell.AppContext;
import org.bitcoinfx.gui.util.Coalescer;
import org.bitcoinfx.ipc.BlockRef;
import org.bitcoinfx.gui.shell.Page;
import org.bitcoinfx.gui.util.Units;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;

/**
 * The Blocks page: the latest blocks, a row prepended as each tip arrives (push, no polling). It fetches
 * only while it is shown (the {@link Page} contract): a tip or a new connection that comes while it is
 * hidden marks it behind, and showing it again fetches the rows below the tip at that moment (one batch,
 * see {@link BlocksModel#onTip}). During a sync, when tips come by the hundred per second, a hidden Blocks
 * page costs the node nothing (the sync bench, {@code SyncBench}, measured a hidden page's fetches at
 * about a third more node CPU).
 */
public final class BlocksPage implements Page {
    private final BlocksModel model = new BlocksModel();
    /** Built on the first {@link #view()}. */
    private Node view;
    private final NodeSession session;
    private final ChangeListener<BlockRef> tipListener;
    private final ChangeListener<ConnectionScope> scopeListener;
    private boolean showing;
    /** A tip or a new connection came while the page was hidden (or it was never shown): fetch when shown. */
    private boolean behind = true;

    /** @param ctx the app */
    public BlocksPage(AppContext ctx) {
        this.session = ctx.session();
        // during IBD tips come by the hundred per second: take the latest at most every 250 ms
        Coalescer onTip = new Coalescer(250, () -> tip(session.scopeProperty().get()));
        tipListener = (o, a, tip) -> {
            if (tip != null) {
                if (showing) {
                    onTip.trigger();
                } else {
                    behind = true;
                }
            }
        };
        scopeListener = (o, a, sc) -> {
            if (sc != null) {
                model.clear();
                if (showing) {
                    tip(sc);
                } else {
                    behind = true;
                }
            }
        };
        session.tipWatcher().tipProperty().addListener(tipListener);
        session.scopeProperty().addListener(scopeListener);
    }

    private void tip(ConnectionScope sc) {
        var t = session.tipWatcher().tipProperty().get();
        if (sc != null && t != null) {
            model.onTip(BlocksService.of(sc), sc, t);
        }
    }

    @Override
    public void dispose() {
        session.tipWatcher().tipProperty().removeListener(tipListener);
        session.scopeProperty().removeListener(scopeListener);
    }

    /** @return the model (for tests) */
    public BlocksModel model() {
        return model;
    }

    @Override
    public String title() {
        return "Blocks";
    }

    @Override
    public Ikon icon() {
        return Feather.BOX;
    }

    @Override
    public Node view() {
        if (view == null) {
            view = build();
        }
        return view;
    }

    @Override
    public void setShowing(boolean showing) {
        this.showing = showing;
        if (showing && behind) {
            behind = false;
            tip(session.scopeProperty().get());
        }
        if (showing && table != null) {
            // rows that arrived while the page was hidden were sized before the page had its CSS:
            // once it has (the next pulse), size them again
            var scene = table.getScene();
            if (scene != null) {
                Runnable[] once = new Runnable[1];
                once[0] = () -> {
                    scene.removePostLayoutPulseListener(once[0]);
                    table.refresh();
                };
                scene.addPostLayoutPulseListener(once[0]);
            }
        }
    }

    private TableView<BlockRow> table;

    private Node build() {
        TableView<BlockRow> table = new TableView<>(model.rows());
        this.table = table;
        table.setId("blocks-table");
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.getColumns().add(Tables.col("Height", 70, r -> Units.number(r.height()), true, false));
        table.getColumns().add(Tables.col("Hash", 180, r -> Units.shortHash(r.hash(), 10, 6), false, true));
        // a pending row (new tip, getblock under way) shows "…" until its details arrive
        table.getColumns().add(Tables.col("Time", 150, r -> r.pending() ? "…" : Units.localDateTimeShort(r.time()), false, false));
        table.getColumns().add(Tables.col("Transactions", 118, r -> r.pending() ? "…" : Units.number(r.txCount()), true, false));
        table.getColumns().add(Tables.col("Size", 90, r -> r.pending() ? "…" : Units.bytes(r.size()), true, false));
        table.getColumns().add(Tables.col("Weight", 135, r -> r.pending() ? "…" : Units.weight(r.weight()), true, false));
        table.getColumns().add(Tables.col("Fees", 150, r -> r.pending() ? "…" : r.totalFee() < 0 ? "–" : Units.sat(r.totalFee()), true, false));
        table.setPlaceholder(new Label("Waiting for the node's tip…"));
        table.setRowFactory(tv -> {
            TableRow<BlockRow> row = new TableRow<>();
            MenuItem copy = new MenuItem("Copy block hash");
            copy.setOnAction(e -> {
                ClipboardContent cc = new ClipboardContent();
                cc.putString(row.getItem().hash());
                Clipboard.getSystemClipboard().setContent(cc);
            });
            row.contextMenuProperty().bind(javafx.beans.binding.Bindings.when(row.emptyProperty())
                    .then((ContextMenu) null).otherwise(new ContextMenu(copy)));
            return row;
        });
        Label hint = new Label("New blocks appear at the top as the node's tip changes (Mining.waitTipChanged).");
        hint.getStyleClass().add(Styles.TEXT_MUTED);
        VBox box = new VBox(10, hint, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        box.setPadding(new Insets(16, 20, 20, 20));
        return box;
    }

}
