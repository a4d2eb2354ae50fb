package org.bitcoinfx.gui.wallet;

import org.bitcoinfx.gui.util.Tables;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import com.fasterxml.jackson.databind.JsonNode;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.bitcoinfx.gui.util.Fx;
import org.bitcoinfx.gui.util.Units;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Activity: the selected wallet's whole history (newest first) in a virtualised table, a search over txid, address,
 * label and amount, CSV export with a progress bar and a cancel, and {@code gettransaction} details of the selected row.
 */
final class ActivityView extends VBox {
    private final GridPane details = Forms.grid();
    private final java.util.function.Consumer<String> openBlock;

    ActivityView(WalletViewModel vm) {
        this(vm, null, hash -> { });
    }

    /**
     * @param bumps     the fee bump flow (Speed up, Cancel, CPFP on unconfirmed rows), or null without it
     * @param openBlock shows a block by hash (the details' link to Blocks)
     */
    ActivityView(WalletViewModel vm, FeeBumpViewModel bumps, java.util.function.Consumer<String> openBlock) {
        super(10);
        this.openBlock = openBlock;
        setPadding(new Insets(14, 0, 0, 0));
        TableView<WalletTx> table = Tables.wholeHeaders(new TableView<>(vm.activity()));
        table.setId("activity-table");
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.getColumns().add(Tables.col("Time", 150, t -> Units.localDateTimeShort(t.time()), false));
        TableColumn<WalletTx, WalletTx> dir = new TableColumn<>("Type");
        dir.setPrefWidth(130);
        dir.setSortable(false);
        dir.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue()));
        dir.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(WalletTx t, boolean empty) {
                super.updateItem(t, empty);
                if (empty || t == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                setGraphic(OverviewView.icon(t));
                setText(t.direction());
            }
        });
        table.getColumns().add(dir);
        table.getColumns().add(Tables.col("Label / address", 235, t -> t.label().isEmpty() ? t.address() : t.label() + " · " + t.address(), false));
        TableColumn<WalletTx, String> amount = Tables.col("Amount", 150, t -> (t.amountSat() > 0 ? "+" : "") + Units.btc(t.amountSat()), true);
        table.getColumns().add(amount);
        table.getColumns().add(Tables.col("Fee", 90, t -> t.feeSat() < 0 ? "" : Units.sat(t.feeSat()), true));
        table.getColumns().add(Tables.col("Confirmations", 135, t -> t.confirmations() == 0 ? "unconfirmed"
                : t.confirmations() < 0 ? "conflicted" : Units.number(t.confirmations()), true));
        table.setPlaceholder(new Label("No transactions yet."));
        table.setRowFactory(tv -> new javafx.scene.control.TableRow<>() {
            @Override
            protected void updateItem(WalletTx t, boolean empty) {
                super.updateItem(t, empty);
                getStyleClass().removeAll("tx-row-out", "tx-row-in");
                if (!empty && t != null) {
                    getStyleClass().add(t.amountSat() < 0 ? "tx-row-out" : "tx-row-in");
                }
            }
        });

        javafx.scene.control.TextField search = new javafx.scene.control.TextField();
        search.setId("activity-search");
        search.setPromptText("Search txid, address, label or amount");
        search.setPrefColumnCount(28);
        search.textProperty().bindBidirectional(vm.searchProperty());
        Label count = new Label();
        count.setId("activity-count");
        count.getStyleClass().add(Styles.TEXT_MUTED);
        count.textProperty().bind(Bindings.createStringBinding(() -> {
            int read = vm.historyReadProperty().get();
            if (read >= 0) {
                return "Reading activity… " + Units.number(read) + " rows";
            }
            int all = vm.historySizeProperty().get();
            int shown = vm.activity().size();
            return shown == all ? Units.number(all) + (all == 1 ? " transaction" : " transactions")
                    : Units.number(shown) + " of " + Units.number(all);
        }, vm.historyReadProperty(), vm.historySizeProperty(), vm.activity()));
        Region g = new Region();
        HBox.setHgrow(g, Priority.ALWAYS);
        Button refresh = new Button("", new FontIcon(Feather.REFRESH_CW));
        refresh.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        refresh.setOnAction(e -> vm.refreshSelected());
        Button export = new Button("Export CSV…", new FontIcon(Feather.DOWNLOAD));
        export.setId("activity-export");
        export.disableProperty().bind(vm.exportingProperty().or(vm.historySizeProperty().isEqualTo(0)));
        export.setOnAction(e -> {
            javafx.stage.FileChooser fc = new javafx.stage.FileChooser();
            fc.setTitle("Export activity as CSV");
            fc.setInitialFileName((vm.selectedProperty().get() == null || vm.selectedProperty().get().isEmpty() ? "wallet"
                    : vm.selectedProperty().get()) + "-activity.csv");
            fc.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("CSV", "*.csv"));
            java.io.File f = fc.showSaveDialog(getScene() == null ? null : getScene().getWindow());
            if (f != null) {
                vm.exportCsv(f.toPath());
            }
        });
        javafx.scene.control.ProgressBar progress = new javafx.scene.control.ProgressBar();
        progress.setId("activity-export-progress");
        progress.setPrefWidth(140);
        progress.progressProperty().bind(vm.exportProgressProperty());
        Button cancel = new Button("Cancel");
        cancel.setId("activity-export-cancel");
        cancel.setOnAction(e -> vm.cancelExport());
        HBox exportBox = new HBox(6, progress, cancel);
        exportBox.setAlignment(Pos.CENTER_LEFT);
        exportBox.visibleProperty().bind(vm.exportingProperty());
        exportBox.managedProperty().bind(vm.exportingProperty());
        HBox pager = new HBox(8, refresh, search, count, g, exportBox, export);
        pager.setAlignment(Pos.CENTER_LEFT);

        // a refresh replaces the rows: keep the selected one selected
        String[] selectedKey = {null};
        table.getSelectionModel().selectedItemProperty().addListener((o, a, t) -> {
            if (t != null) {
                selectedKey[0] = t.key();
            }
        });
        vm.activity().addListener((javafx.collections.ListChangeListener<WalletTx>) c -> {
            if (selectedKey[0] != null && table.getSelectionModel().getSelectedItem() == null) {
                String k = selectedKey[0];
                for (int i = 0; i < vm.activity().size(); i++) {
                    if (vm.activity().get(i).key().equals(k)) {
                        table.getSelectionModel().clearAndSelect(i);
                        break;
                    }
                }
            }
        });

        details.setId("activity-details");
        Label hint = new Label("Select a transaction to see its details (gettransaction).");
        hint.getStyleClass().add(Styles.TEXT_MUTED);
        details.add(hint, 0, 0, 2, 1);
        VBox detailsCard = new VBox(details);
        detailsCard.getStyleClass().add("card");
        detailsCard.setPadding(new Insets(12, 14, 12, 14));
        table.getSelectionModel().selectedItemProperty().addListener((o, a, t) -> {
            if (t != null && (a == null || !a.key().equals(t.key()))) {
                // shown only while its row is still the selected one: an earlier selection's answer may come last
                java.util.function.BooleanSupplier current = () -> {
                    WalletTx now = table.getSelectionModel().getSelectedItem();
                    return now != null && now.key().equals(t.key());
                };
                Fx.deliver(vm.details(t.txid()), d -> {
                    if (current.getAsBoolean()) {
                        showDetails(d);
                    }
                }, e -> {
                    if (current.getAsBoolean()) {
                        details.getChildren().clear();
                        details.add(new Label("gettransaction failed: " + WalletPage.message(e)), 0, 0, 2, 1);
                    }
                });
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);
        getChildren().addAll(pager, table, detailsCard);
        if (bumps != null) {
            addBumps(table, bumps, vm, detailsCard);
        }
    }

    /**
     * Speed up / Cancel (an unconfirmed send) and CPFP (an unconfirmed receive): buttons over the details and the row's
     * context menu, enabled only where they apply; the flow's card replaces the details while it is open.
     */
    private void addBumps(TableView<WalletTx> table, FeeBumpViewModel bumps, WalletViewModel vm, VBox detailsCard) {
        Button speed = new Button(FeeBumpViewModel.Action.SPEED_UP.text, new FontIcon(Feather.FAST_FORWARD));
        speed.setId("activity-speed-up");
        Button cancel = new Button(FeeBumpViewModel.Action.CANCEL.text, new FontIcon(Feather.X_CIRCLE));
        cancel.setId("activity-cancel");
        Button cpfp = new Button(FeeBumpViewModel.Action.CPFP.text, new FontIcon(Feather.CHEVRONS_UP));
        cpfp.setId("activity-cpfp");
        var sel = table.getSelectionModel().selectedItemProperty();
        speed.disableProperty().bind(Bindings.createBooleanBinding(() -> !FeeBumpViewModel.canReplace(sel.get()), sel));
        cancel.disableProperty().bind(speed.disableProperty());
        cpfp.disableProperty().bind(Bindings.createBooleanBinding(() -> !FeeBumpViewModel.canCpfp(sel.get()), sel));
        speed.setOnAction(e -> bumps.start(sel.get(), FeeBumpViewModel.Action.SPEED_UP));
        cancel.setOnAction(e -> bumps.start(sel.get(), FeeBumpViewModel.Action.CANCEL));
        cpfp.setOnAction(e -> bumps.start(sel.get(), FeeBumpViewModel.Action.CPFP));
        Label hint = new Label("Unconfirmed: a send can be sped up or cancelled, a receive sped up by CPFP.");
        hint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        HBox actions = new HBox(8, speed, cancel, cpfp, hint);
        actions.setAlignment(Pos.CENTER_LEFT);
        actions.visibleProperty().bind(Bindings.createBooleanBinding(() -> sel.get() != null && sel.get().confirmations() == 0, sel));
        actions.managedProperty().bind(actions.visibleProperty());
        // the table's context menu: the same actions, for the row under the pointer (a right click selects it)
        javafx.scene.control.ContextMenu menu = new javafx.scene.control.ContextMenu();
        for (FeeBumpViewModel.Action a : FeeBumpViewModel.Action.values()) {
            javafx.scene.control.MenuItem it = new javafx.scene.control.MenuItem(a.text);
            it.setId("activity-menu-" + a.name().toLowerCase(java.util.Locale.ROOT));
            it.getStyleClass().add(it.getId()); // the menu's node carries the item's style classes (not its id)
            it.setOnAction(ev -> bumps.start(sel.get(), a));
            menu.getItems().add(it);
        }
        menu.setOnShowing(e -> {
            WalletTx t = sel.get();
            for (int i = 0; i < menu.getItems().size(); i++) {
                FeeBumpViewModel.Action a = FeeBumpViewModel.Action.values()[i];
                menu.getItems().get(i).setDisable(a == FeeBumpViewModel.Action.CPFP ? !FeeBumpViewModel.canCpfp(t) : !FeeBumpViewModel.canReplace(t));
            }
        });
        table.setContextMenu(menu);
        FeeBumpPane pane = new FeeBumpPane(bumps, vm);
        Runnable show = () -> {
            boolean open = bumps.targetProperty().get() != null;
            int i = getChildren().indexOf(open ? detailsCard : pane);
            if (i >= 0) {
                getChildren().set(i, open ? pane : detailsCard);
            }
        };
        bumps.targetProperty().addListener((o, a, b) -> show.run());
        getChildren().add(getChildren().indexOf(detailsCard), actions);
    }

    /** Most inputs and outputs listed in the details; the rest are counted. */
    static final int MAX_LISTED = 50;

    private void showDetails(WalletTxDetails t) {
        details.getChildren().clear();
        int row = 0;
        row = kv(row, "txid", t.txid(), true);
        details.add(Forms.copy("detail-copy-txid", t::txid), 2, row - 1);
        row = kv(row, "wtxid", t.wtxid(), true);
        details.add(Forms.copy("detail-copy-wtxid", t::wtxid), 2, row - 1);
        row = kv(row, "status", OverviewView.confirmations(t.confirmations()), false);
        if (!t.blockHash().isEmpty()) {
            Label key = new Label("block");
            key.getStyleClass().add(Styles.TEXT_MUTED);
            javafx.scene.control.Hyperlink link = new javafx.scene.control.Hyperlink(Units.number(t.blockHeight()) + "  " + t.blockHash());
            link.setId("detail-block");
            link.getStyleClass().add("monospace");
            link.setTooltip(new javafx.scene.control.Tooltip("Show this block on the Blocks page"));
            link.setOnAction(e -> openBlock.accept(t.blockHash()));
            details.add(key, 0, row);
            details.add(link, 1, row++);
        }
        row = kv(row, "time", Units.localDateTime(t.time()), false);
        row = kv(row, "amount", Units.btc(t.amountSat()), false);
        if (t.feeSat() >= 0) {
            row = kv(row, "fee", Units.sat(t.feeSat()) + "  (" + Units.satPerVb(t.feeRate()) + ")", false);
        }
        row = kv(row, "size", Units.number(t.vsize()) + " vB  ·  " + Units.number(t.weight()) + " WU  ·  " + Units.bytes(t.size()), false);
        if (t.confirmations() <= 0) {
            row = kv(row, "replaceable", t.signalsRbf() ? "yes: it signals BIP125 (an input's nSequence is below 0xfffffffe)"
                    : "it does not signal BIP125; nodes with full RBF (the default since Bitcoin Core 28) replace it all the same", false);
        }
        StringBuilder ins = new StringBuilder();
        for (int i = 0; i < Math.min(MAX_LISTED, t.inputs().size()); i++) {
            ins.append(i == 0 ? "" : "\n").append(t.inputs().get(i));
        }
        if (t.inputs().size() > MAX_LISTED) {
            ins.append("\n… and ").append(t.inputs().size() - MAX_LISTED).append(" more");
        }
        row = kv(row, "inputs (" + t.inputs().size() + ")", ins.toString(), true);
        StringBuilder outs = new StringBuilder();
        for (int i = 0; i < Math.min(MAX_LISTED, t.outputs().size()); i++) {
            WalletTxDetails.Output o = t.outputs().get(i);
            outs.append(i == 0 ? "" : "\n").append('#').append(o.n()).append("  ").append(Units.btc(o.valueSat())).append("  ")
                    .append(o.address().isEmpty() ? "(no address)" : o.address());
            if (!o.wallet().isEmpty()) {
                outs.append("  (").append(o.wallet().equals("change") ? "change" : "this wallet").append(o.label().isEmpty() ? "" : ": " + o.label()).append(')');
            }
        }
        if (t.outputs().size() > MAX_LISTED) {
            outs.append("\n… and ").append(t.outputs().size() - MAX_LISTED).append(" more");
        }
        kv(row, "outputs (" + t.outputs().size() + ")", outs.toString(), true);
    }

    private int kv(int row, String k, String v, boolean mono) {
        Label key = new Label(k);
        key.getStyleClass().add(Styles.TEXT_MUTED);
        Label val = new Label(v);
        val.setWrapText(true);
        val.setId("detail-" + k.split(" ")[0]);
        if (mono) {
            val.getStyleClass().add("monospace");
        }
        GridPane.setValignment(key, javafx.geometry.VPos.TOP);
        details.add(key, 0, row);
        details.add(val, 1, row);
        return row + 1;
    }

}
