package org.bitcoinfx.gui.wallet;

import atlantafx.base.theme.Styles;
import java.nio.file.Path;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.bitcoinfx.gui.shell.AppContext;
import org.bitcoinfx.gui.shell.Page;
import org.bitcoinfx.gui.util.Coalescer;
import org.bitcoinfx.gui.util.Fx;
import org.bitcoinfx.gui.util.Units;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Wallet page: a wallet selector (name and balance) with create, open, close, back up and
 * restore; tabs Overview (balances from {@code getbalances}), Receive (new address, BIP21 URI, QR,
 * request history), Send (checked form, review from a preview, unlock for the send only) and
 * Activity ({@code listtransactions}, paged, with {@code gettransaction} details; Speed up, Cancel and CPFP of an
 * unconfirmed row, {@link FeeBumpViewModel}) and Coins (the UTXOs, freeze/unfreeze, coin control for the next send,
 * {@link CoinsViewModel}). Refreshed on
 * each new tip and after every send. All calls go through {@code Rpc.executeRpc}.
 */
public final class WalletPage implements Page {
    private final AppContext ctx;
    private final WalletViewModel vm;
    private final SendViewModel send;
    private final WalletSecurityViewModel security;
    private final org.bitcoinfx.gui.wallet.psbt.PsbtViewModel psbt;
    private final CoinsViewModel coins;
    private final FeeBumpViewModel bumps;
    private final AddressBookViewModel book;
    /** Built on the first {@link #view()}, with the fields below (null until then). */
    private Node view;
    private StackPane body;
    private TabPane tabs;
    private CreateWalletForm createForm;
    private RestoreWalletForm restoreForm;
    private MigrateWalletForm migrateForm;
    private SignVerifyForm signVerifyForm;
    private PassphraseForm encryptForm;
    private PassphraseForm changePassForm;
    private VBox emptyState;
    private Label emptyTitle;
    private Label emptyText;
    private HBox emptyButtons;
    private boolean showing;
    private final javafx.beans.value.ChangeListener<org.bitcoinfx.gui.node.ConnectionScope> scopeListener;
    private final javafx.beans.value.ChangeListener<org.bitcoinfx.ipc.BlockRef> tipListener;

    /** @param ctx the app */
    public WalletPage(AppContext ctx) {
        this.ctx = ctx;
        Path settingsDir = ctx.store().file().toAbsolutePath().getParent();
        this.vm = new WalletViewModel(new RequestStore(settingsDir.resolve("payment-requests.json")));
        this.send = new SendViewModel(vm);
        this.security = new WalletSecurityViewModel(vm);
        this.psbt = new org.bitcoinfx.gui.wallet.psbt.PsbtViewModel(vm);
        send.setPsbtExport(p -> {
            showTab("PSBT");
            psbt.show(p.psbt(), "Funded, not signed: copy or save this PSBT and sign it where the keys are.");
        });
        this.coins = new CoinsViewModel(vm);
        send.setCoins(coins);
        this.bumps = new FeeBumpViewModel(vm);
        this.book = new AddressBookViewModel(vm, new TxLabelStore(settingsDir.resolve("tx-labels.json")));
        var session = ctx.session();
        scopeListener = (o, a, sc) -> {
            vm.setScope(sc);
            psbt.setScope(sc);
            if (sc != null) {
                send.refreshEstimates();
            }
        };
        session.scopeProperty().addListener(scopeListener);
        Coalescer onTip = new Coalescer(1000, () -> {
            if (vm.connectedProperty().get()) {
                vm.refreshAll();
                coins.refresh();
                if (showing) {
                    send.refreshEstimates();
                }
            }
        });
        tipListener = (o, a, t) -> {
            if (t != null) {
                onTip.trigger();
            }
        };
        session.tipWatcher().settledTipProperty().addListener(tipListener);
        vm.setScope(session.scopeProperty().get());
        psbt.setScope(session.scopeProperty().get());
    }

    /** Unsubscribes from the session; the view model's calls end with the connection scope. */
    @Override
    public void dispose() {
        ctx.session().scopeProperty().removeListener(scopeListener);
        ctx.session().tipWatcher().settledTipProperty().removeListener(tipListener);
        vm.setScope(null);
        psbt.setScope(null);
    }

    /** @return the view model (for tests) */
    public WalletViewModel viewModel() {
        return vm;
    }

    /** @return the address book's model (for tests) */
    public AddressBookViewModel addressBook() {
        return book;
    }

    /** @return the encryption and message signing model (for tests) */
    public WalletSecurityViewModel securityModel() {
        return security;
    }

    /** @return the PSBT tab's model (for tests) */
    public org.bitcoinfx.gui.wallet.psbt.PsbtViewModel psbtModel() {
        return psbt;
    }

    /** @return the fee bump flow's model (for tests) */
    public FeeBumpViewModel bumpModel() {
        return bumps;
    }

    /** @return the Coins tab's model (for tests) */
    public CoinsViewModel coinsModel() {
        return coins;
    }

    /** @return the send form's model (for tests) */
    public SendViewModel sendModel() {
        return send;
    }

    @Override
    public String title() {
        return "Wallet";
    }

    @Override
    public Ikon icon() {
        return Feather.CREDIT_CARD;
    }

    @Override
    public Node view() {
        if (view == null) {
            view = build();
        }
        return view;
    }

    @Override
    public void setShowing(boolean on) {
        showing = on;
        if (on && vm.connectedProperty().get()) {
            vm.refreshAll();
            send.refreshEstimates();
        }
    }

    private Node build() {
        body = new StackPane();
        tabs = new TabPane();
        emptyState = new VBox(12);
        emptyTitle = new Label();
        emptyText = new Label();
        emptyButtons = new HBox(10);
        createForm = new CreateWalletForm(vm, this::showMain);
        restoreForm = new RestoreWalletForm(vm, ctx, this::showMain);
        migrateForm = new MigrateWalletForm(vm, this::showMain);
        signVerifyForm = new SignVerifyForm(security, this::showMain);
        encryptForm = new PassphraseForm(PassphraseForm.Mode.ENCRYPT, security, this::showMain);
        changePassForm = new PassphraseForm(PassphraseForm.Mode.CHANGE, security, this::showMain);
        ComboBox<String> selector = new ComboBox<>();
        selector.setId("wallet-selector");
        selector.setPrefWidth(320);
        selector.setPromptText("No wallet loaded");
        selector.setCellFactory(lv -> new EntryCell());
        selector.setButtonCell(new EntryCell());
        Runnable syncSelector = () -> {
            List<String> names = vm.wallets().stream().map(WalletViewModel.WalletEntry::name).toList();
            if (!names.equals(selector.getItems())) {
                selector.getItems().setAll(names);
            }
            String sel = vm.selectedProperty().get();
            selector.setValue(sel != null && names.contains(sel) ? sel : null);
            selector.setButtonCell(new EntryCell()); // shows the new balance
        };
        vm.wallets().addListener((javafx.collections.ListChangeListener<WalletViewModel.WalletEntry>) c -> syncSelector.run());
        vm.selectedProperty().addListener((o, a, b) -> syncSelector.run());
        syncSelector.run(); // the wallets may be known before the view is built
        selector.valueProperty().addListener((o, a, n) -> {
            if (n != null && !n.equals(vm.selectedProperty().get())) {
                vm.selectedProperty().set(n);
            }
        });

        Button create = new Button("New wallet", new FontIcon(Feather.PLUS));
        create.setId("wallet-new");
        create.setOnAction(e -> showForm(createForm));
        MenuButton open = new MenuButton("Open", new FontIcon(Feather.FOLDER));
        open.setId("wallet-open");
        Runnable fillOpen = () -> {
            open.getItems().clear();
            for (String n : vm.unloaded()) {
                MenuItem it = new MenuItem(n.isEmpty() ? "(default wallet)" : n);
                it.setId("wallet-open-" + n);
                it.setOnAction(ev -> vm.open(n).exceptionally(ex -> {
                    Fx.run(() -> vm.errorProperty().set(message(ex)));
                    return null;
                }));
                open.getItems().add(it);
            }
            if (open.getItems().isEmpty()) {
                MenuItem none = new MenuItem("Every wallet in the wallet directory is open");
                none.setDisable(true);
                open.getItems().add(none);
            }
            if (!vm.legacy().isEmpty()) {
                open.getItems().add(new SeparatorMenuItem());
                for (String n : vm.legacy()) {
                    MenuItem it = new MenuItem("Migrate legacy wallet " + (n.isEmpty() ? "(default wallet)" : n) + "…", new FontIcon(Feather.ARROW_RIGHT_CIRCLE));
                    it.setId("wallet-migrate-" + n);
                    it.setOnAction(ev -> {
                        showForm(migrateForm);
                        migrateForm.reset(n);
                    });
                    open.getItems().add(it);
                }
            }
        };
        vm.unloaded().addListener((javafx.collections.ListChangeListener<String>) c -> fillOpen.run());
        vm.legacy().addListener((javafx.collections.ListChangeListener<String>) c -> fillOpen.run());
        fillOpen.run();
        Button close = new Button("Close", new FontIcon(Feather.X));
        close.setId("wallet-close");
        close.setTooltip(new Tooltip("unloadwallet: the wallet stays on disk; open it again from Open"));
        close.disableProperty().bind(vm.selectedProperty().isNull());
        close.setOnAction(e -> vm.closeSelected().exceptionally(ex -> {
            Fx.run(() -> vm.errorProperty().set(message(ex)));
            return null;
        }));
        MenuButton more = new MenuButton("", new FontIcon(Feather.MORE_HORIZONTAL));
        more.setId("wallet-more");
        more.getStyleClass().add(Styles.FLAT);
        MenuItem backup = new MenuItem("Back up wallet…", new FontIcon(Feather.DOWNLOAD));
        backup.setId("wallet-backup");
        backup.disableProperty().bind(vm.selectedProperty().isNull());
        backup.setOnAction(e -> backup());
        MenuItem restore = new MenuItem("Restore from a backup…", new FontIcon(Feather.UPLOAD));
        restore.setId("wallet-restore");
        restore.setOnAction(e -> showForm(restoreForm));
        MenuItem signVerify = new MenuItem("Sign or verify a message…", new FontIcon(Feather.EDIT_3));
        signVerify.setId("wallet-sign-verify");
        signVerify.disableProperty().bind(vm.selectedProperty().isNull());
        signVerify.setOnAction(e -> showForm(signVerifyForm));
        MenuItem encrypt = new MenuItem("Encrypt wallet…", new FontIcon(Feather.LOCK));
        encrypt.setId("wallet-encrypt");
        encrypt.setOnAction(e -> showForm(encryptForm));
        MenuItem changePass = new MenuItem("Change passphrase…", new FontIcon(Feather.KEY));
        changePass.setId("wallet-change-passphrase");
        changePass.setOnAction(e -> showForm(changePassForm));
        MenuItem lockNow = new MenuItem("Lock now", new FontIcon(Feather.LOCK));
        lockNow.setId("wallet-lock-now");
        lockNow.setOnAction(e -> security.lockNow());
        // what the selected wallet allows: encrypt an unencrypted one with keys; change or lock an encrypted one
        Runnable fillMore = () -> {
            WalletInfo i = vm.infoProperty().get();
            boolean has = vm.selectedProperty().get() != null && i != null;
            encrypt.setDisable(!has || i.encrypted() || !i.privateKeys());
            changePass.setDisable(!has || !i.encrypted());
            lockNow.setDisable(!has || !i.encrypted() || security.locked());
        };
        more.setOnShowing(e -> fillMore.run());
        vm.infoProperty().addListener((o, a, i) -> fillMore.run());
        fillMore.run();
        more.getItems().addAll(backup, new SeparatorMenuItem(), restore, new SeparatorMenuItem(), signVerify,
                new SeparatorMenuItem(), encrypt, changePass, lockNow);

        Label lock = new Label("Encrypted", new FontIcon(Feather.LOCK));
        lock.setId("wallet-encrypted");
        lock.getStyleClass().addAll(Styles.TEXT_MUTED, "wallet-badge");
        lock.setTooltip(new Tooltip("Sends ask for the passphrase and unlock the wallet only while signing"));
        Runnable showLock = () -> {
            WalletInfo i = vm.infoProperty().get();
            boolean enc = i != null && i.encrypted();
            lock.setVisible(enc);
            lock.setManaged(enc);
            if (enc) {
                lock.setText(lockText(i, System.currentTimeMillis()));
                lock.setGraphic(new FontIcon(security.locked() ? Feather.LOCK : Feather.UNLOCK));
            }
        };
        vm.infoProperty().addListener((o, a, i) -> showLock.run());
        showLock.run();
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox bar = new HBox(8, selector, lock, grow, create, open, close, more);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.disableProperty().bind(vm.connectedProperty().not());

        Label notice = new Label();
        notice.setId("wallet-notice");
        notice.setWrapText(true);
        notice.getStyleClass().add("wallet-notice");
        notice.setGraphic(new FontIcon(Feather.CHECK_CIRCLE));
        notice.textProperty().bind(vm.noticeProperty());
        notice.visibleProperty().bind(vm.noticeProperty().isNotEmpty());
        notice.managedProperty().bind(notice.visibleProperty());
        notice.setMaxWidth(Double.MAX_VALUE);
        notice.setOnMouseClicked(e -> vm.noticeProperty().set(""));
        Label error = new Label();
        error.setId("wallet-error");
        error.setWrapText(true);
        error.getStyleClass().add("wallet-error");
        error.setGraphic(new FontIcon(Feather.ALERT_TRIANGLE));
        error.textProperty().bind(vm.errorProperty());
        error.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        error.setMaxWidth(Double.MAX_VALUE);
        error.setOnMouseClicked(e -> vm.errorProperty().set(""));

        tabs.setId("wallet-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        Tab overview = new Tab("Overview", new OverviewView(vm, this::showActivity));
        overview.setId("tab-overview");
        Tab receive = new Tab("Receive", new ReceiveView(vm));
        receive.setId("tab-receive");
        Tab sendTab = new Tab("Send", new SendView(send, vm, book));
        sendTab.setId("tab-send");
        Tab activity = new Tab("Activity", new ActivityView(vm, bumps, ctx::openBlock));
        activity.setId("tab-activity");
        Tab psbtTab = new Tab("PSBT", new org.bitcoinfx.gui.wallet.psbt.PsbtView(psbt));
        psbtTab.setId("tab-psbt");
        Tab coinsTab = new Tab("Coins", new CoinsView(coins, () -> showTab("Send")));
        coinsTab.setId("tab-coins");
        coinsTab.setOnSelectionChanged(e -> coins.setShowing(coinsTab.isSelected()));
        Tab addresses = new Tab("Addresses", new AddressBookView(book, ctx::stage));
        addresses.setId("tab-addresses");
        addresses.setOnSelectionChanged(e -> {
            if (addresses.isSelected()) {
                book.refresh();
            }
        });
        tabs.getTabs().addAll(overview, receive, sendTab, activity, coinsTab, addresses, psbtTab);

        buildEmptyState();
        Runnable updateBody = () -> {
            if (body.getChildren().contains(createForm) || body.getChildren().contains(restoreForm) || body.getChildren().contains(migrateForm)) {
                return;
            }
            if (!body.getChildren().contains(tabs) && !body.getChildren().contains(emptyState) && vm.selectedProperty().get() != null) {
                return; // a form of the selected wallet is open (sign/verify, encrypt, change passphrase)
            }
            showMain();
        };
        vm.selectedProperty().addListener((o, a, b) -> updateBody.run());
        vm.loadedProperty().addListener((o, a, b) -> updateBody.run());
        vm.connectedProperty().addListener((o, a, b) -> updateBody.run());
        vm.noWalletSupportProperty().addListener((o, a, b) -> updateBody.run());
        showMain();

        VBox.setVgrow(body, Priority.ALWAYS);
        VBox box = new VBox(10, bar, notice, error, body);
        box.setPadding(new Insets(12, 20, 20, 20));
        return box;
    }

    /** Shows the tabs, or the empty state when there is no wallet (or no node, or no wallet support). */
    private void showMain() {
        boolean has = vm.selectedProperty().get() != null;
        body.getChildren().setAll(has ? tabs : emptyState);
        if (!has) {
            updateEmptyState();
        }
    }

    private void showForm(Node form) {
        if (form == createForm) {
            createForm.reset();
        } else if (form == restoreForm) {
            restoreForm.reset();
        } else if (form == migrateForm) {
            migrateForm.reset(null);
        } else if (form == signVerifyForm) {
            signVerifyForm.reset();
            signVerifyForm.prepare();
        } else if (form instanceof PassphraseForm p) {
            p.reset();
        }
        vm.noticeProperty().set("");
        body.getChildren().setAll(form);
    }

    /** Selects a tab by its text (for tests and the overview's links); builds the view if not yet built. */
    public void showTab(String text) {
        view();
        tabs.getTabs().stream().filter(t -> t.getText().equals(text)).findFirst().ifPresent(t -> tabs.getSelectionModel().select(t));
    }

    /**
     * A payment link was opened ({@code bitcoin:} URI): Send is filled from it and shown (or, with no wallet
     * loaded, the page says to open one: the form keeps the link's values), and the notice repeats what the link
     * asks, its message included, so the user can check it before reviewing.
     */
    public void openPayment(PaymentUri link) {
        send.prefill(link);
        view();
        showMain();
        boolean has = vm.selectedProperty().get() != null;
        if (has) {
            showTab("Send");
        }
        vm.errorProperty().set("");
        StringBuilder n = new StringBuilder("Payment link: ");
        n.append(link.amountSat() < 0 ? "pay " : "pay " + Units.btc(link.amountSat()) + " to ").append(link.address());
        if (!link.label().isEmpty()) {
            n.append(" (").append(link.label()).append(")");
        }
        n.append('.');
        if (!link.message().isEmpty()) {
            n.append(" Its message: \u201c").append(link.message()).append("\u201d.");
        }
        n.append(has ? " Check it, then Review." : " Open or create a wallet to pay it: Send keeps these values.");
        vm.noticeProperty().set(n.toString());
    }

    private void showActivity() {
        showTab("Activity");
    }

    private void buildEmptyState() {
        emptyState.setId("wallet-empty");
        emptyState.getStyleClass().add("card");
        emptyState.setPadding(new Insets(28));
        emptyState.setMaxHeight(Region.USE_PREF_SIZE);
        emptyState.setMaxWidth(620);
        FontIcon icon = new FontIcon(Feather.CREDIT_CARD);
        icon.getStyleClass().add("wallet-empty-icon");
        emptyTitle.getStyleClass().add(Styles.TITLE_3);
        emptyText.setWrapText(true);
        emptyText.getStyleClass().add(Styles.TEXT_MUTED);
        Button create = new Button("Create a wallet", new FontIcon(Feather.PLUS));
        create.setId("wallet-empty-create");
        create.getStyleClass().add(Styles.ACCENT);
        create.setOnAction(e -> showForm(createForm));
        Button restore = new Button("Restore from a backup…", new FontIcon(Feather.UPLOAD));
        restore.setOnAction(e -> showForm(restoreForm));
        emptyButtons.getChildren().addAll(create, restore);
        emptyState.getChildren().addAll(icon, emptyTitle, emptyText, emptyButtons);
        StackPane.setAlignment(emptyState, Pos.TOP_CENTER);
    }

    private void updateEmptyState() {
        if (!vm.connectedProperty().get()) {
            emptyTitle.setText("Waiting for bitcoin-node");
            emptyText.setText("The wallet lives in the node. It appears here once the node is connected.");
            emptyButtons.setVisible(false);
        } else if (vm.noWalletSupportProperty().get()) {
            emptyTitle.setText("This bitcoin-node runs without its wallet");
            emptyText.setText("It was started with -disablewallet (or built without wallet support), so the wallet RPCs do not exist.");
            emptyButtons.setVisible(false);
        } else {
            emptyTitle.setText("No wallet loaded");
            emptyText.setText(vm.unloaded().isEmpty()
                    ? "Create a wallet to receive and send on this chain, or restore one from a backup file."
                    : "Open a wallet from the wallet directory (Open above), create a new one, or restore one from a backup file.");
            emptyButtons.setVisible(true);
        }
    }

    private void backup() {
        String w = vm.selectedProperty().get();
        if (w == null) {
            return;
        }
        FileChooser fc = new FileChooser();
        fc.setTitle("Back up wallet " + w);
        fc.setInitialFileName((w.isEmpty() ? "wallet" : w) + "-" + java.time.LocalDate.now() + ".dat");
        var f = fc.showSaveDialog(ctx.stage());
        if (f != null) {
            vm.backup(f.toPath());
        }
    }

    /**
     * @param i   an encrypted wallet's info
     * @param now ms since the epoch
     * @return "Encrypted · locked", or "Encrypted · unlocked until HH:mm" (local time) while {@code unlocked_until} is ahead
     */
    static String lockText(WalletInfo i, long now) {
        if (i.unlockedUntil() * 1000 <= now) {
            return "Encrypted · locked";
        }
        return "Encrypted · unlocked until " + java.time.format.DateTimeFormatter.ofPattern("HH:mm")
                .format(java.time.Instant.ofEpochSecond(i.unlockedUntil()).atZone(java.time.ZoneId.systemDefault()));
    }

    static String message(Throwable e) {
        Throwable t = Fx.unwrap(e);
        return t instanceof org.bitcoinfx.ipc.JsonRpcException j ? j.rpcMessage() : Fx.message(t);
    }

    /** A wallet in the selector: name, and its spendable balance on the right. */
    private final class EntryCell extends ListCell<String> {
        @Override
        protected void updateItem(String n, boolean empty) {
            super.updateItem(n, empty);
            WalletViewModel.WalletEntry e = n == null ? null
                    : vm.wallets().stream().filter(x -> x.name().equals(n)).findFirst().orElse(null);
            if (empty || e == null) {
                setText(empty || n == null ? null : n);
                setGraphic(null);
                return;
            }
            Label name = new Label(e.toString(), new FontIcon(Feather.CREDIT_CARD));
            name.getStyleClass().add(Styles.TEXT_BOLD);
            Region g = new Region();
            HBox.setHgrow(g, Priority.ALWAYS);
            Label bal = new Label(e.balances().known() ? Units.btc(e.balances().trustedSat()) : "…");
            bal.getStyleClass().addAll(Styles.TEXT_MUTED, "monospace");
            HBox box = new HBox(12, name, g, bal);
            box.setAlignment(Pos.CENTER_LEFT);
            setText(null);
            setGraphic(box);
        }
    }
}
