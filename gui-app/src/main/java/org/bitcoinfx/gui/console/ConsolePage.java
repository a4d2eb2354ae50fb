package org.bitcoinfx.gui.console;

import atlantafx.base.theme.Styles;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.Side;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
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
import org.bitcoinfx.gui.feedback.FeedbackBundle;
import org.bitcoinfx.gui.shell.AppContext;
import org.bitcoinfx.gui.shell.Page;
import org.bitcoinfx.gui.util.Fx;
import org.bitcoinfx.gui.util.Json;
import org.bitcoinfx.gui.wallet.SensitiveRpc;
import org.bitcoinfx.ipc.JsonRpcException;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.ipc.RpcClient;
import org.bitcoinfx.ipc.ServerThread;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RPC console: bitcoin-cli style commands over IPC ({@code Rpc.executeRpc}), history with
 * up/down, completion from {@code help} (Tab), pretty JSON results, errors in red, and a wallet
 * selector for wallet calls.
 */
public final class ConsolePage implements Page {
    private static final Logger LOG = LoggerFactory.getLogger(ConsolePage.class);
    /** The wallet selector's "no wallet" entry. */
    public static final String NO_WALLET = "(no wallet)";
    /** Entries kept in the output. */
    static final int MAX_ENTRIES = 300;
    /** Commands that change the node's loaded wallets. */
    static final java.util.Set<String> WALLET_LIST_METHODS = java.util.Set.of("createwallet", "loadwallet", "unloadwallet", "restorewallet");

    private final AppContext ctx;
    private final CommandHistory history = new CommandHistory();
    private final TreeSet<String> commands = new TreeSet<>();
    private final VBox output = new VBox(10);
    private final ScrollPane scroll = new ScrollPane(output);
    private final TextField input = new TextField();
    private final ComboBox<String> wallet = new ComboBox<>();
    private final ContextMenu suggestions = new ContextMenu();
    /** The wallet the user picked in the selector (may be {@link #NO_WALLET}); null until they pick one. */
    private String userWallet;
    /** True while the selector is changed by the page, not the user. */
    private boolean settingWallet;
    private final Node view;

    /** @param ctx the app */
    public ConsolePage(AppContext ctx) {
        this.ctx = ctx;
        ctx.session().clientProperty().addListener((o, a, c) -> {
            if (c != null) {
                loadHelp(c);
                loadWallets(c);
            }
        });
        ctx.session().walletListChangesProperty().addListener((o, a, b) -> {
            NodeClient c = ctx.session().clientProperty().get();
            if (c != null) {
                loadWallets(c);
            }
        });
        view = build();
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
        return view;
    }

    @Override
    public void setShowing(boolean showing) {
        if (showing) {
            Platform.runLater(input::requestFocus);
        }
    }

    /** @return the commands known from {@code help}, for completion */
    public List<String> knownCommands() {
        return List.copyOf(commands);
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
        wallet.getItems().setAll(NO_WALLET);
        wallet.getSelectionModel().selectFirst();
        wallet.setPrefWidth(180);
        wallet.valueProperty().addListener((o, a, b) -> {
            if (!settingWallet && b != null) {
                userWallet = b;
            }
        });
        Button refreshWallets = new Button(null, new FontIcon(Feather.REFRESH_CW));
        refreshWallets.setId("console-wallet-refresh");
        refreshWallets.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        refreshWallets.setOnAction(e -> {
            NodeClient c = ctx.session().clientProperty().get();
            if (c != null) {
                loadWallets(c);
            }
        });
        Button clear = new Button("Clear", new FontIcon(Feather.TRASH_2));
        clear.getStyleClass().add(Styles.FLAT);
        clear.setOnAction(e -> output.getChildren().clear());
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
            String p = history.previous();
            if (p != null) {
                setInput(p);
            }
            e.consume();
        } else if (e.getCode() == KeyCode.DOWN) {
            setInput(history.next());
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
        List<String> m = matches(text);
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

    private List<String> matches(String prefix) {
        List<String> out = new ArrayList<>();
        for (String c : commands.tailSet(prefix)) {
            if (!c.startsWith(prefix)) {
                break;
            }
            out.add(c);
        }
        return out;
    }

    private void showSuggestions(String text) {
        if (text == null || text.isEmpty() || text.contains(" ") || input.getScene() == null || !input.isFocused()) {
            suggestions.hide();
            return;
        }
        List<String> m = matches(text);
        if (m.isEmpty() || (m.size() == 1 && m.get(0).equals(text))) {
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

    /** Runs the command in the input field. */
    private void run() {
        String line = input.getText().trim();
        suggestions.hide();
        if (line.isEmpty()) {
            return;
        }
        // passphrases and keys never stay in history or on screen (as Bitcoin Core's console filters them)
        String shown = SensitiveRpc.redactCommandLine(line);
        history.add(shown);
        input.clear();
        if (line.equals("clear")) {
            output.getChildren().clear();
            return;
        }
        String w = wallet.getValue();
        boolean useWallet = w != null && !NO_WALLET.equals(w);
        addEntry("command", (useWallet ? "[" + w + "] " : "") + "› " + shown);
        CommandLine cmd;
        try {
            cmd = CommandLine.parse(line);
        } catch (IllegalArgumentException e) {
            addEntry("error", "Cannot parse the command: " + e.getMessage());
            return;
        }
        NodeClient c = ctx.session().clientProperty().get();
        if (c == null) {
            addEntry("error", "Not connected to bitcoin-node.");
            return;
        }
        Object[] params = cmd.params().toArray();
        long t0 = System.nanoTime();
        Label pending = addEntry("pending", "…");
        RpcClient rpc = c.rpc(ServerThread.CONSOLE);
        // a passphrase or key in the params: sent with the node's ipc trace logging off (RpcClient.callSecret)
        CompletableFuture<JsonNode> f = SensitiveRpc.isSensitive(cmd.method())
                ? rpc.callSecret(useWallet ? w : null, cmd.method(), params)
                : useWallet ? rpc.callWallet(w, cmd.method(), params) : rpc.call(cmd.method(), params);
        boolean secretResult = SensitiveRpc.returnsSecret(cmd.method(), cmd.params());
        Fx.deliver(f, r -> {
            String text = Json.pretty(r);
            fill(pending, "result", text);
            // private keys are shown (as Bitcoin Core's console shows them) but never in the feedback bundle's picture
            markSecret(pending, secretResult || SensitiveRpc.containsPrivateKey(text));
            LOG.debug("console {} took {} ms", cmd.method(), (System.nanoTime() - t0) / 1_000_000);
            if (WALLET_LIST_METHODS.contains(cmd.method())) {
                // the wallet just created, loaded or restored becomes the console's wallet
                String named = r != null && r.hasNonNull("name") && !cmd.method().equals("unloadwallet") ? r.get("name").asText() : null;
                if (named != null) {
                    userWallet = named;
                }
                ctx.session().walletListChanged(); // the Wallet page and this selector read listwallets again
            }
        }, e -> {
            if (e instanceof JsonRpcException j) {
                fill(pending, "error", j.rpcMessage() + " (code " + j.code() + ")");
            } else {
                LOG.warn("console call {} failed", cmd.method(), e);
                fill(pending, "error", Fx.message(e));
            }
        });
    }

    /** Appends an entry; kind is command, result, error or pending. */
    private Label addEntry(String kind, String text) {
        Label l = new Label();
        l.setWrapText(true);
        fill(l, kind, text);
        MenuItem copy = new MenuItem("Copy");
        copy.setOnAction(e -> {
            ClipboardContent cc = new ClipboardContent();
            cc.putString(l.getText());
            Clipboard.getSystemClipboard().setContent(cc);
        });
        l.setContextMenu(new ContextMenu(copy));
        output.getChildren().add(l);
        if (output.getChildren().size() > MAX_ENTRIES) {
            output.getChildren().remove(0, output.getChildren().size() - MAX_ENTRIES);
        }
        return l;
    }

    /** Sets an entry's text and kind (a pending entry becomes its result, in place). */
    private static void fill(Label l, String kind, String text) {
        l.setText(text);
        l.getStyleClass().setAll("label", "monospace", "console-" + kind);
        l.setGraphic(kind.equals("error") ? new FontIcon(Feather.X_CIRCLE) : null);
    }

    /** Adds or removes {@link FeedbackBundle#SECRET_STYLE}: a secret node is blank in the feedback bundle's window picture. */
    private static void markSecret(Node n, boolean secret) {
        if (secret && !n.getStyleClass().contains(FeedbackBundle.SECRET_STYLE)) {
            n.getStyleClass().add(FeedbackBundle.SECRET_STYLE);
        } else if (!secret) {
            n.getStyleClass().remove(FeedbackBundle.SECRET_STYLE);
        }
    }

    private void loadHelp(NodeClient c) {
        Fx.deliver(c.rpc().call("help"), r -> {
            commands.clear();
            commands.addAll(parseHelp(r.asText()));
        }, e -> LOG.warn("help failed; no completion: {}", Fx.message(e)));
    }

    /** @return the method names in a {@code help} reply */
    static List<String> parseHelp(String help) {
        List<String> out = new ArrayList<>();
        for (String line : help.split("\n")) {
            String t = line.trim();
            if (t.isEmpty() || t.startsWith("==")) {
                continue;
            }
            out.add(t.split("\\s+", 2)[0]);
        }
        return out;
    }

    /**
     * Reads {@code listwallets} and follows it in the selector: the user's pick while it is still
     * loaded (or "(no wallet)" if they picked that), else the wallet shown if still loaded, else the
     * first loaded wallet (as Bitcoin Core's console: one loaded wallet is the default for wallet
     * calls), else "(no wallet)".
     */
    private void loadWallets(NodeClient c) {
        Fx.deliver(c.rpc().call("listwallets"), r -> {
            List<String> loaded = new ArrayList<>();
            r.forEach(n -> loaded.add(n.asText()));
            List<String> names = new ArrayList<>();
            names.add(NO_WALLET);
            names.addAll(loaded);
            String next = chooseWallet(loaded, userWallet, wallet.getValue());
            settingWallet = true;
            try {
                wallet.getItems().setAll(names);
                wallet.setValue(next);
            } finally {
                settingWallet = false;
            }
        }, e -> LOG.info("listwallets failed (node without wallet?): {}", Fx.message(e)));
    }

    /**
     * The selector's wallet after the loaded wallets changed.
     *
     * @param loaded the node's loaded wallets ({@code listwallets}), in its order
     * @param chosen what the user picked last (a wallet name or {@link #NO_WALLET}), or null
     * @param shown what the selector shows now, or null
     * @return a name from {@code loaded}, or {@link #NO_WALLET}
     */
    static String chooseWallet(List<String> loaded, String chosen, String shown) {
        if (chosen != null && (chosen.equals(NO_WALLET) || loaded.contains(chosen))) {
            return chosen;
        }
        if (shown != null && loaded.contains(shown)) {
            return shown;
        }
        return loaded.isEmpty() ? NO_WALLET : loaded.get(0);
    }
}
