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
import org.bitcoinfx.gui.util.Tasks;
import org.bitcoinfx.ipc.JsonRpcException;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Wallet page's state: loaded wallets with balances, the selected wallet's balances, info,
 * activity (paged) and payment requests, and the actions that change them (create, open, close,
 * backup, restore, new payment request). Calls go through {@link WalletService}; results change
 * the properties on the JavaFX Application Thread. Use on that thread only.
 */
public final class WalletViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(WalletViewModel.class);
    /** Activity rows per page. */
    public static final int PAGE_SIZE = 25;

    /** A loaded wallet and its balances (for the selector). */
    public record WalletEntry(String name, Balances balances) {
        @Override
        public String toString() {
            return name.isEmpty() ? "(default wallet)" : name;
        }
    }

    private final ObservableList<WalletEntry> wallets = FXCollections.observableArrayList();
    private final ObservableList<String> unloaded = FXCollections.observableArrayList();
    private final StringProperty selected = new SimpleStringProperty(this, "selected");
    private final ObjectProperty<Balances> balances = new SimpleObjectProperty<>(this, "balances", Balances.UNKNOWN);
    private final ObjectProperty<WalletInfo> info = new SimpleObjectProperty<>(this, "info");
    private final ObservableList<WalletTx> activity = FXCollections.observableArrayList();
    private final IntegerProperty page = new SimpleIntegerProperty(this, "page", 0);
    private final BooleanProperty hasOlder = new SimpleBooleanProperty(this, "hasOlder", false);
    private final ObservableList<PaymentRequest> requests = FXCollections.observableArrayList();
    private final StringProperty notice = new SimpleStringProperty(this, "notice", "");
    private final StringProperty error = new SimpleStringProperty(this, "error", "");
    private final BooleanProperty noWalletSupport = new SimpleBooleanProperty(this, "noWalletSupport", false);
    private final BooleanProperty connected = new SimpleBooleanProperty(this, "connected", false);
    private final BooleanProperty loaded = new SimpleBooleanProperty(this, "loaded", false);
    private LoadedWallets loadedWallets;
    private final javafx.collections.ListChangeListener<String> onLoadedChanged = c -> loadBalances(List.copyOf(c.getList()));
    private final RequestStore requestStore;
    private WalletService service;
    /** The connection's scope: answers that arrive after it closed are dropped ({@link Tasks}). */
    private ConnectionScope scope;

    /** @param requestStore where payment requests are kept */
    public WalletViewModel(RequestStore requestStore) {
        this.requestStore = requestStore;
        selected.addListener((o, a, w) -> {
            page.set(0);
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

    /** The current page of activity, newest first. */
    public ObservableList<WalletTx> activity() {
        return activity;
    }

    /** The activity page shown, 0 = newest. */
    public IntegerProperty pageProperty() {
        return page;
    }

    /** True if an older page may exist. */
    public BooleanProperty hasOlderProperty() {
        return hasOlder;
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
        if (loadedWallets != null) {
            loadedWallets.names().removeListener(onLoadedChanged);
        }
        service = scope == null ? null : WalletService.of(scope);
        loadedWallets = scope == null ? null : LoadedWallets.of(scope);
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
        Tasks.on(scope, changed, "listwallets")
                .onSuccess(ch -> {
                    if (!ch) {
                        loadBalances(List.copyOf(lw.names())); // unchanged: the list's listener did not run
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
        Tasks.on(scope, s.listWalletDir().thenCombine(changed, (dir, ch) -> dir), "listwalletdir")
                .onSuccess(dir -> unloaded.setAll(dir.stream().filter(n -> !lw.names().contains(n)).toList()))
                .onError(e -> LOG.info("listwalletdir: {}", Fx.message(e)))
                .run();
    }

    /** Reads every loaded wallet's balances, then the selected wallet (or selects the first). */
    private void loadBalances(List<String> names) {
        if (service == null) {
            return;
        }
        Tasks.on(scope, service.balances(names), "getbalances").onSuccess(m -> {
            noWalletSupport.set(false);
            List<WalletEntry> entries = new ArrayList<>();
            m.forEach((n, b) -> entries.add(new WalletEntry(n, b)));
            String sel = selected.get();
            wallets.setAll(entries);
            loaded.set(true);
            if (sel == null || !m.containsKey(sel)) {
                selected.set(entries.isEmpty() ? null : entries.get(0).name());
            } else {
                refreshSelected();
            }
        }).onError(e -> fail("listwallets", e)).run();
    }

    /** Reads the selected wallet's balances, info and current activity page. */
    public void refreshSelected() {
        String w = selected.get();
        if (service == null || w == null) {
            return;
        }
        Tasks.on(scope, service.balances(w), "getbalances").onSuccess(b -> {
            if (w.equals(selected.get())) {
                balances.set(b);
                for (int i = 0; i < wallets.size(); i++) {
                    if (wallets.get(i).name().equals(w)) {
                        wallets.set(i, new WalletEntry(w, b));
                    }
                }
            }
        }).onError(e -> fail("getbalances", e)).run();
        Tasks.on(scope, service.walletInfo(w), "getwalletinfo").onSuccess(i -> {
            if (w.equals(selected.get())) {
                info.set(i);
            }
        }).onError(e -> fail("getwalletinfo", e)).run();
        loadActivity(w, page.get());
    }

    private void loadActivity(String w, int p) {
        // one row more than a page tells whether an older page exists
        Tasks.on(scope, service.listTransactions(w, PAGE_SIZE + 1, p * PAGE_SIZE), "listtransactions").onSuccess(rows -> {
            if (!w.equals(selected.get())) {
                return;
            }
            page.set(p);
            hasOlder.set(rows.size() > PAGE_SIZE);
            activity.setAll(rows.subList(0, Math.min(PAGE_SIZE, rows.size())));
        }).onError(e -> fail("listtransactions", e)).run();
    }

    /** Shows the next older page of activity. */
    public void olderPage() {
        if (service != null && selected.get() != null && hasOlder.get()) {
            loadActivity(selected.get(), page.get() + 1);
        }
    }

    /** Shows the next newer page of activity. */
    public void newerPage() {
        if (service != null && selected.get() != null && page.get() > 0) {
            loadActivity(selected.get(), page.get() - 1);
        }
    }

    /** {@code gettransaction} of the selected wallet. */
    public CompletableFuture<JsonNode> details(String txid) {
        if (service == null || selected.get() == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no wallet"));
        }
        return service.transaction(selected.get(), txid);
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
