package org.bitcoinfx.gui.wallet;

import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The send form's coin control: which coins the send spends (chosen on the Coins tab, or the wallet's choice) and an
 * optional custom change address, checked by the node ({@code validateaddress}) before the preview.
 */
final class CoinControlBox extends VBox {
    CoinControlBox(CoinsViewModel c) {
        super(6);
        Label which = new Label();
        which.setId("send-coins");
        which.textProperty().bind(Bindings.createStringBinding(() -> c.chosen().isEmpty()
                ? "Chosen by the wallet (frozen coins left out). Choose coins on the Coins tab."
                : c.chosenSummary() + ": only these are spent", c.chosen(), c.chosenSatProperty()));
        which.setWrapText(true);
        which.getStyleClass().add(Styles.TEXT_SMALL);
        Button clear = new Button("Let the wallet choose");
        clear.setId("send-coins-clear");
        clear.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
        clear.visibleProperty().bind(Bindings.isNotEmpty(c.chosen()));
        clear.managedProperty().bind(clear.visibleProperty());
        clear.setOnAction(e -> c.chosen().clear());
        HBox row = new HBox(8, new FontIcon(Feather.LAYERS), which, clear);
        row.setAlignment(Pos.CENTER_LEFT);
        TextField change = new TextField();
        change.setId("send-change-address");
        change.setPromptText("Change address (optional: a new one of this wallet)");
        change.textProperty().bindBidirectional(c.changeAddressProperty());
        getChildren().addAll(row, change, Forms.error("send-change-error", c.changeErrorProperty()));
    }
}
