package org.bitcoinfx.gui.wallet;

import atlantafx.base.theme.Styles;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.bitcoinfx.gui.util.Units;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** Overview: the balances from {@code getbalances} (trusted, untrusted pending, immature, total) and the latest activity. */
final class OverviewView extends VBox {
    OverviewView(WalletViewModel vm, Runnable showActivity) {
        super(14);
        setPadding(new Insets(14, 0, 0, 0));
        Label trusted = value("bal-trusted");
        Label pending = value("bal-pending");
        Label immature = value("bal-immature");
        Label total = value("bal-total");
        javafx.scene.layout.GridPane cards = new javafx.scene.layout.GridPane();
        cards.setHgap(12);
        cards.addRow(0,
                card("AVAILABLE", Feather.CHECK_CIRCLE, trusted, "confirmed, or change from your own sends"),
                card("PENDING", Feather.CLOCK, pending, "unconfirmed, from others"),
                card("IMMATURE", Feather.LOADER, immature, "mined, spendable after 100 confirmations"),
                card("TOTAL", Feather.LAYERS, total, "all of the above"));
        for (int i = 0; i < 4; i++) {
            javafx.scene.layout.ColumnConstraints c = new javafx.scene.layout.ColumnConstraints();
            c.setPercentWidth(25);
            cards.getColumnConstraints().add(c);
        }
        Runnable fill = () -> {
            Balances b = vm.balancesProperty().get();
            trusted.setText(b.known() ? Units.btc(b.trustedSat()) : "–");
            pending.setText(b.known() ? Units.btc(b.untrustedPendingSat()) : "–");
            immature.setText(b.known() ? Units.btc(b.immatureSat()) : "–");
            total.setText(b.known() ? Units.btc(b.totalSat()) : "–");
        };
        vm.balancesProperty().addListener((o, a, b) -> fill.run());
        fill.run();

        Label recentTitle = new Label("RECENT ACTIVITY", new FontIcon(Feather.LIST));
        recentTitle.getStyleClass().add("card-title");
        Hyperlink all = new Hyperlink("All activity →");
        all.setOnAction(e -> showActivity.run());
        Region g = new Region();
        HBox.setHgrow(g, Priority.ALWAYS);
        HBox head = new HBox(8, recentTitle, g, all);
        head.setAlignment(Pos.CENTER_LEFT);
        javafx.collections.ObservableList<WalletTx> latest = vm.recent(); // known before the view is built, maybe
        ListView<WalletTx> recent = new ListView<>(latest);
        recent.setId("overview-recent");
        recent.setPlaceholder(new Label("No transactions yet. Receive some on the Receive tab."));
        recent.setCellFactory(lv -> new TxCell());
        recent.setPrefHeight(260);
        // newest first: after a refresh the list starts at its top, the first row whole
        latest.addListener((javafx.collections.ListChangeListener<WalletTx>) ch -> {
            if (!latest.isEmpty()) {
                recent.scrollTo(0);
            }
        });
        VBox recentCard = new VBox(8, head, recent);
        recentCard.getStyleClass().add("card");
        recentCard.setPadding(new Insets(12, 14, 12, 14));
        VBox.setVgrow(recent, Priority.ALWAYS);
        VBox.setVgrow(recentCard, Priority.ALWAYS);
        getChildren().addAll(cards, recentCard);
    }

    private static Label value(String id) {
        Label l = new Label("–");
        l.setId(id);
        l.getStyleClass().addAll(Styles.TITLE_4);
        return l;
    }

    private static VBox card(String title, Ikon icon, Label value, String hint) {
        Label t = new Label(title, new FontIcon(icon));
        t.getStyleClass().add("card-title");
        Label h = new Label(hint);
        h.setWrapText(true);
        h.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        VBox v = new VBox(6, t, value, h);
        v.getStyleClass().add("card");
        v.setPadding(new Insets(12, 14, 12, 14));
        v.setMaxWidth(Double.MAX_VALUE);
        v.setMaxHeight(Double.MAX_VALUE);
        return v;
    }

    /** One activity row: direction icon, label or address, time, signed amount, confirmations. */
    static final class TxCell extends ListCell<WalletTx> {
        TxCell() {
            // room above and below the two lines, so that rows do not run into each other or the list's edge
            setPadding(new Insets(7, 10, 7, 8));
        }

        @Override
        protected void updateItem(WalletTx t, boolean empty) {
            super.updateItem(t, empty);
            if (empty || t == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            FontIcon icon = icon(t);
            Label what = new Label(t.direction() + (t.label().isEmpty() ? "" : " · " + t.label()));
            what.getStyleClass().add(Styles.TEXT_BOLD);
            Label sub = new Label(Units.localDateTimeShort(t.time()) + " · " + confirmations(t.confirmations()));
            sub.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            VBox left = new VBox(2, what, sub);
            Region g = new Region();
            HBox.setHgrow(g, Priority.ALWAYS);
            Label amount = new Label((t.amountSat() > 0 ? "+" : "") + Units.btc(t.amountSat()));
            amount.getStyleClass().addAll("monospace", t.amountSat() < 0 ? "tx-out" : "tx-in");
            HBox box = new HBox(12, icon, left, g, amount);
            box.setAlignment(Pos.CENTER_LEFT);
            setText(null);
            setGraphic(box);
        }
    }

    /** @return the icon for a transaction's category, styled {@code tx-out} (it spends) or {@code tx-in} */
    static FontIcon icon(WalletTx t) {
        FontIcon icon = new FontIcon(switch (t.category()) {
            case "send" -> Feather.ARROW_UP_RIGHT;
            case "receive" -> Feather.ARROW_DOWN_LEFT;
            case "generate", "immature" -> Feather.ZAP;
            default -> Feather.HELP_CIRCLE;
        });
        icon.getStyleClass().add(t.amountSat() < 0 ? "tx-out" : "tx-in");
        return icon;
    }

    static String confirmations(int n) {
        if (n < 0) {
            return "conflicted";
        }
        return n == 0 ? "unconfirmed" : n == 1 ? "1 confirmation" : Units.number(n) + " confirmations";
    }
}
