package org.bitcoinfx.gui.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.bitcoinfx.gui.util.Fx;
import org.bitcoinfx.gui.util.ReadOrder;
import org.bitcoinfx.gui.util.Tasks;
import org.bitcoinfx.ipc.JsonRpcException;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Wallet page's state: loaded wallets with balances, the selected wallet's balances, info,
 * activity and payment requests, and the actions that change them (create, open, close,
 * backup, restore, new payment request, CSV export). Calls go through {@link WalletService}; results change
 * the properties on the JavaFX Application Thread. Use on that thread only.
 *
 * <p>Activity: the selected wallet's whole history is read once ({@link WalletService#history}: listtransactions
 * {@value WalletService#FIRST_CHUNK} rows, shown at once, then chunks of {@value WalletService#HISTORY_CHUNK}) into a {@link WalletHistory}; each refresh after that (a new
 * block, a send) asks only {@code listsinceblock <last block>} and merges. {@link #activity()} holds the rows the
 * {@link #searchProperty() search} finds (all of them when it is blank), filtered off the JavaFX thread; the table
 * over it is virtualised, so 20,000 rows cost only the visible cells.
 */
public final class WalletViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(WalletViewModel.class);
    /** Rows the Overview's recent list shows. */
    public static final int RECENT = 8;
    /** Searches and merges of big histories run here, one at a time, off the JavaFX thread. */
    private static final java.util.concurrent.ExecutorService WORK = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bitcoinfx-wallet-history");
        t.setDaemon(true);
        return t;
    });

    /** A loaded wallet and its balances (for the selector). */
    public record WalletEntry(String name, Balances balances) {
        @Override
        public String toString() {
            return name.isEmpty() ? "(default wallet)" : name;
        }
    }

    private final ObservableList<WalletEntry> wallets = FXCollections.observableArrayList();
    private final ObservableList<String> unloaded = FXCollections.observableArrayList();
    private final ObservableList<String> legacy = FXCollections.observableArrayList();
    private final StringProperty selected = new SimpleStringProperty(this, "selected");
    private final ObjectProperty<Balances> balances = new SimpleObjectProperty<>(this, "balances", Balances.UNKNOWN);
    private final ObjectProperty<WalletInfo> info = new SimpleObjectProperty<>(this, "info");
    private final ObservableList<WalletTx> activity = FXCollections.observableArrayList();
    private final ObservableList<WalletTx> recent = FXCollections.observableArrayList();
    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    private final IntegerProperty historySize = new SimpleIntegerProperty(this, "historySize", 0);
    private final IntegerProperty historyRead = new SimpleIntegerProperty(this, "historyRead", -1);
    private final BooleanProperty exporting = new SimpleBooleanProperty(this, "exporting", false);
    private final javafx.beans.property.DoubleProperty lastRefreshMillis = new javafx.beans.property.SimpleDoubleProperty(this, "lastRefreshMillis", -1);
    private final javafx.beans.property.DoubleProperty exportProgress = new javafx.beans.property.SimpleDoubleProperty(this, "exportProgress", 0);
    /** The selected wallet's history, or null before it is read. */
    private WalletHistory history;
    /** Counts history loads and searches: an answer for an older one is dropped. */
    private long historyGeneration;
    private long searchGeneration;
    /** True while a listsinceblock refresh runs; a refresh asked meanwhile runs after it. */
    private boolean refreshing;
    private boolean refreshAgain;
    private volatile boolean stopExport;
    private final ObservableList<PaymentRequest> requests = FXCollections.observableArrayList();
    private final StringProperty notice = new SimpleStringProperty(this, "notice", "");
    private final StringProperty error = new SimpleStringProperty(this, "error", "");
    private final BooleanProperty noWalletSupport = new SimpleBooleanProperty(this, "noWalletSupport", false);
    private final BooleanProperty connected = new SimpleBooleanProperty(this, "connected", false);
    private final BooleanProperty loaded = new SimpleBooleanProperty(this, "loaded", false);
    private LoadedWallets loadedWallets;
    private final javafx.collections.ListChangeListener<String> onLoadedChanged = c -> loadBalances(List.copyOf(c.getList()), loadedWallets.applied());
    private final RequestStore requestStore;
    private WalletService service;
    /**
     * {@link LoadedWallets#asked()} when the wallet was last selected: a wallet list asked for up to then may lack it
     * (a wallet created and selected while the list was out) and must not undo the selection ({@link #loadBalances}).
     */
    private long listsAskedAtSelection;
    /**
     * The wallet-directory reads ({@code listwalletdir}) asked, and the latest one whose answer {@link #legacy} and
     * {@link #unloaded} hold: answers can come out of order (they are read off the connection's reader on a pool), and
     * an older one would offer a wallet migrated since for migration again, or empty the list under an open form.
     */
    private final ReadOrder dirReads = new ReadOrder();
    /** The balance lists of every loaded wallet ({@link #loadBalances}): an older list must not undo a newer one. */
    private final ReadOrder balanceLists = new ReadOrder();
    /** The selected wallet's {@code getbalances} and {@code getwalletinfo} ({@link #refreshSelected()}). */
    private final ReadOrder selectedBalances = new ReadOrder();
    private final ReadOrder selectedInfos = new ReadOrder();
    /** The connection's scope: answers that arrive after it closed are dropped ({@link Tasks}). */
    private ConnectionScope scope;

    /** @param requestStore where payment requests are kept */
    public WalletViewModel(RequestStore requestStore) {
        this.requestStore = requestStore;
        search.addListener((o, a, q) -> applySearch());
        selected.addListener((o, a, w) -> {
            listsAskedAtSelection = loadedWallets == null ? 0 : loadedWallets.asked();
            dropHistory();
            activity.clear();
            requests.clear();
            info.set(null);
            balances.set(Balances.UNKNOWN);
            if (w != null) {
                refreshSelected();
                loadRequests(w);
            }
        });
    }

    /** Loaded wallets with balances. */
    public ObservableList<WalletEntry> wallets() {
        return wallets;
    }

    /** Wallets in the wallet directory that are not loaded. */
    public ObservableList<String> unloaded() {
        return unloaded;
    }

    /** @return the legacy (Berkeley DB) wallets of the wallet directory: the node loads them only after {@link #migrate} */
    public ObservableList<String> legacy() {
        return legacy;
    }

    /** The selected wallet's name, or null. */
    public StringProperty selectedProperty() {
        return selected;
    }

    /** The selected wallet's balances. */
    public ObjectProperty<Balances> balancesProperty() {
        return balances;
    }

    /** The selected wallet's getwalletinfo, or null. */
    public ObjectProperty<WalletInfo> infoProperty() {
        return info;
    }

    /** The activity rows the search finds (every row when it is blank), newest first; replaced whole on each change. */
    public ObservableList<WalletTx> activity() {
        return activity;
    }

    /** The newest {@value #RECENT} rows of the whole history (the Overview's list), whatever the search. */
    public ObservableList<WalletTx> recent() {
        return recent;
    }

    /** The activity search: part of a txid, address, label or amount in BTC ({@link WalletTx#matches}). */
    public StringProperty searchProperty() {
        return search;
    }

    /** Rows in the selected wallet's whole history (0 before it is read). */
    public IntegerProperty historySizeProperty() {
        return historySize;
    }

    /** Rows read so far while the history is being read, -1 when no read is going on. */
    public IntegerProperty historyReadProperty() {
        return historyRead;
    }

    /** The selected wallet's history as last read, or null before the first read ends. */
    public WalletHistory history() {
        return history;
    }

    /**
     * How long the last incremental refresh of the activity took, ms: from the {@code listsinceblock} call to the rows
     * set (IPC, merge, list update on the JavaFX thread; with a search, its filtering runs after, off the thread); -1
     * before the first. A figure for the bench.
     */
    public javafx.beans.property.DoubleProperty lastRefreshMillisProperty() {
        return lastRefreshMillis;
    }

    /** True while a CSV export runs. */
    public BooleanProperty exportingProperty() {
        return exporting;
    }

    /** The running export's progress, 0…1. */
    public javafx.beans.property.DoubleProperty exportProgressProperty() {
        return exportProgress;
    }

    /** The selected wallet's payment requests, newest first. */
    public ObservableList<PaymentRequest> requests() {
        return requests;
    }

    /** A success message, or empty. */
    public StringProperty noticeProperty() {
        return notice;
    }

    /** The last error (the node's message where it refused), or empty. */
    public StringProperty errorProperty() {
        return error;
    }

    /** True if the node runs without a wallet ({@code -disablewallet}: the wallet RPCs do not exist). */
    public BooleanProperty noWalletSupportProperty() {
        return noWalletSupport;
    }

    /** True while connected to a node. */
    public BooleanProperty connectedProperty() {
        return connected;
    }

    /** True once the wallet list has been read from the node. */
    public BooleanProperty loadedProperty() {
        return loaded;
    }

    /** @return the connection's scope (services and deliveries of other wallet models), or null when not connected */
    public ConnectionScope scope() {
        return scope;
    }

    /** @return the service of the connected node, or null */
    public WalletService service() {
        return service;
    }

    /**
     * A new connection (or null when it ends): the wallet service and the {@link LoadedWallets}
     * list of its scope, which this model follows (a wallet loaded from the console shows here).
     */
    public void setScope(ConnectionScope scope) {
        this.scope = scope;
        dropHistory(); // a refresh in flight was dropped with the old scope; the node may be another one: read again
        if (loadedWallets != null) {
            loadedWallets.names().removeListener(onLoadedChanged);
        }
        service = scope == null ? null : WalletService.of(scope);
        loadedWallets = scope == null ? null : LoadedWallets.of(scope);
        listsAskedAtSelection = 0; // the selection predates every list of the new connection
        connected.set(scope != null);
        if (scope == null) {
            loaded.set(false);
            return;
        }
        loadedWallets.names().addListener(onLoadedChanged);
        refreshAll();
    }

    /**
     * Reads the wallet list ({@link LoadedWallets#refresh()}, listwalletdir), every loaded wallet's
     * balances and the selected wallet.
     */
    public void refreshAll() {
        if (service == null) {
            return;
        }
        WalletService s = service;
        LoadedWallets lw = loadedWallets;
        CompletableFuture<Boolean> changed = lw.refresh();
        long listAsked = lw.asked();
        Tasks.on(scope, changed, "listwallets")
                .onSuccess(ch -> {
                    if (!ch) {
                        // unchanged: the list's listener did not run; the list is the node's as of this refresh
                        loadBalances(List.copyOf(lw.names()), listAsked);
                    }
                })
                .onError(JsonRpcException.class, j -> {
                    if (j.code() == -32601) {
                        noWalletSupport.set(true);
                        loaded.set(true);
                    } else {
                        fail("listwallets", j);
                    }
                })
                .onError(e -> fail("listwallets", e))
                .run();
        long dirAsked = dirReads.ask();
        Tasks.on(scope, s.listWalletDir().thenCombine(s.listLegacyWallets(), (dir, old) -> List.of(dir, old))
                        .thenCombine(changed, (both, ch) -> both), "listwalletdir")
                .onSuccess(both -> {
                    if (!dirReads.tryApply(dirAsked)) {
                        return; // a later-asked read is shown already (see dirReads)
                    }
                    // set only when changed: a list replaced by an equal one still tells every listener (the Open
                    // menu is rebuilt, a combo box over the list moves its value)
                    List<String> legacyNames = both.get(1);
                    List<String> closedNames = both.get(0).stream()
                            .filter(n -> !lw.names().contains(n) && !legacyNames.contains(n)).toList();
                    if (!legacy.equals(legacyNames)) {
                        legacy.setAll(legacyNames);
                    }
                    if (!unloaded.equals(closedNames)) {
                        unloaded.setAll(closedNames);
                    }
                })
                .onError(e -> LOG.info("listwalletdir: {}", Fx.message(e)))
                .run();
    }

    /**
     * Reads every loaded wallet's balances, then the selected wallet. If the selected wallet is not in {@code names},
     * the first is selected, unless the list predates the selection: {@code listAsked}, the number of the
     * {@link LoadedWallets#refresh()} that read {@code names}, is not after {@link #listsAskedAtSelection} (a wallet
     * created and selected while that list was out; the stress round found a list asked before "alice" was created
     * selecting "demo" again).
     */
    private void loadBalances(List<String> names, long listAsked) {
        if (service == null) {
            return;
        }
        long seq = balanceLists.ask();
        Tasks.on(scope, service.balances(names), "getbalances").onSuccess(m -> {
            if (!balanceLists.tryApply(seq)) {
                return; // a list asked after this one was shown already
            }
            noWalletSupport.set(false);
            List<WalletEntry> entries = new ArrayList<>();
            m.forEach((n, b) -> entries.add(new WalletEntry(n, b)));
            String sel = selected.get();
            wallets.setAll(entries);
            loaded.set(true);
            if (sel != null && m.containsKey(sel)) {
                refreshSelected();
            } else if (sel == null || listAsked > listsAskedAtSelection) {
                selected.set(entries.isEmpty() ? null : entries.get(0).name());
            }
            // else: a wallet was selected (a new one, say) after this list was asked for: the next list has it
        }).onError(e -> fail("listwallets", e)).run();
    }

    /** Reads the selected wallet's balances, info and current activity page. */
    public void refreshSelected() {
        String w = selected.get();
        if (service == null || w == null) {
            return;
        }
        // answers come back in any order (several refreshes overlap: tips, sends, the page shown): an older one must not
        // put back a balance from before a payment, which the send's review would then refuse
        long balanceSeq = selectedBalances.ask();
        long infoSeq = selectedInfos.ask();
        Tasks.on(scope, service.balances(w), "getbalances").onSuccess(b -> {
            if (w.equals(selected.get()) && selectedBalances.tryApply(balanceSeq)) {
                balances.set(b);
                for (int i = 0; i < wallets.size(); i++) {
                    if (wallets.get(i).name().equals(w)) {
                        wallets.set(i, new WalletEntry(w, b));
                    }
                }
            }
        }).onError(e -> fail("getbalances", e)).run();
        Tasks.on(scope, service.walletInfo(w), "getwalletinfo").onSuccess(i -> {
            if (w.equals(selected.get()) && selectedInfos.tryApply(infoSeq)) {
                info.set(i);
            }
        }).onError(e -> fail("getwalletinfo", e)).run();
        loadActivity(w);
    }

    private void dropHistory() {
        history = null;
        historyGeneration++;
        historySize.set(0);
        historyRead.set(-1);
        recent.clear();
        refreshing = false;
        refreshAgain = false;
    }

    /**
     * The activity of {@code w}: the whole history the first time, then {@code listsinceblock} from its last block.
     * A refresh asked while one runs runs once after it.
     */
    private void loadActivity(String w) {
        if (history == null) {
            if (historyRead.get() < 0) {
                readHistory(w);
            } else {
                // the read under way may have passed what this refresh was asked for (a payment after its last call
                // was answered): read what came since its block once it is done
                refreshAgain = true;
            }
            return;
        }
        if (refreshing) {
            refreshAgain = true;
            return;
        }
        refreshing = true;
        long gen = historyGeneration;
        WalletHistory h = history;
        long started = System.nanoTime();
        CompletableFuture<WalletHistory> merged = service.sinceBlock(w, h.lastBlock()).thenApplyAsync(h::merge, WORK);
        Tasks.on(scope, merged, "listsinceblock").onSuccess(m -> {
            if (gen == historyGeneration) {
                setHistory(m);
                lastRefreshMillis.set((System.nanoTime() - started) / 1e6);
            }
        }).onError(JsonRpcException.class, j -> {
            if (gen != historyGeneration) {
                return;
            }
            if (j.code() == -5) { // RPC_INVALID_ADDRESS_OR_KEY "Block not found": the node does not know our last block
                LOG.info("listsinceblock {} of {}: {}; reading the whole history again", h.lastBlock(), w, j.rpcMessage());
                dropHistory();
                readHistory(w);
            } else {
                fail("listsinceblock", j);
            }
        }).onError(e -> fail("listsinceblock", e)).andFinally(() -> {
            if (gen == historyGeneration) {
                refreshing = false;
                if (refreshAgain) {
                    refreshAgain = false;
                    loadActivity(w);
                }
            }
        }).run();
    }

    private void readHistory(String w) {
        long gen = ++historyGeneration;
        historyRead.set(0);
        CompletableFuture<WalletHistory> f = service.history(w, (chunk, n) -> Fx.run(() -> {
            if (gen == historyGeneration) {
                historyRead.set(n);
                if (n == chunk.size()) { // the newest rows: shown while the rest is read
                    recent.setAll(chunk.subList(0, Math.min(RECENT, chunk.size())));
                    if (search.get() == null || search.get().isBlank()) {
                        activity.setAll(chunk);
                    }
                }
            }
        }), () -> gen != historyGeneration);
        Tasks.on(scope, f, "listtransactions").onSuccess(h -> {
            if (gen == historyGeneration) {
                historyRead.set(-1);
                setHistory(h);
                if (refreshAgain) {
                    refreshAgain = false;
                    loadActivity(w);
                }
            }
        }).onError(java.util.concurrent.CancellationException.class, c -> LOG.debug("history read of {} stopped", w))
                .onError(e -> {
                    if (gen == historyGeneration) {
                        historyRead.set(-1);
                        fail("listtransactions", e);
                    }
                }).run();
    }

    private void setHistory(WalletHistory h) {
        history = h;
        historySize.set(h.size());
        List<WalletTx> top = h.rows().subList(0, Math.min(RECENT, h.size()));
        if (!top.equals(recent)) {
            recent.setAll(top);
        }
        applySearch();
    }

    /** Filters the history by the search off the JavaFX thread; the newest search's answer wins. */
    private void applySearch() {
        WalletHistory h = history;
        long gen = ++searchGeneration;
        if (h == null) {
            activity.clear();
            return;
        }
        String q = search.get();
        if (q == null || q.isBlank()) {
            activity.setAll(h.rows());
            return;
        }
        Fx.deliver(CompletableFuture.supplyAsync(() -> h.search(q), WORK), rows -> {
            if (gen == searchGeneration) {
                activity.setAll(rows);
            }
        }, e -> fail("search", e));
    }

    /**
     * Writes the selected wallet's whole history (not only the rows the search finds) as CSV to {@code file}
     * ({@link WalletCsv}), off the JavaFX thread, with {@link #exportProgressProperty()}; {@link #cancelExport()} stops
     * it. The notice says where it wrote, the error why it failed.
     *
     * @return completes with the file written; fails with CancellationException when cancelled, IOException when it
     *         cannot write, IllegalStateException when no history is read yet or an export runs
     */
    public CompletableFuture<Path> exportCsv(Path file) {
        WalletHistory h = history;
        if (h == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("The activity is still being read; export when it is shown."));
        }
        if (exporting.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("An export is already running."));
        }
        exporting.set(true);
        exportProgress.set(0);
        stopExport = false;
        CompletableFuture<Path> f = CompletableFuture.supplyAsync(() -> {
            try {
                return WalletCsv.write(h.rows(), file, p -> Fx.run(() -> exportProgress.set(p)), () -> stopExport);
            } catch (java.io.IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, r -> {
            Thread t = new Thread(r, "bitcoinfx-wallet-export");
            t.setDaemon(true);
            t.start();
        });
        Fx.deliver(f, p -> {
            exporting.set(false);
            error.set("");
            notice.set("Exported " + org.bitcoinfx.gui.util.Units.number(h.size()) + " transactions to " + p + ".");
        }, e -> {
            exporting.set(false);
            Throwable t = Fx.unwrap(e);
            if (t instanceof java.util.concurrent.CancellationException) {
                notice.set("Export cancelled; " + file.toAbsolutePath() + " was not written.");
            } else {
                LOG.warn("CSV export to {} failed: {}", file, Fx.message(t));
                error.set("Could not export to " + file.toAbsolutePath() + ": " + Fx.message(t));
            }
        });
        return f;
    }

    /** Stops a running export; the file is not written (an earlier file there stays as it was). */
    public void cancelExport() {
        stopExport = true;
    }

    /** {@code gettransaction} of the selected wallet. */
    public CompletableFuture<WalletTxDetails> details(String txid) {
        if (service == null || selected.get() == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no wallet"));
        }
        return service.transactionDetails(selected.get(), txid);
    }

    /** Longest wallet name, UTF-8 bytes: it names a folder in the wallet directory ({@code NAME_MAX} on Linux and macOS). */
    public static final int MAX_NAME_BYTES = 255;

    /**
     * What is wrong with a new wallet's name (already stripped), before any call: empty, a
     * {@code /} or {@code \} (Bitcoin Core would make a sub-folder of it), a control character, or
     * more than {@value #MAX_NAME_BYTES} bytes. Any other Unicode is fine: the node keeps it as it is.
     *
     * @return the sentence to show, or empty if the name can be sent to {@code createwallet}
     */
    public static String nameProblem(String n) {
        if (n == null || n.isEmpty()) {
            return "Enter a name for the wallet.";
        }
        if (n.contains("/") || n.contains("\\")) {
            return "A wallet name cannot contain / or \\ (it names a folder in the wallet directory).";
        }
        if (n.codePoints().anyMatch(Character::isISOControl)) {
            return "A wallet name cannot contain control characters (new lines, tabs, NUL).";
        }
        int bytes = n.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_NAME_BYTES) {
            return "A wallet name can be at most " + MAX_NAME_BYTES + " bytes (it names a folder); this one is " + bytes + ".";
        }
        return "";
    }

    /**
     * Creates a descriptor wallet and selects it. The passphrase is closed when the call is done.
     *
     * @return completes (on the JavaFX thread's side) with the name, or fails with the node's error,
     *         or with IllegalArgumentException (no call made) for a name {@link #nameProblem} refuses
     */
    public CompletableFuture<String> create(String name, Passphrase passphrase) {
        String problem = nameProblem(name);
        if (!problem.isEmpty()) {
            passphrase.close();
            return CompletableFuture.failedFuture(new IllegalArgumentException(problem));
        }
        if (service == null) {
            passphrase.close();
            return CompletableFuture.failedFuture(new IllegalStateException("Not connected to bitcoin-node."));
        }
        CompletableFuture<String> f = service.createWallet(name, passphrase);
        f.whenComplete((n, e) -> passphrase.close());
        return after(f, n -> "Created wallet " + n + (passphrase.isEmpty() ? "" : " (encrypted)") + ". Back it up before you use it.");
    }

    /**
     * Creates a watch-only descriptor wallet of public descriptors ({@link org.bitcoinfx.gui.wallet.psbt.PsbtService#createWatchOnly})
     * and selects it: it sees the coins of another wallet or device and makes PSBTs to sign there.
     *
     * @param descriptors the receive descriptor, and the change one if separate
     * @param rescan      import with timestamp 0 (the whole chain is scanned for past coins) rather than "now"
     * @return completes with the name, or fails with IllegalArgumentException (no call) for bad input, or the node's error
     */
    public CompletableFuture<String> createWatchOnly(String name, List<String> descriptors, boolean rescan) {
        String problem = nameProblem(name);
        if (!problem.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(problem));
        }
        if (scope == null) {
            return notConnected();
        }
        return after(org.bitcoinfx.gui.wallet.psbt.PsbtService.of(scope).createWatchOnly(name, descriptors, rescan),
                n -> "Created watch-only wallet " + n + ". Send makes PSBTs to sign where the keys are.");
    }

    /**
     * {@code enumeratesigners}: the devices of the node's {@code -signer} tool (Settings → External signer).
     *
     * @return fails with the node's error when the node runs without {@code -signer}
     */
    public CompletableFuture<List<org.bitcoinfx.gui.wallet.psbt.ExternalSigner>> externalSigners() {
        return scope == null ? CompletableFuture.failedFuture(new IllegalStateException("Not connected to bitcoin-node."))
                : org.bitcoinfx.gui.wallet.psbt.PsbtService.of(scope).enumerateSigners();
    }

    /** Creates a wallet on the node's one external signer ({@code createwallet … external_signer}) and selects it. */
    public CompletableFuture<String> createOnSigner(String name) {
        String problem = nameProblem(name);
        if (!problem.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(problem));
        }
        if (scope == null) {
            return notConnected();
        }
        return after(org.bitcoinfx.gui.wallet.psbt.PsbtService.of(scope).createExternalSignerWallet(name),
                n -> "Created wallet " + n + " on the external signer. Sends are signed on the device.");
    }

    /**
     * {@code migratewallet}: a legacy wallet becomes a descriptor wallet, loaded and selected; the notice names what the
     * node made and where it put the backup. Refused without a call: no wallet chosen. The passphrase is closed after
     * the node's answer.
     *
     * @param passphrase the legacy wallet's passphrase, empty for an unencrypted one
     * @return completes on the JavaFX thread with the result, or fails with the refusal (the node's words for its own)
     */
    public CompletableFuture<MigrationResult> migrate(String name, Passphrase passphrase) {
        if (name == null || name.isBlank() && !legacy.contains("")) {
            passphrase.close();
            return CompletableFuture.failedFuture(new IllegalArgumentException("Choose the legacy wallet to migrate."));
        }
        if (service == null) {
            passphrase.close();
            return notConnected().thenApply(x -> null);
        }
        CompletableFuture<MigrationResult> f = service.migrateWallet(name, passphrase);
        f.whenComplete((r, e) -> passphrase.close());
        CompletableFuture<MigrationResult> out = new CompletableFuture<>();
        after(f.thenApply(MigrationResult::walletName), n -> f.join().describe()).whenComplete((n, e) -> {
            if (e != null) {
                out.completeExceptionally(e);
            } else {
                out.complete(f.join());
            }
        });
        return out;
    }

    /** {@code loadwallet} and select it. */
    public CompletableFuture<String> open(String name) {
        return after(service == null ? notConnected() : service.loadWallet(name), n -> "Opened wallet " + n + ".");
    }

    /** {@code unloadwallet} of the selected wallet. */
    public CompletableFuture<String> closeSelected() {
        String w = selected.get();
        if (w == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("No wallet selected."));
        }
        selected.set(null);
        return after(service == null ? notConnected() : service.unloadWallet(w).thenApply(v -> (String) null), n -> "Closed wallet " + w + ".");
    }

    /** {@code backupwallet} of the selected wallet to {@code file}. */
    public CompletableFuture<String> backup(Path file) {
        String w = selected.get();
        if (service == null || w == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("No wallet selected."));
        }
        CompletableFuture<String> f = service.backupWallet(w, file).thenApply(v -> w);
        Fx.deliver(f, n -> {
            error.set("");
            notice.set("Backed up wallet " + n + " to " + file + ".");
        }, e -> fail("backupwallet", e));
        return f;
    }

    /** {@code restorewallet name file} and select it. */
    public CompletableFuture<String> restore(String name, Path file) {
        return after(service == null ? notConnected() : service.restoreWallet(name, file), n -> "Restored wallet " + n + " from " + file + ".");
    }

    private static CompletableFuture<String> notConnected() {
        return CompletableFuture.failedFuture(new IllegalStateException("Not connected to bitcoin-node."));
    }

    /** On success: notice, refresh the list, select the wallet named by the result (if any). Errors are left to the caller's form. */
    private CompletableFuture<String> after(CompletableFuture<String> f, java.util.function.Function<String, String> message) {
        CompletableFuture<String> out = new CompletableFuture<>();
        Fx.deliver(f, n -> {
            error.set("");
            notice.set(message.apply(n));
            if (n != null) {
                selected.set(null);
                selected.set(n);
            }
            refreshAll(); // LoadedWallets tells the other pages
            out.complete(n);
        }, out::completeExceptionally);
        return out;
    }

    /**
     * Makes a payment request: {@code getnewaddress label type}, then keeps it in the request
     * history. Amount -1 for none.
     */
    public CompletableFuture<PaymentRequest> newRequest(AddressType type, String label, long amountSat, String message) {
        String w = selected.get();
        if (service == null || w == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("No wallet selected."));
        }
        CompletableFuture<PaymentRequest> f = service.newAddress(w, label, type).thenApply(a -> new PaymentRequest(Instant.now().getEpochSecond(), w,
                a, type.rpcName(), label == null ? "" : label.strip(), amountSat, message == null ? "" : message.strip()));
        CompletableFuture<PaymentRequest> out = new CompletableFuture<>();
        Fx.deliver(f, r -> {
            requests.add(0, r);
            requestStore.add(r).whenComplete((v, e) -> {
                if (e != null) {
                    LOG.warn("cannot save payment request: {}", Fx.message(e));
                    Fx.run(() -> error.set("The request is made but could not be saved to " + requestStore.file() + ": " + Fx.message(e)));
                }
            });
            out.complete(r);
        }, out::completeExceptionally);
        return out;
    }

    private void loadRequests(String w) {
        Fx.deliver(requestStore.forWallet(w), list -> {
            if (w.equals(selected.get())) {
                requests.setAll(list);
            }
        }, e -> {
            LOG.warn("cannot read payment requests: {}", Fx.message(e));
            error.set("Cannot read the payment request history: " + Fx.message(e));
        });
    }

    private void fail(String what, Throwable e) {
        Throwable t = Fx.unwrap(e);
        if (t instanceof JsonRpcException j) {
            LOG.info("{}: {}", what, j.getMessage());
            error.set(j.rpcMessage());
        } else {
            LOG.warn("{} failed: {}", what, Fx.message(t), t);
            error.set(what + " failed: " + Fx.message(t));
        }
    }
}
