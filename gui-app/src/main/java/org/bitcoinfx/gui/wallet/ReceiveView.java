package org.bitcoinfx.gui.wallet;

import org.bitcoinfx.gui.util.Tables;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.image.ImageView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.bitcoinfx.gui.util.Units;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Receive: a new address ({@code getnewaddress}, bech32 / bech32m / p2sh-segwit) with label,
 * amount and message, shown with its BIP21 URI and QR code and copy buttons, and the history of
 * requests the app made.
 */
final class ReceiveView extends VBox {
    private final ImageView qr = new ImageView();
    private final TextField address = new TextField();
    private final TextField uri = new TextField();
    private final Label shownLabel = new Label();
    private final VBox result;

    ReceiveView(WalletViewModel vm) {
        super(14);
        setPadding(new Insets(14, 0, 0, 0));
        ComboBox<AddressType> type = new ComboBox<>();
        type.setId("recv-type");
        type.getItems().setAll(AddressType.values());
        type.setValue(AddressType.BECH32);
        TextField label = new TextField();
        label.setId("recv-label");
        label.setPromptText("who is paying, what for (kept in the wallet)");
        TextField amount = new TextField();
        amount.setId("recv-amount");
        amount.setPromptText("optional, BTC");
        TextField message = new TextField();
        message.setId("recv-message");
        message.setPromptText("optional, shown to the payer");
        Label error = Forms.error("recv-error");
        Button create = new Button("New address", new FontIcon(Feather.PLUS));
        create.setId("recv-create");
        create.getStyleClass().add(Styles.ACCENT);
        create.setOnAction(e -> {
            long sat = -1;
            String a = amount.getText() == null ? "" : amount.getText().strip();
            if (!a.isEmpty()) {
                try {
                    sat = Amounts.parse(a, Amounts.Unit.BTC);
                } catch (IllegalArgumentException ex) {
                    error.setText("Amount: " + ex.getMessage());
                    return;
                }
                if (sat == 0) {
                    error.setText("Amount: leave it empty or enter more than 0.");
                    return;
                }
            }
            error.setText("");
            create.setDisable(true);
            vm.newRequest(type.getValue(), label.getText(), sat, message.getText()).whenComplete((r, ex) -> org.bitcoinfx.gui.util.Fx.run(() -> {
                create.setDisable(false);
                if (ex != null) {
                    error.setText(WalletPage.message(ex));
                } else {
                    show(r);
                    label.clear();
                    amount.clear();
                    message.clear();
                }
            }));
        });
        GridPane g = Forms.grid();
        Forms.row(g, 0, "Address type", type, null);
        Forms.row(g, 1, "Label", label, null);
        Forms.row(g, 2, "Amount", amount, null);
        Forms.row(g, 3, "Message", message, null);
        VBox form = new VBox(12, g, error, create);
        form.getStyleClass().add("card");
        form.setPadding(new Insets(16));
        HBox.setHgrow(form, Priority.ALWAYS);

        qr.setId("recv-qr");
        qr.setFitWidth(196);
        qr.setFitHeight(196);
        qr.setSmooth(false);
        address.setId("recv-address");
        address.setEditable(false);
        address.getStyleClass().addAll("monospace", "readonly-field", Styles.TEXT_BOLD);
        uri.setId("recv-uri");
        uri.setEditable(false);
        uri.getStyleClass().addAll("monospace", "readonly-field", Styles.TEXT_SMALL);
        HBox.setHgrow(address, Priority.ALWAYS);
        HBox.setHgrow(uri, Priority.ALWAYS);
        shownLabel.getStyleClass().add(Styles.TEXT_MUTED);
        HBox addrRow = new HBox(6, address, Forms.copy("recv-copy-address", address::getText));
        addrRow.setAlignment(Pos.CENTER_LEFT);
        HBox uriRow = new HBox(6, uri, Forms.copy("recv-copy-uri", uri::getText));
        uriRow.setAlignment(Pos.CENTER_LEFT);
        VBox text = new VBox(8, shownLabel, addrRow, uriRow);
        text.setMaxWidth(Double.MAX_VALUE);
        result = new VBox(10, qr, text);
        result.setAlignment(Pos.TOP_CENTER);
        result.getStyleClass().add("card");
        result.setPadding(new Insets(16));
        result.setPrefWidth(360);
        result.setMinWidth(300);
        result.setVisible(false);
        result.setManaged(false);
        HBox top = new HBox(14, form, result);

        TableView<PaymentRequest> history = Tables.wholeHeaders(new TableView<>(vm.requests()));
        history.setId("recv-history");
        history.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE, Styles.DENSE);
        history.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        history.getColumns().add(Tables.col("Date", 140, r -> Units.localDateTimeShort(r.time())));
        history.getColumns().add(Tables.col("Label", 140, PaymentRequest::label));
        history.getColumns().add(Tables.col("Address", 260, PaymentRequest::address));
        history.getColumns().add(Tables.col("Amount", 120, r -> r.amountSat() < 0 ? "" : Units.btc(r.amountSat())));
        history.getColumns().add(Tables.col("Message", 160, PaymentRequest::message));
        history.setPlaceholder(new Label("Requests you make appear here (kept by Bitcoin FX; the node has no list of them)."));
        history.getSelectionModel().selectedItemProperty().addListener((o, a, r) -> {
            if (r != null) {
                show(r);
            }
        });
        Label histTitle = new Label("REQUEST HISTORY", new FontIcon(Feather.CLOCK));
        histTitle.getStyleClass().add("card-title");
        VBox.setVgrow(history, Priority.ALWAYS);
        VBox.setVgrow(this, Priority.ALWAYS);
        getChildren().addAll(top, histTitle, history);
        vm.selectedProperty().addListener((o, a, b) -> {
            result.setVisible(false);
            result.setManaged(false);
        });
    }

    private void show(PaymentRequest r) {
        String u = r.uri();
        qr.setImage(QrImage.of(u, 4, 4));
        address.setText(r.address());
        uri.setText(u);
        shownLabel.setText((r.label().isEmpty() ? "Payment request" : r.label())
                + (r.amountSat() < 0 ? "" : " · " + Units.btc(r.amountSat())));
        result.setVisible(true);
        result.setManaged(true);
    }

}
