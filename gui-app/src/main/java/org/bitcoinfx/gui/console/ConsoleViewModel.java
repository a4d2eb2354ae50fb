package org.bitcoinfx.gui.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.gui.util.Fx;
import org.bitcoinfx.gui.util.Json;
import org.bitcoinfx.gui.util.Tasks;
import org.bitcoinfx.gui.util.Units;
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
 *
 * <p>Big answers (a {@code getblock <hash> 2} of a full block is several MB of JSON): the reply is parsed
 * off the JavaFX thread ({@code IpcRpc} parses replies over 16 Ki chars on an IPC callback thread) and
 * pretty-printed on this model's formatter thread ({@code bitcoinfx-console-format}; the pending entry says
 * {@link #FORMATTING} meanwhile); the entry then shows its first screen ({@value #FIRST_SCREEN_LINES} lines,
 * at most {@value #FIRST_SCREEN_CHARS} chars), {@link #showMore} the next chunk, and {@link #save} writes the
 * whole text to a file on {@code bitcoinfx-console-save}.
 */
public final class ConsoleViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleViewModel.class);
    /** The wallet selector's "no wallet" entry. */
    public static final String NO_WALLET = "(no wallet)";
    /** Entries kept in the output. */
    static final int MAX_ENTRIES = 300;
    /** Characters of whole texts kept in the output, at most: the oldest entries go first (the newest stays). */
    static final long MAX_KEPT_CHARS = 24L * 1024 * 1024;
    /**
     * Lines of a result shown at once (two or three screens: the text's layout on the JavaFX thread, JavaFX's
     * {@code GlyphLayout}, is what a long first screen costs there).
     */
    public static final int FIRST_SCREEN_LINES = 100;
    /** Characters of a result shown at once, at most (a {@code getblock <hash> 0} is one line of MB). */
    public static final int FIRST_SCREEN_CHARS = 8 * 1024;
    /** Lines added by one {@link #showMore}. */
    public static final int MORE_LINES = 1_000;
    /** Characters added by one {@link #showMore}, at most. */
    public static final int MORE_CHARS = 64 * 1024;
    /** What a pending entry says once the node answered, while its answer is formatted. */
    public static final String FORMATTING = "Formatting the node's answer…";
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
    private Executor formatter = daemonThread("bitcoinfx-console-format");
    private final Executor saver = daemonThread("bitcoinfx-console-save");

    private static ExecutorService daemonThread(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Replaces the thread answers are pretty-printed on (tests hold it to show the JavaFX thread free
     * meanwhile).
     */
    public void setFormatter(Executor formatter) {
        this.formatter = Objects.requireNonNull(formatter);
    }

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
        CompletableFuture<JsonNode> answer = ConsoleService.of(sc).execute(useWallet ? w : null, cmd);
        answer.thenRun(() -> Fx.run(() -> {
            if (pending.kindProperty().get() == ConsoleEntry.Kind.PENDING) {
                pending.fill(ConsoleEntry.Kind.PENDING, FORMATTING);
            }
        }));
        CompletableFuture<Formatted> formatted = answer.thenApplyAsync(Formatted::of, formatter);
        Tasks.on(sc, formatted, "console " + cmd.method())
                .onSuccess(f -> {
                    int end = cut(f.text(), 0, FIRST_SCREEN_LINES, FIRST_SCREEN_CHARS);
                    pending.fill(ConsoleEntry.Kind.RESULT, f.text().substring(0, end), f.text(), f.lines());
                    trim();
                    // private keys are shown (as Bitcoin Core's console shows them) but never in the feedback bundle's picture
                    pending.setSecret(secretResult || f.privateKey());
                    LOG.debug("console {} took {} ms ({} chars)", cmd.method(), (System.nanoTime() - t0) / 1_000_000, f.text().length());
                    JsonNode r = f.result();
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

    /**
     * An answer made ready for the screen off the JavaFX thread.
     *
     * @param result     the node's {@code result}
     * @param text       it pretty-printed ({@link Json#pretty})
     * @param lines      lines of {@code text}
     * @param privateKey {@code text} holds a private key ({@link SensitiveRpc#containsPrivateKey})
     */
    record Formatted(JsonNode result, String text, int lines, boolean privateKey) {
        static Formatted of(JsonNode r) {
            String text = Json.pretty(r);
            int lines = 1;
            for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
                lines++;
            }
            return new Formatted(r, text, lines, SensitiveRpc.containsPrivateKey(text));
        }
    }

    /**
     * Where a chunk of {@code text} that starts at {@code from} ends: after {@code maxLines} lines (the
     * last one's newline excluded) or {@code maxChars} chars, whichever comes first, never inside a
     * surrogate pair.
     *
     * @return an index in {@code (from, text.length()]}, or {@code from} if {@code from} is the end
     */
    static int cut(String text, int from, int maxLines, int maxChars) {
        int limit = (int) Math.min(text.length(), (long) from + maxChars);
        int end = from;
        int lines = 0;
        while (end < limit) {
            int nl = text.indexOf('\n', end);
            if (nl < 0 || nl >= limit) {
                end = limit;
                break;
            }
            if (++lines == maxLines) {
                end = nl;
                break;
            }
            end = nl + 1;
        }
        if (end < text.length() && end > from && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    /** Shows the next chunk of a long result ({@value #MORE_LINES} lines, at most {@value #MORE_CHARS} chars). */
    public void showMore(ConsoleEntry e) {
        String full = e.fullText();
        int shown = full.length() - e.hiddenCharsProperty().get();
        if (shown < full.length()) {
            e.showChars(cut(full, shown, MORE_LINES + 1, MORE_CHARS)); // + 1: the shown part ended before a newline
        }
    }

    /**
     * Writes the whole text of {@code e} ({@link ConsoleEntry#fullText()}, as the console formats it, UTF-8,
     * with a final newline) to {@code target}, off the JavaFX thread: into a temporary file beside it, then
     * moved over it, so a failed save leaves no partial file and an earlier file at {@code target} as it
     * was. The outcome is {@link ConsoleEntry#saveMessageProperty()}; the entry itself keeps its text.
     *
     * @return completes (on the JavaFX thread) once the outcome is shown; never fails
     */
    public CompletableFuture<Void> save(ConsoleEntry e, Path target) {
        String text = e.fullText();
        e.saveStarted();
        CompletableFuture<Long> written = CompletableFuture.supplyAsync(() -> write(text, target), saver);
        CompletableFuture<Void> shown = new CompletableFuture<>();
        Fx.deliver(written, bytes -> {
            e.saveEnded(false, "Saved " + Units.bytes(bytes) + " to " + target);
            shown.complete(null);
        }, err -> {
            Throwable t = Fx.unwrap(err);
            LOG.warn("console save to {} failed", target, t);
            e.saveEnded(true, "Could not save to " + target + ": " + why(t) + ". The answer is still here.");
            shown.complete(null);
        });
        return shown;
    }

    /** @return bytes written */
    private static long write(String text, Path target) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".part");
            byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
            Files.write(tmp, bytes);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return bytes.length;
        } catch (IOException ex) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    LOG.warn("could not remove {}", tmp, ignored);
                }
            }
            throw new UncheckedIOException(ex);
        }
    }

    /** A save's failure in words: the file system's reason and the path it concerns. */
    static String why(Throwable t) {
        Throwable c = t instanceof UncheckedIOException u ? u.getCause() : t;
        if (c instanceof AccessDeniedException a) {
            Path f = a.getFile() == null ? null : Path.of(a.getFile());
            boolean part = f != null && f.getFileName().toString().endsWith(".part"); // the temporary file: its directory is the matter
            return "permission denied (" + (part && f.getParent() != null ? "cannot write in " + f.getParent() : a.getFile()) + ")";
        }
        if (c instanceof NoSuchFileException n) {
            return "no such directory (" + n.getFile() + ")";
        }
        if (c instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason() + (f.getFile() != null ? " (" + f.getFile() + ")" : "");
        }
        return Fx.message(c);
    }

    /** Drops the oldest entries while the whole texts kept pass {@link #MAX_KEPT_CHARS} (a few multi-MB answers). */
    private void trim() {
        long kept = 0;
        for (ConsoleEntry e : entries) {
            kept += e.fullText().length();
        }
        int drop = 0;
        while (kept > MAX_KEPT_CHARS && drop < entries.size() - 1) {
            kept -= entries.get(drop).fullText().length();
            drop++;
        }
        if (drop > 0) {
            entries.remove(0, drop);
        }
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
