package org.bitcoinfx.gui.blocks;

import org.bitcoinfx.gui.util.Tables;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import org.kordamp.ikonli.javafx.FontIcon;
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
 * The Blocks page: every block of the chain, newest first, in a table over heights tip…0 whose rows fetch
 * their details as they come into view ({@link BlocksModel#want}, in batches; a placeholder "…" until then),
 * the tip's row shown as each tip arrives (push, no polling; during a sync, when tips come by the hundred per
 * second, row 0 follows the tip live and the rows below catch up each second: {@link BlocksModel}), and a block found by height or hash
 * ({@link BlocksModel#find}) shown above them, the table scrolled to its row. A block whose data the node pruned
 * shows its header's fields and "pruned" where size, weight and fees would be. It fetches only while it is
 * shown (the {@link Page} contract): a tip or a new connection that comes while it is hidden marks it
 * behind, and showing it again fetches the rows below the tip at that moment (one batch, see
 * {@link BlocksModel#onTip}). Before the node's tip it shows rows of "…" under a note ({@link WaitingRows}: the
 * table's rows are built when the page is shown). During a sync, when tips come by the hundred per second, a hidden Blocks page
 * costs the node nothing (the sync bench, {@code SyncBench}, measured a hidden page's fetches at about a
 * third more node CPU).
 */
public final class BlocksPage implements Page {
    /** On the table row that is {@link BlocksModel#LIVE}. */
    private static final javafx.css.PseudoClass LIVE_ROW = javafx.css.PseudoClass.getPseudoClass("live");
    /** On a table row that is a {@link WaitingRows#ROW}. */
    private static final javafx.css.PseudoClass WAITING_ROW = javafx.css.PseudoClass.getPseudoClass("waiting");
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
        // during IBD tips come by the hundred per second, and the tip watcher learns about ten a second
        // (TipWatcher.PACE): each shows at once (row 0's live text, LiveTextCell, drawn at the next pulse); the list
        // catches up every SYNC_CATCH_UP_MS and the top's details come once tips stop (each costs the node three calls
        // a row; while tips come that fast BlocksModel.fetchTop only catches the list up)
        Coalescer catchUpOnTip = new Coalescer(BlocksModel.DETAILS_GAP_MS, model::fetchTop);
        // once tips stop, the rows in view during the sync are fetched
        javafx.animation.PauseTransition settle = new javafx.animation.PauseTransition(javafx.util.Duration.millis(BlocksModel.DETAILS_GAP_MS));
        settle.setOnFinished(e -> {
            if (showing) {
                model.settle();
            }
        });
        tipListener = (o, a, tip) -> {
            if (tip != null) {
                if (showing) {
                    showTip(session.scopeProperty().get());
                    catchUpOnTip.trigger();
                    settle.playFromStart();
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

    private void showTip(ConnectionScope sc) {
        var t = session.tipWatcher().tipProperty().get();
        if (sc != null && t != null) {
            model.showTip(BlocksService.of(sc), sc, t);
        }
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

    /** What a pruned block shows where its data would be. */
    static final String PRUNED = "pruned";

    /** Finds block {@code query} (a height or a hash) as the find field does, and shows it in the field. */
    public void find(String query) {
        view();
        if (findField != null) {
            findField.setText(query);
        }
        ConnectionScope sc = session.scopeProperty().get();
        if (sc != null && query != null && !query.isBlank()) {
            model.find(BlocksService.of(sc), sc, query);
        }
    }

    private TextField findField;

    /** The find field: a height or a hash, Enter or "Find". */
    private Node findBar() {
        TextField query = new TextField();
        query.setId("block-find");
        findField = query;
        query.setPromptText("Block height or hash");
        query.setPrefColumnCount(40);
        Button go = new Button("Find", new FontIcon(Feather.SEARCH));
        go.setId("block-find-button");
        Runnable find = () -> {
            ConnectionScope sc = session.scopeProperty().get();
            if (sc != null && !query.getText().isBlank()) {
                model.find(BlocksService.of(sc), sc, query.getText());
            }
        };
        query.setOnAction(e -> find.run());
        go.setOnAction(e -> find.run());
        go.disableProperty().bind(model.findingProperty().or(query.textProperty().isEmpty())
                .or(session.scopeProperty().isNull()));
        HBox bar = new HBox(8, query, go);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    /** The block found, or why not; hidden before a find. */
    private Node foundCard() {
        Label title = new Label();
        title.setId("block-found-title");
        title.getStyleClass().add(Styles.TITLE_4);
        Label state = new Label();
        state.setId("block-found-state");
        Label hash = new Label();
        hash.setId("block-found-hash");
        hash.getStyleClass().addAll("monospace", Styles.TEXT_SMALL);
        Label fields = new Label();
        fields.setId("block-found-fields");
        fields.getStyleClass().add(Styles.TEXT_MUTED);
        fields.setWrapText(true);
        VBox card = new VBox(4, title, state, hash, fields);
        card.setId("block-found");
        card.getStyleClass().add("card");
        card.setPadding(new Insets(12, 16, 12, 16));
        Runnable text = () -> {
            BlockRow r = model.foundProperty().get();
            String error = model.findErrorProperty().get();
            boolean show = r != null || !error.isEmpty();
            card.setVisible(show);
            card.setManaged(show);
            state.getStyleClass().removeAll(Styles.DANGER, Styles.WARNING, Styles.SUCCESS);
            if (r == null) {
                title.setText("Block not found");
                state.setText(error);
                state.getStyleClass().add(Styles.DANGER);
                hash.setText("");
                fields.setText("");
                return;
            }
            title.setText("Block " + Units.number(r.height()));
            hash.setText(r.hash());
            String common = Units.localDateTime(r.time()) + " · " + Units.number(r.txCount()) + " transactions";
            if (r.pruned()) {
                state.setText("Pruned: this node deleted the block's data; its header is kept");
                state.getStyleClass().add(Styles.WARNING);
                fields.setText(common + " · size, weight and fees " + PRUNED);
            } else {
                state.setText("Stored on this node");
                state.getStyleClass().add(Styles.SUCCESS);
                fields.setText(common + " · " + Units.bytes(r.size()) + " · " + Units.weight(r.weight())
                        + " · fees " + (r.totalFee() < 0 ? "–" : Units.sat(r.totalFee())));
            }
        };
        model.foundProperty().addListener(o -> text.run());
        model.findErrorProperty().addListener(o -> text.run());
        text.run();
        return card;
    }

    /**
     * A text column ({@link Tables#col}) whose row 0, while it is {@link BlocksModel#LIVE}, follows
     * {@link BlocksModel#liveTipProperty()} ({@link LiveTextCell}): the tip's row changes without a change of the
     * table's items, and without a layout of the table.
     */
    private javafx.scene.control.TableColumn<BlockRow, String> col(String name, double width, java.util.function.Function<BlockRow, String> text,
                                                                    boolean right, boolean mono) {
        // Tables.col's name, width and sorting; the cells (alignment, monospace, the live row) are LiveTextCell's
        javafx.scene.control.TableColumn<BlockRow, String> c = Tables.col(name, width, text);
        javafx.beans.binding.StringBinding liveText = javafx.beans.binding.Bindings.createStringBinding(() -> {
            BlockRow t = model.liveTipProperty().get();
            return t == null ? "" : text.apply(t);
        }, model.liveTipProperty());
        c.setCellValueFactory(cd -> new javafx.beans.property.ReadOnlyObjectWrapper<>(
                cd.getValue() == BlocksModel.LIVE ? null : cd.getValue() == WaitingRows.ROW ? "…" : text.apply(cd.getValue())));
        c.setCellFactory(tc -> new LiveTextCell(liveText, right, mono));
        return c;
    }

    private Node build() {
        TableView<BlockRow> table = Tables.wholeHeaders(new TableView<>());
        this.table = table;
        // before a tip: rows of "…" (WaitingRows), so the table's rows are built when the page is shown, not at a sync's start
        var waiting = WaitingRows.attach(table, model.rows());
        table.setId("blocks-table");
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        // one row height: the table lays rows out without measuring them (cheaper at every tip), and only the
        // rows in view are given items (a measuring cell would ask for rows out of view: BlocksModel#want)
        table.setFixedCellSize(28);
        table.getColumns().add(col("Height", 70, r -> Units.number(r.height()), true, false));
        table.getColumns().add(col("Hash", 180, r -> r.hash().isEmpty() ? "…" : Units.shortHash(r.hash(), 10, 6), false, true));
        // a pending row (new tip, getblock under way) shows "…" until its details arrive
        table.getColumns().add(col("Time", 150, r -> r.pending() ? "…" : Units.localDateTimeShort(r.time()), false, false));
        table.getColumns().add(col("Transactions", 118, r -> r.pending() ? "…" : Units.number(r.txCount()), true, false));
        table.getColumns().add(col("Size", 90, r -> r.pending() ? "…" : r.pruned() ? PRUNED : Units.bytes(r.size()), true, false));
        table.getColumns().add(col("Weight", 135, r -> r.pending() ? "…" : r.pruned() ? PRUNED : Units.weight(r.weight()), true, false));
        table.getColumns().add(col("Fees", 150, r -> r.pending() ? "…" : r.pruned() ? PRUNED : r.totalFee() < 0 ? "–"
                : Units.sat(r.totalFee()), true, false));
        // over the waiting rows (the table is never empty: WaitingRows)
        Label waitingText = new Label("Waiting for the node's tip…");
        waitingText.setId("blocks-waiting");
        waitingText.getStyleClass().add("blocks-waiting");
        waitingText.setMouseTransparent(true);
        waitingText.visibleProperty().bind(waiting);
        table.setRowFactory(tv -> {
            TableRow<BlockRow> row = new TableRow<>() {
                @Override
                protected void updateItem(BlockRow item, boolean empty) {
                    super.updateItem(item, empty);
                    // the tip's row while the rows below catch up: marked (app.css), so the gap under it reads as one
                    pseudoClassStateChanged(LIVE_ROW, !empty && item == BlocksModel.LIVE);
                    pseudoClassStateChanged(WAITING_ROW, !empty && item == WaitingRows.ROW);
                    // a placeholder row in view asks for its details (the model fetches its batch)
                    if (!empty && item != null && item.pending() && showing) {
                        model.want(item.height());
                    }
                }
            };
            MenuItem copy = new MenuItem("Copy block hash");
            copy.setOnAction(e -> {
                BlockRow item = row.getItem() == null ? null : model.resolve(row.getItem());
                if (item == null || item.hash().isEmpty()) {
                    return;
                }
                ClipboardContent cc = new ClipboardContent();
                cc.putString(item.hash());
                Clipboard.getSystemClipboard().setContent(cc);
            });
            row.contextMenuProperty().bind(javafx.beans.binding.Bindings.when(row.emptyProperty()
                            .or(row.itemProperty().isEqualTo(WaitingRows.ROW)))
                    .then((ContextMenu) null).otherwise(new ContextMenu(copy)));
            return row;
        });
        // a block found by height or hash: scroll the table to its row and select it
        model.jumpToProperty().addListener((o, a, index) -> {
            int i = index.intValue();
            if (i >= 0 && i < table.getItems().size()) {
                table.getSelectionModel().clearAndSelect(i);
                int top = Math.max(0, i - 2); // two rows of context above it
                table.scrollTo(top);
                // the found card shown at the same time shrinks the table in the next layout: scroll again after it
                var scene = table.getScene();
                if (scene != null) {
                    Runnable[] once = new Runnable[1];
                    once[0] = () -> {
                        scene.removePostLayoutPulseListener(once[0]);
                        if (model.jumpToProperty().get() == i) {
                            table.scrollTo(top);
                        }
                    };
                    scene.addPostLayoutPulseListener(once[0]);
                }
            }
        });
        Label hint = new Label("Every block, newest first; rows load as they come into view. New blocks appear at the top as the node's tip changes "
                + "(Mining.waitTipChanged); during a sync the top row follows the tip, the rows below catch up every few seconds, and their details "
                + "load once blocks stop coming in (asking for them would slow the sync).");
        hint.setWrapText(true);
        hint.getStyleClass().add(Styles.TEXT_MUTED);
        javafx.scene.layout.StackPane tableBox = new javafx.scene.layout.StackPane(table, waitingText);
        VBox box = new VBox(10, findBar(), foundCard(), hint, tableBox);
        VBox.setVgrow(tableBox, Priority.ALWAYS);
        box.setPadding(new Insets(16, 20, 20, 20));
        return box;
    }

}
