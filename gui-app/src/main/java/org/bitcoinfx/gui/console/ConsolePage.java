package org.bitcoinfx.gui.console;

import atlantafx.base.theme.Styles;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.value.ChangeListener;
import javafx.collections.ListChangeListener;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.Side;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.CustomMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import java.io.File;
import java.nio.file.Path;
import java.util.function.Function;
import org.bitcoinfx.gui.util.Units;
import org.bitcoinfx.gui.feedback.FeedbackBundle;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.gui.node.NodeSession;
import org.bitcoinfx.gui.shell.AppContext;
import org.bitcoinfx.gui.shell.Page;
import org.bitcoinfx.gui.wallet.SensitiveRpc;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The RPC console: bitcoin-cli style commands over IPC ({@code Rpc.executeRpc}), history with
 * up/down, completion from {@code help} (Tab), pretty JSON results, errors in red, and a wallet
 * selector for wallet calls. A long result shows its first screen, with "Show more" (the next chunk) and
 * "Save to file…" (the whole answer, written off the JavaFX thread) under it. The view only: output entries, history, completion and the wallet are
 * in {@link ConsoleViewModel}, the calls in {@link ConsoleService}.
 */
public final class ConsolePage implements Page {
    private final ConsoleViewModel vm = new ConsoleViewModel();
    private final VBox output = new VBox(10);
    private final ScrollPane scroll = new ScrollPane(output);
    private final TextField input = new TextField();
    private final ComboBox<String> wallet = new ComboBox<>();
    private final ContextMenu suggestions = new ContextMenu();
    private final Map<ConsoleEntry, Label> shown = new IdentityHashMap<>();
    private final NodeSession session;
    /** Asks where to save an answer (a file chooser; tests replace it); null: cancelled. */
    private Function<Window, Path> chooseSaveFile = ConsolePage::showSaveDialog;
    private final ChangeListener<ConnectionScope> scopeListener;
    /** Built on the first {@link #view()}. */
    private Node view;

    /** @param ctx the app */
    public ConsolePage(AppContext ctx) {
        this.session = ctx.session();
        scopeListener = (o, a, sc) -> vm.setScope(sc);
        session.scopeProperty().addListener(scopeListener);
        vm.setScope(session.scopeProperty().get());
    }

    /** @return the view model (for tests) */
    public ConsoleViewModel viewModel() {
        return vm;
    }

    @Override
    public void dispose() {
        session.scopeProperty().removeListener(scopeListener);
        vm.setScope(null);
    }

    @Override
    public String title() {
        return "Console";
    }

    @Override
    public Ikon icon() {
        return Feather.TERMINAL;
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
        if (showing) {
            Platform.runLater(input::requestFocus);
        }
    }

    /** Replaces the save dialog (tests): given the window, returns the file to write, or null for none. */
    public void setSaveFileChooser(Function<Window, Path> chooser) {
        this.chooseSaveFile = chooser;
    }

    private static Path showSaveDialog(Window owner) {
        FileChooser fc = new FileChooser();
        fc.setTitle("Save the answer");
        fc.setInitialFileName("bitcoinfx-console.json");
        File f = fc.showSaveDialog(owner);
        return f == null ? null : f.toPath();
    }

    /** @return the commands known from {@code help}, for completion */
    public List<String> knownCommands() {
        return vm.knownCommands();
    }

    private Node build() {
        output.setId("console-output");
        output.setPadding(new Insets(12));
        output.getStyleClass().add("console-output");
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("console-scroll");
        output.heightProperty().addListener((o, a, b) -> scroll.setVvalue(1.0));
        Label welcome = new Label("Type a command such as getblockchaininfo, or help. Tab completes; ↑/↓ browse history.\n"
                + "Arguments are passed like bitcoin-cli: JSON values when they parse, else strings.");
        welcome.getStyleClass().add(Styles.TEXT_MUTED);
        welcome.setWrapText(true);
        output.getChildren().add(welcome);
        vm.entries().addListener(this::onEntries);

        input.setId("console-input");
        input.setPromptText("Command, e.g. getblock <hash> 2");
        input.getStyleClass().add("monospace");
        HBox.setHgrow(input, Priority.ALWAYS);
        input.setOnAction(e -> run());
        input.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        input.textProperty().addListener((o, a, b) -> {
            showSuggestions(b);
            // a passphrase or a private key being typed stays out of the feedback bundle's window picture
            markSecret(input, b != null && !SensitiveRpc.redactCommandLine(b).equals(b));
        });
        Button send = new Button("Run", new FontIcon(Feather.CORNER_DOWN_LEFT));
        send.setId("console-run");
        send.getStyleClass().add(Styles.ACCENT);
        send.setOnAction(e -> run());

        wallet.setId("console-wallet");
        wallet.setItems(vm.walletChoices());
        wallet.setValue(vm.walletProperty().get());
        wallet.setPrefWidth(180);
        vm.walletProperty().addListener((o, a, b) -> wallet.setValue(b));
        wallet.valueProperty().addListener((o, a, b) -> {
            if (b == null) {
                Platform.runLater(() -> wallet.setValue(vm.walletProperty().get())); // never blank (items replaced)
            } else {
                vm.pickWallet(b);
            }
        });
        Button refreshWallets = new Button(null, new FontIcon(Feather.REFRESH_CW));
        refreshWallets.setId("console-wallet-refresh");
        refreshWallets.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        refreshWallets.setOnAction(e -> vm.refreshWallets());
        Button clear = new Button("Clear", new FontIcon(Feather.TRASH_2));
        clear.getStyleClass().add(Styles.FLAT);
        clear.setOnAction(e -> {
            vm.clear();
            output.getChildren().clear();
        });
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        Label wl = new Label("Wallet");
        HBox top = new HBox(8, wl, wallet, refreshWallets, grow, clear);
        top.setAlignment(Pos.CENTER_LEFT);
        HBox bottom = new HBox(8, input, send);
        bottom.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(10, top, scroll, bottom);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        box.setPadding(new Insets(16, 20, 20, 20));
        return box;
    }

    private void onKey(KeyEvent e) {
        if (e.getCode() == KeyCode.UP) {
            String p = vm.history().previous();
            if (p != null) {
                setInput(p);
            }
            e.consume();
        } else if (e.getCode() == KeyCode.DOWN) {
            setInput(vm.history().next());
            e.consume();
        } else if (e.getCode() == KeyCode.TAB) {
            complete();
            e.consume();
        } else if (e.getCode() == KeyCode.ESCAPE) {
            suggestions.hide();
        }
    }

    private void setInput(String s) {
        input.setText(s);
        input.positionCaret(s.length());
        suggestions.hide();
    }

    /** Completes the method name to the longest common prefix of the matching commands. */
    private void complete() {
        String text = input.getText();
        if (text.contains(" ")) {
            return;
        }
        List<String> m = vm.matches(text);
        if (m.isEmpty()) {
            return;
        }
        String prefix = m.get(0);
        for (String s : m) {
            int i = 0;
            while (i < prefix.length() && i < s.length() && prefix.charAt(i) == s.charAt(i)) {
                i++;
            }
            prefix = prefix.substring(0, i);
        }
        setInput(m.size() == 1 ? prefix + " " : prefix);
        if (m.size() > 1) {
            showSuggestions(prefix);
        }
    }

    private void showSuggestions(String text) {
        if (text == null || text.isEmpty() || text.contains(" ") || input.getScene() == null || !input.isFocused()) {
            suggestions.hide();
            return;
        }
        List<String> m = vm.matches(text);
        if (m.isEmpty() || m.contains(text)) { // a whole method name typed: Enter runs it, Tab still completes
            suggestions.hide();
            return;
        }
        List<MenuItem> items = new ArrayList<>();
        for (String s : m.subList(0, Math.min(10, m.size()))) {
            Label l = new Label(s);
            l.getStyleClass().add("monospace");
            CustomMenuItem it = new CustomMenuItem(l, true);
            it.setOnAction(e -> setInput(s + " "));
            items.add(it);
        }
        suggestions.getItems().setAll(items);
        if (!suggestions.isShowing()) {
            suggestions.show(input, Side.TOP, 0, 0);
        }
    }

    /** Runs the command in the input field (through the view model). */
    private void run() {
        String line = input.getText();
        suggestions.hide();
        if (line.isBlank()) {
            return;
        }
        input.clear();
        if (line.strip().equals("clear")) {
            output.getChildren().clear();
        }
        vm.run(line);
    }

    /** Mirrors the view model's entries in the output, a label each (a pending entry becomes its result in place). */
    private void onEntries(ListChangeListener.Change<? extends ConsoleEntry> c) {
        while (c.next()) {
            for (ConsoleEntry e : c.getRemoved()) {
                Label l = shown.remove(e);
                if (l != null) {
                    output.getChildren().remove(l);
                }
            }
            for (ConsoleEntry e : c.getAddedSubList()) {
                output.getChildren().add(label(e));
            }
        }
    }

    private Label label(ConsoleEntry e) {
        Label l = new Label();
        l.setWrapText(true);
        Node[] more = new Node[1];
        Runnable update = () -> {
            String kind = e.kindProperty().get().name().toLowerCase(Locale.ROOT);
            fill(l, kind, e.textProperty().get());
            if (e.kindProperty().get() == ConsoleEntry.Kind.RESULT && e.hiddenCharsProperty().get() != 0 || more[0] != null) {
                if (more[0] == null) {
                    more[0] = moreBar(e);
                }
                l.setGraphic(more[0]); // once long, the bar stays (Save to file… after all is shown)
            }
            markSecret(l, e.secretProperty().get());
        };
        e.kindProperty().addListener(o -> update.run());
        e.textProperty().addListener(o -> update.run());
        e.secretProperty().addListener(o -> update.run());
        update.run();
        MenuItem copy = new MenuItem("Copy");
        copy.setOnAction(ev -> {
            ClipboardContent cc = new ClipboardContent();
            // a streamed answer (MBs) has no whole text to copy: what is shown (Save to file… writes the whole)
            cc.putString(e.isStreamed() ? e.textProperty().get() : e.fullText());
            Clipboard.getSystemClipboard().setContent(cc);
        });
        l.setContextMenu(new ContextMenu(copy));
        shown.put(e, l);
        return l;
    }

    /** Under a long result: what is shown of it, "Show more", "Save to file…" and the last save's outcome. */
    private Node moreBar(ConsoleEntry e) {
        Label status = new Label();
        status.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        status.setId("console-shown");
        Button moreButton = new Button("Show more");
        moreButton.setId("console-show-more");
        moreButton.getStyleClass().addAll(Styles.SMALL);
        moreButton.setOnAction(ev -> vm.showMore(e));
        Button save = new Button("Save to file…", new FontIcon(Feather.DOWNLOAD));
        save.setId("console-save");
        save.getStyleClass().addAll(Styles.SMALL);
        save.disableProperty().bind(e.savingProperty());
        save.setOnAction(ev -> {
            Path target = chooseSaveFile.apply(save.getScene() == null ? null : save.getScene().getWindow());
            if (target != null) {
                vm.save(e, target);
            }
        });
        Label saved = new Label();
        saved.setId("console-save-message");
        saved.setWrapText(true);
        saved.getStyleClass().add(Styles.TEXT_SMALL);
        Runnable text = () -> {
            int hidden = e.hiddenCharsProperty().get();
            long total = e.totalChars();
            int shownChars = e.textProperty().get().length();
            String rest = e.restErrorProperty().get();
            status.setText(!rest.isEmpty() ? "Shown " + Units.bytes(shownChars) + ". " + rest
                    : hidden == 0 && e.totalLines() >= 0 ? "All " + Units.number(e.totalLines()) + " lines shown"
                    : total < 0 || e.totalLines() < 0 ? "Shown " + Units.bytes(shownChars) + " (measuring the rest…)"
                    : "Shown " + Units.bytes(shownChars) + " of " + Units.bytes(total) + " (" + Units.number(e.totalLines()) + " lines)");
            boolean more = hidden != 0 && rest.isEmpty();
            moreButton.setVisible(more);
            moreButton.setManaged(more);
            saved.setText(e.saveMessageProperty().get());
            saved.getStyleClass().removeAll(Styles.DANGER, Styles.SUCCESS);
            saved.getStyleClass().add(e.saveFailedProperty().get() ? Styles.DANGER : Styles.SUCCESS);
        };
        e.hiddenCharsProperty().addListener(o -> text.run());
        e.textProperty().addListener(o -> text.run());
        e.restErrorProperty().addListener(o -> text.run());
        e.saveMessageProperty().addListener(o -> text.run());
        e.saveFailedProperty().addListener(o -> text.run());
        text.run();
        HBox buttons = new HBox(8, status, moreButton, save);
        buttons.setAlignment(Pos.CENTER_LEFT);
        VBox bar = new VBox(4, buttons, saved);
        bar.getStyleClass().add("console-more");
        bar.setPadding(new Insets(6, 0, 0, 0));
        return bar;
    }

    /** Sets an entry's text and kind (a pending entry becomes its result, in place). */
    private static void fill(Label l, String kind, String text) {
        l.setText(text);
        l.getStyleClass().setAll("label", "monospace", "console-" + kind);
        l.setGraphic(kind.equals("error") ? new FontIcon(Feather.X_CIRCLE) : null);
        l.setContentDisplay(kind.equals("error") ? ContentDisplay.LEFT : ContentDisplay.BOTTOM);
    }

    /** Adds or removes {@link FeedbackBundle#SECRET_STYLE}: a secret node is blank in the feedback bundle's window picture. */
    private static void markSecret(Node n, boolean secret) {
        if (secret && !n.getStyleClass().contains(FeedbackBundle.SECRET_STYLE)) {
            n.getStyleClass().add(FeedbackBundle.SECRET_STYLE);
        } else if (!secret) {
            n.getStyleClass().remove(FeedbackBundle.SECRET_STYLE);
        }
    }
}
