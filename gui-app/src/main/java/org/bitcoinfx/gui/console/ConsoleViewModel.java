package org.bitcoinfx.gui.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
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
import org.bitcoinfx.gui.util.PrettyJson;
import org.bitcoinfx.gui.util.Tasks;
import org.bitcoinfx.gui.util.Units;
import org.bitcoinfx.gui.wallet.LoadedWallets;
import org.bitcoinfx.gui.wallet.SensitiveRpc;
import org.bitcoinfx.ipc.JsonRpcException;
import org.bitcoinfx.ipc.RawResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's state and commands: the output entries, the command history, the commands known
 * from {@code help} (for completion) and the wallet for wallet calls, which follows the
 * connection's {@link LoadedWallets} (the user's pick while it is loaded). Commands go through
 * {@link ConsoleService}. Use on the JavaFX Application Thread.
 *
 * <p>Big answers (a {@code getblock <hash> 2} of a full block is several MB of JSON): the answer arrives as the
 * reply's bytes ({@link RawResult}; {@code IpcRpc} reads a reply over 16 KiB through once on an IPC callback
 * thread, so a truncated or malformed one fails there) and is pretty-printed on this model's formatter thread
 * ({@code bitcoinfx-console-format}; the pending entry says {@link #FORMATTING} meanwhile). A reply up to
 * {@value #STREAM_BYTES} bytes is printed whole; a bigger one is printed as a stream ({@link PrettyJson}) that stops
 * once the first screen ({@value #FIRST_SCREEN_LINES} lines, at most {@value #FIRST_SCREEN_CHARS} chars) is
 * printed: no tree and no whole text of it exist. Its size is measured after (another pass, on the formatter
 * thread); {@link #showMore} goes on with the stream for the next chunk, on the formatter thread; {@link #save}
 * prints the whole text again from the reply straight into the file, on {@code bitcoinfx-console-save}.
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
    /**
     * Replies bigger than this, bytes, are printed as a stream (first screen only, the rest on demand); smaller
     * ones whole, which keeps their text for Copy and their size at once. 256 KiB of reply prints to about
     * 0.5 MB of text in a few ms; the answers the stream is for are MBs (a full block's {@code getblock … 2} is
     * 5–16 MB), and every day's answers ({@code getblockchaininfo}, a transaction, a few hundred lines of
     * {@code generatetoaddress}) stay whole.
     */
    public static final int STREAM_BYTES = 256 * 1024;
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
        CompletableFuture<RawResult> answer = ConsoleService.of(sc).execute(useWallet ? w : null, cmd);
        answer.thenRun(() -> Fx.run(() -> {
            if (pending.kindProperty().get() == ConsoleEntry.Kind.PENDING) {
                pending.fill(ConsoleEntry.Kind.PENDING, FORMATTING);
            }
        }));
        boolean wantTree = WALLET_LIST_METHODS.contains(cmd.method());
        Executor fmt = formatter;
        CompletableFuture<Formatted> formatted = answer.thenApplyAsync(r -> Formatted.of(r, wantTree, fmt), fmt);
        Tasks.on(sc, formatted, "console " + cmd.method())
                .onSuccess(f -> {
                    if (f.text() != null) {
                        int end = cut(f.text(), 0, FIRST_SCREEN_LINES, FIRST_SCREEN_CHARS);
                        pending.fill(ConsoleEntry.Kind.RESULT, f.text().substring(0, end), f.text(), f.lines());
                    } else {
                        pending.fillStreamed(f.firstScreen(), f.reply(), f.stream(), f.stream().done());
                        if (f.size() != null) {
                            measured(pending, f.size());
                        }
                    }
                    trim();
                    // private keys are shown (as Bitcoin Core's console shows them) but never in the feedback bundle's picture
                    pending.setSecret(secretResult || f.privateKey());
                    LOG.debug("console {} took {} ms ({} reply bytes)", cmd.method(), (System.nanoTime() - t0) / 1_000_000,
                            f.reply().replyBytes());
                    JsonNode r = f.tree();
                    if (wantTree) {
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

    /** A streamed result's size arrived (on the formatter thread): shown once its first screen is. */
    private static void measured(ConsoleEntry e, CompletableFuture<PrettyJson.Size> size) {
        Fx.deliver(size, s -> e.measured(s.chars(), s.lines()), err -> {
            LOG.warn("console: measuring a streamed answer failed", Fx.unwrap(err));
            e.restFailed("The rest of the answer cannot be read: " + Fx.message(err));
        });
    }

    /**
     * An answer made ready for the screen off the JavaFX thread: printed whole ({@code text}), or its first
     * screen printed from a stream that goes on from there ({@code firstScreen}, {@code stream}).
     *
     * @param reply       the node's {@code result}, as the reply's bytes
     * @param tree        it as a tree, if asked for (a wallet-list method's small answer), else null
     * @param text        the whole text ({@link PrettyJson}: as {@link Json#pretty} prints the tree), or null (streamed)
     * @param lines       lines of {@code text} (0 when streamed)
     * @param firstScreen a streamed answer's first screen, else null
     * @param stream      what printed {@code firstScreen}, to go on with; null unless streamed
     * @param size        a streamed answer's size, being measured on the formatter thread; null unless streamed
     *                    and not all shown
     * @param privateKey  the text (a streamed answer's first screen) holds a private key
     *                    ({@link SensitiveRpc#containsPrivateKey})
     */
    record Formatted(RawResult reply, JsonNode tree, String text, int lines, String firstScreen, PrettyJson stream,
            CompletableFuture<PrettyJson.Size> size, boolean privateKey) {
        /**
         * Prints {@code r}: whole if its reply is at most {@link #STREAM_BYTES}, else its first screen; then (a big
         * one) queues its measuring behind this task on {@code formatter}.
         *
         * @throws java.io.UncheckedIOException if the answer is not whole JSON (checked when it arrived: cannot happen)
         */
        static Formatted of(RawResult r, boolean wantTree, Executor formatter) {
            JsonNode tree = wantTree ? r.tree() : null;
            if (r.replyBytes() <= STREAM_BYTES) {
                String text = PrettyJson.toString(r.parser());
                int lines = 1;
                for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
                    lines++;
                }
                return new Formatted(r, tree, text, lines, null, null, null, SensitiveRpc.containsPrivateKey(text));
            }
            PrettyJson s = PrettyJson.over(r.parser());
            String first = s.next(FIRST_SCREEN_LINES, FIRST_SCREEN_CHARS);
            CompletableFuture<PrettyJson.Size> size = s.done() ? null
                    : CompletableFuture.supplyAsync(() -> PrettyJson.measure(r.parser()), formatter);
            return new Formatted(r, tree, null, 0, first, s, size, SensitiveRpc.containsPrivateKey(first));
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
        return PrettyJson.cut(text, from, maxLines, maxChars);
    }

    /**
     * Shows the next chunk of a long result ({@value #MORE_LINES} lines, at most {@value #MORE_CHARS} chars). A
     * streamed result's chunk is printed on the formatter thread, going on with its stream, and shown when
     * printed (chunks asked for in a row come in order); if the stream fails, the entry says so
     * ({@link ConsoleEntry#restErrorProperty()}) and keeps what it shows.
     *
     * @return completes (on the JavaFX thread) once the chunk is shown; never fails
     */
    public CompletableFuture<Void> showMore(ConsoleEntry e) {
        if (!e.isStreamed()) {
            String full = e.fullText();
            int shown = full.length() - e.hiddenCharsProperty().get();
            if (shown < full.length()) {
                e.showChars(cut(full, shown, MORE_LINES + 1, MORE_CHARS)); // + 1: the shown part ended before a newline
            }
            return CompletableFuture.completedFuture(null);
        }
        PrettyJson s = e.stream;
        CompletableFuture<Void> shown = new CompletableFuture<>();
        if (s == null) {
            shown.complete(null);
            return shown;
        }
        String shownText = e.textProperty().get();
        String tail = shownText.substring(Math.max(0, shownText.length() - 128)); // a key cut in two by a chunk
        CompletableFuture<Chunk> chunk = e.streamOps.handle((x, err) -> null).thenApplyAsync(x -> {
            String c = s.next(MORE_LINES + 1, MORE_CHARS); // + 1: the shown part ended before a newline
            return new Chunk(c, s.done(), SensitiveRpc.containsPrivateKey(tail + c));
        }, formatter);
        e.streamOps = chunk;
        Fx.deliver(chunk, c -> {
            if (e.stream == s) {
                e.append(c.text(), c.last());
                if (c.privateKey()) {
                    e.setSecret(true);
                }
            }
            shown.complete(null);
        }, err -> {
            if (e.stream == s) {
                LOG.warn("console: printing more of a streamed answer failed", Fx.unwrap(err));
                e.restFailed("The rest of the answer cannot be read: " + Fx.message(err));
            }
            shown.complete(null);
        });
        return shown;
    }

    /** A streamed result's next chunk ({@code last}: the stream is done), printed on the formatter thread. */
    private record Chunk(String text, boolean last, boolean privateKey) {
    }

    /**
     * Writes the whole text of {@code e} ({@link ConsoleEntry#fullText()}, as the console formats it, UTF-8,
     * with a final newline) to {@code target}, off the JavaFX thread: into a temporary file beside it, then
     * moved over it, so a failed save leaves no partial file and an earlier file at {@code target} as it
     * was. The outcome is {@link ConsoleEntry#saveMessageProperty()}; the entry itself keeps its text. A streamed
     * result is printed again from its reply straight into the file ({@link PrettyJson#write}): no String of it.
     *
     * @return completes (on the JavaFX thread) once the outcome is shown; never fails
     */
    public CompletableFuture<Void> save(ConsoleEntry e, Path target) {
        String text = e.isStreamed() ? null : e.fullText();
        RawResult reply = e.reply();
        e.saveStarted();
        CompletableFuture<Long> written = CompletableFuture.supplyAsync(() -> write(out -> {
            if (text != null) {
                out.write(text);
            } else {
                PrettyJson.write(reply.parser(), out);
            }
            out.write('\n');
        }, target), saver);
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

    /** What a save writes: the text, to a UTF-8 writer. */
    private interface Body {
        void writeTo(Writer out) throws IOException;
    }

    /** @return bytes written */
    private static long write(Body body, Path target) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".part");
            long[] bytes = {0};
            try (OutputStream file = Files.newOutputStream(tmp);
                    Writer w = new BufferedWriter(new OutputStreamWriter(new FilterOutputStream(file) {
                        @Override
                        public void write(byte[] b, int off, int len) throws IOException {
                            out.write(b, off, len);
                            bytes[0] += len;
                        }

                        @Override
                        public void write(int b) throws IOException {
                            out.write(b);
                            bytes[0]++;
                        }
                    }, StandardCharsets.UTF_8), 64 * 1024)) {
                body.writeTo(w);
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return bytes[0];
        } catch (IOException | UncheckedIOException ex) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    LOG.warn("could not remove {}", tmp, ignored);
                }
            }
            throw ex instanceof UncheckedIOException u ? u : new UncheckedIOException((IOException) ex);
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

    /**
     * Drops the oldest entries while what they keep (whole texts, chars; streamed results' replies, bytes) passes
     * {@link #MAX_KEPT_CHARS} (a few multi-MB answers).
     */
    private void trim() {
        long kept = 0;
        for (ConsoleEntry e : entries) {
            kept += e.keptSize();
        }
        int drop = 0;
        while (kept > MAX_KEPT_CHARS && drop < entries.size() - 1) {
            kept -= entries.get(drop).keptSize();
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
