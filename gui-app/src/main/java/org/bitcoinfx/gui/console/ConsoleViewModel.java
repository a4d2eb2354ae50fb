package org.bitcoinfx.gui.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.gui.util.Fx;
import org.bitcoinfx.gui.util.Json;
import org.bitcoinfx.gui.util.Tasks;
import org.bitcoinfx.gui.wallet.LoadedWallets;
import org.bitcoinfx.gui.wallet.SensitiveRpc;
import org.bitcoinfx.ipc.JsonRpcException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's state and commands: the output entries, the command history, the commands known
 * from {@code help} (for completion) and the wallet for wallet calls, which follows the
 * connection's {@link LoadedWallets} (the user's pick while it is loaded). Commands go through
 * {@link ConsoleService}. Use on the JavaFX Application Thread.
 */
public final class ConsoleViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleViewModel.class);
    /** The wallet selector's "no wallet" entry. */
    public static final String NO_WALLET = "(no wallet)";
    /** Entries kept in the output. */
    static final int MAX_ENTRIES = 300;
    /** Commands that change the node's loaded wallets. */
    static final Set<String> WALLET_LIST_METHODS = Set.of("createwallet", "loadwallet", "unloadwallet", "restorewallet");

    private final ObservableList<ConsoleEntry> entries = FXCollections.observableArrayList();
    private final ObservableList<String> walletChoices = FXCollections.observableArrayList(NO_WALLET);
    /** Read-only views, kept: their listeners hang on them (FXCollections wraps weakly). */
    private final ObservableList<ConsoleEntry> entriesView = FXCollections.unmodifiableObservableList(entries);
    private final ObservableList<String> walletChoicesView = FXCollections.unmodifiableObservableList(walletChoices);
    private final ReadOnlyStringWrapper wallet = new ReadOnlyStringWrapper(this, "wallet", NO_WALLET);
    private final CommandHistory history = new CommandHistory();
    private final TreeSet<String> commands = new TreeSet<>();
    private final ListChangeListener<String> onLoaded = c -> follow(List.copyOf(c.getList()));
    /** The wallet the user picked (may be {@link #NO_WALLET}); null until they pick one. */
    private String userWallet;
    private ConnectionScope scope;
    private LoadedWallets loaded;

    /** @return the output, oldest first (read-only) */
    public ObservableList<ConsoleEntry> entries() {
        return entriesView;
    }

    /** @return {@link #NO_WALLET} and the loaded wallets (read-only) */
    public ObservableList<String> walletChoices() {
        return walletChoicesView;
    }

    /** The wallet for wallet calls, or {@link #NO_WALLET}. */
    public ReadOnlyStringProperty walletProperty() {
        return wallet.getReadOnlyProperty();
    }

    /** @return the command history (↑/↓) */
    public CommandHistory history() {
        return history;
    }

    /** @return the commands known from {@code help}, sorted */
    public List<String> knownCommands() {
        return List.copyOf(commands);
    }

    /** @return the known commands starting with {@code prefix}, sorted */
    public List<String> matches(String prefix) {
        List<String> out = new ArrayList<>();
        for (String c : commands.tailSet(prefix)) {
            if (!c.startsWith(prefix)) {
                break;
            }
            out.add(c);
        }
        return out;
    }

    /** A new connection (null when it ended): reads {@code help} and follows its loaded wallets. */
    public void setScope(ConnectionScope scope) {
        if (loaded != null) {
            loaded.names().removeListener(onLoaded);
        }
        this.scope = scope;
        loaded = scope == null ? null : LoadedWallets.of(scope);
        if (scope == null) {
            return;
        }
        loaded.names().addListener(onLoaded);
        Tasks.on(scope, ConsoleService.of(scope).commands(), "help")
                .onSuccess(c -> {
                    commands.clear();
                    commands.addAll(c);
                })
                .onError(e -> LOG.warn("help failed; no completion: {}", Fx.message(e)))
                .run();
        refreshWallets();
    }

    /** The user picked a wallet in the selector (a name or {@link #NO_WALLET}); it stays while loaded. */
    public void pickWallet(String name) {
        if (name == null || name.equals(wallet.get())) {
            return; // nothing new: the selector shows what this model chose
        }
        userWallet = name;
        wallet.set(name);
    }

    /** Reads the loaded wallets again ({@link LoadedWallets#refresh()}). */
    public void refreshWallets() {
        LoadedWallets lw = loaded;
        if (lw == null) {
            return;
        }
        Fx.deliver(lw.refresh(), changed -> {
            if (!changed && lw == loaded) {
                follow(List.copyOf(lw.names())); // the list's listener did not run
            }
        }, e -> LOG.info("listwallets failed (node without wallet?): {}", Fx.message(e)));
    }

    /** Forgets the output. */
    public void clear() {
        entries.clear();
    }

    /**
     * Runs a typed line: {@code clear}, or a command (wallet calls on {@link #walletProperty()}).
     * Passphrases and keys never stay in history or on screen, as Bitcoin Core's console filters
     * them. A command that changes the loaded wallets refreshes {@link LoadedWallets}; the wallet it
     * created, loaded or restored becomes the console's wallet.
     */
    public void run(String typed) {
        String line = typed.trim();
        if (line.isEmpty()) {
            return;
        }
        String shown = SensitiveRpc.redactCommandLine(line);
        history.add(shown);
        if (line.equals("clear")) {
            clear();
            return;
        }
        String w = wallet.get();
        boolean useWallet = w != null && !NO_WALLET.equals(w);
        add(ConsoleEntry.Kind.COMMAND, (useWallet ? "[" + w + "] " : "") + "› " + shown);
        CommandLine cmd;
        try {
            cmd = CommandLine.parse(line);
        } catch (IllegalArgumentException e) {
            add(ConsoleEntry.Kind.ERROR, "Cannot parse the command: " + e.getMessage());
            return;
        }
        ConnectionScope sc = scope;
        if (sc == null || !sc.isOpen()) {
            add(ConsoleEntry.Kind.ERROR, "Not connected to bitcoin-node.");
            return;
        }
        long t0 = System.nanoTime();
        ConsoleEntry pending = add(ConsoleEntry.Kind.PENDING, "…");
        boolean secretResult = SensitiveRpc.returnsSecret(cmd.method(), cmd.params());
        Tasks.on(sc, ConsoleService.of(sc).execute(useWallet ? w : null, cmd), "console " + cmd.method())
                .onSuccess(r -> {
                    String text = Json.pretty(r);
                    pending.fill(ConsoleEntry.Kind.RESULT, text);
                    // private keys are shown (as Bitcoin Core's console shows them) but never in the feedback bundle's picture
                    pending.setSecret(secretResult || SensitiveRpc.containsPrivateKey(text));
                    LOG.debug("console {} took {} ms", cmd.method(), (System.nanoTime() - t0) / 1_000_000);
                    if (WALLET_LIST_METHODS.contains(cmd.method())) {
                        String named = r != null && r.hasNonNull("name") && !cmd.method().equals("unloadwallet") ? r.get("name").asText() : null;
                        if (named != null) {
                            userWallet = named;
                        }
                        refreshWallets(); // the Wallet page, Mining and this selector follow LoadedWallets
                    }
                })
                .onError(JsonRpcException.class, j -> pending.fill(ConsoleEntry.Kind.ERROR, j.rpcMessage() + " (code " + j.code() + ")"))
                .onError(e -> {
                    LOG.warn("console call {} failed", cmd.method(), e);
                    pending.fill(ConsoleEntry.Kind.ERROR, Fx.message(e));
                })
                .run();
    }

    private ConsoleEntry add(ConsoleEntry.Kind kind, String text) {
        ConsoleEntry e = new ConsoleEntry(kind, text);
        entries.add(e);
        if (entries.size() > MAX_ENTRIES) {
            entries.remove(0, entries.size() - MAX_ENTRIES);
        }
        return e;
    }

    /** The loaded wallets changed: the selector's choices and the wallet shown follow. */
    private void follow(List<String> names) {
        List<String> choices = new ArrayList<>();
        choices.add(NO_WALLET);
        choices.addAll(names);
        String chosen = userWallet;
        String next = chooseWallet(names, chosen, wallet.get());
        walletChoices.setAll(choices);
        // a selector may change its value while its items are replaced: that was no pick of the user's
        userWallet = chosen;
        wallet.set(next);
    }

    /**
     * The selector's wallet after the loaded wallets changed: the user's pick while it is still
     * loaded (or "(no wallet)" if they picked that), else the wallet shown if still loaded, else the
     * first loaded wallet (as Bitcoin Core's console: one loaded wallet is the default for wallet
     * calls), else "(no wallet)".
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
