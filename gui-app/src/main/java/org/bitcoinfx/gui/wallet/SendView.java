package org.bitcoinfx.gui.wallet;

import atlantafx.base.theme.Styles;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.bitcoinfx.gui.util.Units;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Send: the form, then the review of the previewed transaction (fee, fee rate, size) with the
 * passphrase field for an encrypted wallet, then the txid. See {@link SendViewModel}.
 */
final class SendView extends StackPane {
    private final SendViewModel m;
    private final WalletViewModel wallet;
    /** The address book, for the contact picker; null for none. */
    private final AddressBookViewModel book;

    SendView(SendViewModel m, WalletViewModel wallet) {
        this(m, wallet, null);
    }

    SendView(SendViewModel m, WalletViewModel wallet, AddressBookViewModel book) {
        this.m = m;
        this.wallet = wallet;
        this.book = book;
        setPadding(new Insets(14, 0, 0, 0));
        VBox form = form();
        VBox review = review();
        getChildren().setAll(m.previewProperty().get() == null ? form : review);
        StackPane.setAlignment(form, Pos.TOP_LEFT);
        StackPane.setAlignment(review, Pos.TOP_LEFT);
        m.previewProperty().addListener((o, a, p) -> getChildren().setAll(p == null ? form : review));
    }

    /** The address field with a "Contacts" menu: picking one fills the address and its label. */
    private javafx.scene.Node withContacts(TextField address) {
        javafx.scene.control.MenuButton contacts = new javafx.scene.control.MenuButton("Contacts", new FontIcon(Feather.USERS));
        contacts.setId("send-contacts");
        contacts.setOnShowing(e -> {
            contacts.getItems().clear();
            book.refresh();
            for (AddressBookEntry c : book.entries()) {
                if (!c.contact()) {
                    continue;
                }
                javafx.scene.control.MenuItem it = new javafx.scene.control.MenuItem(c.label() + "  \u2014  " + c.address());
                it.setId("send-contact-" + c.address());
                it.setOnAction(x -> {
                    m.addressProperty().set(c.address());
                    m.labelProperty().set(c.label());
                });
                contacts.getItems().add(it);
            }
            if (contacts.getItems().isEmpty()) {
                javafx.scene.control.MenuItem none = new javafx.scene.control.MenuItem("No contacts yet: add them in Addresses");
                none.setDisable(true);
                contacts.getItems().add(none);
            }
        });
        javafx.scene.layout.HBox.setHgrow(address, javafx.scene.layout.Priority.ALWAYS);
        javafx.scene.layout.HBox row = new javafx.scene.layout.HBox(6, address, contacts);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private VBox form() {
        TextField address = new TextField();
        address.setId("send-address");
        address.setPromptText("bcrt1… / bc1… / 3… address");
        address.getStyleClass().add("monospace");
        address.textProperty().bindBidirectional(m.addressProperty());
        Label check = new Label();
        check.setId("send-address-check");
        check.getStyleClass().add(Styles.TEXT_SMALL);
        Runnable showCheck = () -> {
            AddressCheck c = m.addressCheckProperty().get();
            if (c != null && c.valid()) {
                check.setText("Valid " + c.kind() + " address");
                check.setGraphic(new FontIcon(Feather.CHECK));
                check.getStyleClass().setAll("label", Styles.TEXT_SMALL, Styles.SUCCESS);
            } else if (!m.addressErrorProperty().get().isEmpty()) {
                check.setText(m.addressErrorProperty().get());
                check.setGraphic(new FontIcon(Feather.X_CIRCLE));
                check.getStyleClass().setAll("label", Styles.TEXT_SMALL, Styles.DANGER);
            } else {
                check.setText("");
                check.setGraphic(null);
            }
        };
        m.addressCheckProperty().addListener((o, a, b) -> showCheck.run());
        m.addressErrorProperty().addListener((o, a, b) -> showCheck.run());
        showCheck.run();
        PauseTransition typing = new PauseTransition(Duration.millis(350));
        typing.setOnFinished(e -> m.checkAddress());
        address.textProperty().addListener((o, a, b) -> {
            m.addressCheckProperty().set(null);
            m.addressErrorProperty().set("");
            typing.playFromStart();
        });

        TextField label = new TextField();
        label.setId("send-label");
        label.setPromptText("optional, for your records");
        label.textProperty().bindBidirectional(m.labelProperty());

        TextField amount = new TextField();
        amount.setId("send-amount");
        amount.setPromptText("0.00");
        amount.textProperty().bindBidirectional(m.amountProperty());
        amount.disableProperty().bind(m.wholeBalanceProperty());
        ToggleGroup unitGroup = new ToggleGroup();
        ToggleButton btc = new ToggleButton("BTC");
        btc.setId("send-unit-btc");
        btc.getStyleClass().add(Styles.LEFT_PILL);
        ToggleButton sat = new ToggleButton("sat");
        sat.setId("send-unit-sat");
        sat.getStyleClass().add(Styles.RIGHT_PILL);
        btc.setToggleGroup(unitGroup);
        sat.setToggleGroup(unitGroup);
        btc.setSelected(true);
        unitGroup.selectedToggleProperty().addListener((o, a, t) -> {
            if (t == null) {
                a.setSelected(true);
                return;
            }
            m.unitProperty().set(t == sat ? Amounts.Unit.SAT : Amounts.Unit.BTC);
        });
        CheckBox whole = new CheckBox("Use whole balance");
        whole.setId("send-whole");
        whole.selectedProperty().bindBidirectional(m.wholeBalanceProperty());
        HBox amountRow = new HBox(8, amount, new HBox(btc, sat), whole);
        amountRow.setAlignment(Pos.CENTER_LEFT);
        Label available = new Label();
        available.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        available.textProperty().bind(Bindings.createStringBinding(() -> {
            Balances b = wallet.balancesProperty().get();
            return b.known() ? "Spendable: " + Units.btc(m.spendableSat(b)) + (m.wholeBalanceProperty().get() ? " — the fee comes out of the amount" : "") : "";
        }, wallet.balancesProperty(), m.wholeBalanceProperty(), m.coins() == null ? m.wholeBalanceProperty() : m.coins().chosenSatProperty(),
                m.coins() == null ? m.wholeBalanceProperty() : m.coins().frozenSatProperty()));
        VBox amountBox = new VBox(4, amountRow, Forms.error("send-amount-error", m.amountErrorProperty()), available);

        ToggleGroup feeGroup = new ToggleGroup();
        RadioButton fast = feeRadio("send-fee-1", "Fast (~1 block)", SendViewModel.FeeMode.FAST, feeGroup);
        RadioButton normal = feeRadio("send-fee-6", "Normal (~6 blocks)", SendViewModel.FeeMode.NORMAL, feeGroup);
        RadioButton slow = feeRadio("send-fee-144", "Slow (~1 day, 144 blocks)", SendViewModel.FeeMode.SLOW, feeGroup);
        RadioButton custom = feeRadio("send-fee-custom", "Custom rate", SendViewModel.FeeMode.CUSTOM, feeGroup);
        Label estFast = estimate("send-est-1", m.estFastProperty());
        Label estNormal = estimate("send-est-6", m.estNormalProperty());
        Label estSlow = estimate("send-est-144", m.estSlowProperty());
        TextField rate = new TextField();
        rate.setId("send-fee-rate");
        rate.setPromptText("sat/vB");
        rate.setPrefColumnCount(6);
        rate.textProperty().bindBidirectional(m.feeRateProperty());
        rate.disableProperty().bind(custom.selectedProperty().not());
        rate.focusedProperty().addListener((o, a, f) -> {
            if (f) {
                custom.setSelected(true);
            }
        });
        Label satVb = new Label("sat/vB");
        satVb.getStyleClass().add(Styles.TEXT_MUTED);
        feeGroup.selectToggle(normal);
        feeGroup.selectedToggleProperty().addListener((o, a, t) -> {
            if (t == null) {
                a.setSelected(true);
                return;
            }
            m.feeModeProperty().set((SendViewModel.FeeMode) t.getUserData());
        });
        GridPane fees = new GridPane();
        fees.setHgap(12);
        fees.setVgap(6);
        fees.addRow(0, fast, estFast);
        fees.addRow(1, normal, estNormal);
        fees.addRow(2, slow, estSlow);
        fees.addRow(3, custom, new HBox(6, rate, satVb));
        Label note = new Label();
        note.setId("send-fee-note");
        note.setWrapText(true);
        note.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        note.textProperty().bind(Bindings.createStringBinding(() -> {
            boolean none = isNone(m.estFastProperty().get()) && isNone(m.estNormalProperty().get()) && isNone(m.estSlowProperty().get());
            return none ? "No fee estimates yet: estimatesmartfee needs the node to have seen enough transactions confirm. "
                    + "On regtest that rarely happens, and Bitcoin Core ships with -fallbackfee off, so targets cannot be used there: "
                    + "choose a custom rate (1 sat/vB is the wallet's minimum)." : "Estimates from estimatesmartfee (economical).";
        }, m.estFastProperty(), m.estNormalProperty(), m.estSlowProperty()));
        Label rbf = new Label("Replace-by-fee is on: you can raise the fee later if it confirms too slowly.", new FontIcon(Feather.REPEAT));
        rbf.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        VBox feeBox = new VBox(6, fees, Forms.error("send-fee-error", m.feeErrorProperty()), note, rbf);

        GridPane g = Forms.grid();
        Forms.row(g, 0, "Pay to", book == null ? address : withContacts(address), check);
        Forms.row(g, 1, "Label", label, null);
        Forms.row(g, 2, "Amount", amountBox, null);
        Forms.row(g, 3, "Fee", feeBox, null);
        if (m.coins() != null) {
            Forms.row(g, 4, "Coins", new CoinControlBox(m.coins()), null);
        }

        Button review = new Button("Review", new FontIcon(Feather.EYE));
        review.setId("send-review");
        review.getStyleClass().add(Styles.ACCENT);
        review.setDefaultButton(false);
        review.disableProperty().bind(m.busyProperty());
        review.setOnAction(e -> m.review());
        Label sent = new Label();
        sent.setId("send-result");
        sent.setWrapText(true);
        sent.getStyleClass().add(Styles.SUCCESS);
        sent.textProperty().bind(Bindings.createStringBinding(() -> m.sentTxidProperty().get().isEmpty() ? ""
                : "Sent. txid " + m.sentTxidProperty().get(), m.sentTxidProperty()));
        sent.visibleProperty().bind(m.sentTxidProperty().isNotEmpty());
        sent.managedProperty().bind(sent.visibleProperty());
        sent.setGraphic(new FontIcon(Feather.CHECK_CIRCLE));
        HBox sentRow = new HBox(6, sent, Forms.copy("send-copy-txid", m.sentTxidProperty()::get));
        sentRow.visibleProperty().bind(sent.visibleProperty());
        sentRow.managedProperty().bind(sent.visibleProperty());
        sentRow.setAlignment(Pos.CENTER_LEFT);
        VBox card = new VBox(14, g, Forms.error("send-error", m.formErrorProperty()), review, sentRow);
        card.getStyleClass().add("card");
        card.setPadding(new Insets(18));
        card.setMaxWidth(760);
        card.setMaxHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        VBox box = new VBox(card);
        return box;
    }

    private static boolean isNone(FeeEstimate e) {
        return e == null || !e.available();
    }

    private RadioButton feeRadio(String id, String text, SendViewModel.FeeMode mode, ToggleGroup g) {
        RadioButton r = new RadioButton(text);
        r.setId(id);
        r.setUserData(mode);
        r.setToggleGroup(g);
        return r;
    }

    private static Label estimate(String id, javafx.beans.property.ObjectProperty<FeeEstimate> p) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add(Styles.TEXT_MUTED);
        l.textProperty().bind(Bindings.createStringBinding(() -> {
            FeeEstimate e = p.get();
            if (e == null) {
                return "…";
            }
            return e.available() ? "≈ " + Units.satPerVb(e.satPerVb()) : "no estimate";
        }, p));
        return l;
    }

    private VBox review() {
        Label title = new Label("Review before sending");
        title.getStyleClass().add(Styles.TITLE_3);
        Label to = value("review-to");
        to.getStyleClass().add("monospace");
        Label amount = value("review-amount");
        Label fee = value("review-fee");
        Label rate = value("review-feerate");
        Label size = value("review-size");
        Label total = value("review-total");
        total.getStyleClass().add(Styles.TEXT_BOLD);
        Label rbf = value("review-rbf");
        GridPane g = Forms.grid();
        Forms.row(g, 0, "To", to, null);
        Forms.row(g, 1, "Amount", amount, null);
        Forms.row(g, 2, "Fee", fee, null);
        Forms.row(g, 3, "Fee rate", rate, null);
        Forms.row(g, 4, "Size", size, null);
        Forms.row(g, 5, "Total", total, null);
        Forms.row(g, 6, "Replaceable", rbf, null);
        Label inputs = value("review-coins");
        if (m.coins() != null) {
            Forms.row(g, 7, "Coins", inputs, null);
        }
        PasswordField pass = new PasswordField();
        pass.setId("review-passphrase");
        pass.setPromptText("wallet passphrase");
        Label passLabel = new Label("The wallet is encrypted: it is unlocked for " + WalletService.UNLOCK_SECONDS
                + " s at most to sign this transaction and locked again at once.");
        passLabel.setWrapText(true);
        passLabel.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        VBox passBox = new VBox(6, pass, passLabel);
        java.util.function.Consumer<SendPreview> fillReview = p -> {
            if (p == null) {
                pass.clear();
                return;
            }
            to.setText(p.request().address() + (p.request().label().isEmpty() ? "" : "  (" + p.request().label() + ")"));
            amount.setText(Units.btc(p.amountSat()) + "  (" + Units.sat(p.amountSat()) + ")");
            fee.setText(Units.sat(p.feeSat()) + "  (" + Units.btc(p.feeSat()) + ")" + (p.request().wholeBalance() ? " — taken from the amount" : ""));
            rate.setText(Units.satPerVb(p.feeRate()));
            size.setText(Units.vbytes(p.vsize()) + " (estimated once signed)");
            total.setText(Units.btc(p.totalSat()));
            rbf.setText("yes (BIP125 signalling)");
            CoinsViewModel cc = m.coins();
            if (cc != null) {
                String change = cc.changeAddressProperty().get().strip();
                inputs.setText((cc.chosen().isEmpty() ? "chosen by the wallet" : cc.chosenSummary() + ", no others")
                        + (change.isEmpty() ? "" : "; change to " + change));
            }
            WalletInfo wi = wallet.infoProperty().get();
            boolean enc = wi != null && wi.encrypted();
            passBox.setVisible(enc);
            passBox.setManaged(enc);
        };
        m.previewProperty().addListener((o, a, p) -> fillReview.accept(p));
        fillReview.accept(m.previewProperty().get()); // a view built late shows the current preview
        Button back = new Button("Back", new FontIcon(Feather.ARROW_LEFT));
        back.setId("review-back");
        back.setOnAction(e -> m.back());
        Button sendBtn = new Button("Send", new FontIcon(Feather.SEND));
        sendBtn.setId("review-send");
        sendBtn.getStyleClass().add(Styles.ACCENT);
        sendBtn.disableProperty().bind(m.busyProperty());
        sendBtn.setOnAction(e -> m.confirm(Forms.take(pass)));
        pass.setOnAction(e -> sendBtn.fire());
        // a watch-only wallet cannot sign: its Send makes an unsigned PSBT for the PSBT tab (export, sign elsewhere)
        Button psbtBtn = new Button("Create PSBT (don't sign)", new FontIcon(Feather.FILE_TEXT));
        psbtBtn.setId("review-psbt");
        psbtBtn.disableProperty().bind(m.busyProperty());
        psbtBtn.setOnAction(e -> m.exportPsbt());
        Runnable watchOnly = () -> {
            boolean w = m.watchOnly();
            sendBtn.setVisible(!w);
            sendBtn.setManaged(!w);
            psbtBtn.getStyleClass().remove(Styles.ACCENT);
            if (w) {
                psbtBtn.getStyleClass().add(Styles.ACCENT);
                passBox.setVisible(false);
                passBox.setManaged(false);
            }
        };
        m.previewProperty().addListener((o, a, p) -> watchOnly.run());
        watchOnly.run();
        HBox buttons = new HBox(10, back, sendBtn, psbtBtn);
        Label nothingYet = new Label("Nothing has been broadcast yet.");
        nothingYet.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        VBox card = new VBox(14, title, nothingYet, g, passBox, Forms.error("review-error", m.reviewErrorProperty()), buttons);
        card.getStyleClass().add("card");
        card.setPadding(new Insets(18));
        card.setMaxWidth(760);
        card.setMaxHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        return new VBox(card);
    }

    private static Label value(String id) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        return l;
    }
}
