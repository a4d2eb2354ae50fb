package org.bitcoinfx.gui.wallet;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.bitcoinfx.gui.util.Tables;
import org.bitcoinfx.gui.util.Units;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Coins: the selected wallet's unspent outputs (amount, address, label, confirmations, frozen or not), several at a
 * time selectable, to freeze or unfreeze ({@code lockunspent}, persistent) or to spend in the next send (coin control).
 */
final class CoinsView extends VBox {

    /**
     * @param vm     the coins' model
     * @param toSend shows the Send tab (after coins were chosen)
     */
    CoinsView(CoinsViewModel vm, Runnable toSend) {
        super(10);
        setPadding(new Insets(14, 0, 0, 0));
        TableView<Utxo> table = Tables.wholeHeaders(new TableView<>(vm.coins()));
        table.setId("coins-table");
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        TableColumn<Utxo, Utxo> state = new TableColumn<>("");
        state.setPrefWidth(34);
        state.setMaxWidth(40);
        state.setSortable(false);
        state.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue()));
        state.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Utxo u, boolean empty) {
                super.updateItem(u, empty);
                if (empty || u == null) {
                    setGraphic(null);
                    setTooltip(null);
                    return;
                }
                FontIcon i = new FontIcon(u.frozen() ? Feather.LOCK : vm.chosen().stream().anyMatch(x -> x.outpoint().equals(u.outpoint()))
                        ? Feather.CHECK_SQUARE : Feather.CIRCLE);
                i.getStyleClass().add(u.frozen() ? "coin-frozen" : "coin-free");
                setGraphic(i);
                setTooltip(new Tooltip(u.frozen() ? "Frozen: sends leave it alone" : "Spendable"));
            }
        });
        table.getColumns().add(state);
        table.getColumns().add(Tables.col("Amount", 150, u -> Units.btc(u.amountSat()), true));
        table.getColumns().add(Tables.col("Label", 140, Utxo::label, false));
        table.getColumns().add(Tables.col("Address", 260, Utxo::address, false, true));
        table.getColumns().add(Tables.col("Confirmations", 120, u -> u.confirmations() == 0 ? "unconfirmed" : Units.number(u.confirmations()), true));
        table.getColumns().add(Tables.col("Outpoint", 170, u -> Units.shortHash(u.outpoint().txid()) + ":" + u.outpoint().vout(), false, true));
        table.setPlaceholder(new Label("No coins: this wallet has nothing to spend yet."));
        table.setRowFactory(tv -> new javafx.scene.control.TableRow<>() {
            @Override
            protected void updateItem(Utxo u, boolean empty) {
                super.updateItem(u, empty);
                getStyleClass().remove("coin-row-frozen");
                if (!empty && u != null && u.frozen()) {
                    getStyleClass().add("coin-row-frozen");
                }
            }
        });
        vm.chosen().addListener((javafx.collections.ListChangeListener<Utxo>) c -> table.refresh());

        Label summary = new Label();
        summary.setId("coins-summary");
        summary.getStyleClass().add(Styles.TEXT_MUTED);
        summary.textProperty().bind(Bindings.createStringBinding(() -> {
            long total = vm.coins().stream().mapToLong(Utxo::amountSat).sum();
            long frozen = vm.frozenSatProperty().get();
            long n = vm.coins().stream().filter(Utxo::frozen).count();
            return Units.number(vm.coins().size()) + (vm.coins().size() == 1 ? " coin · " : " coins · ") + Units.btc(total)
                    + (n == 0 ? "" : " · " + n + " frozen (" + Units.btc(frozen) + ")");
        }, vm.coins(), vm.frozenSatProperty()));
        Button refresh = new Button("", new FontIcon(Feather.REFRESH_CW));
        refresh.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        refresh.setTooltip(new Tooltip("Read the coins again (listunspent, listlockunspent)"));
        refresh.setOnAction(e -> vm.refresh());
        Button freeze = new Button("Freeze", new FontIcon(Feather.LOCK));
        freeze.setId("coins-freeze");
        freeze.setTooltip(new Tooltip("lockunspent (persistent): sends and \"send max\" leave frozen coins alone, across restarts"));
        Button unfreeze = new Button("Unfreeze", new FontIcon(Feather.UNLOCK));
        unfreeze.setId("coins-unfreeze");
        Button spend = new Button("Spend selected…", new FontIcon(Feather.SEND));
        spend.setId("coins-spend");
        spend.getStyleClass().add(Styles.ACCENT);
        spend.setTooltip(new Tooltip("Coin control: the next send spends exactly these coins"));
        var none = Bindings.isEmpty(table.getSelectionModel().getSelectedItems());
        freeze.disableProperty().bind(none);
        unfreeze.disableProperty().bind(none);
        spend.disableProperty().bind(none);
        freeze.setOnAction(e -> vm.setFrozen(List.copyOf(table.getSelectionModel().getSelectedItems()), true));
        unfreeze.setOnAction(e -> vm.setFrozen(List.copyOf(table.getSelectionModel().getSelectedItems()), false));
        spend.setOnAction(e -> {
            if (vm.choose(List.copyOf(table.getSelectionModel().getSelectedItems()))) {
                toSend.run();
            }
        });
        Region g = new Region();
        HBox.setHgrow(g, Priority.ALWAYS);
        HBox bar = new HBox(8, refresh, summary, g, freeze, unfreeze, spend);
        bar.setAlignment(Pos.CENTER_LEFT);
        Label error = Forms.error("coins-error", vm.errorProperty());
        VBox.setVgrow(table, Priority.ALWAYS);
        getChildren().addAll(bar, error, table);
    }
}
