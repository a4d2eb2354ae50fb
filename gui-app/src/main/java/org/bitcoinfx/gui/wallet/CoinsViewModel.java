package org.bitcoinfx.gui.wallet;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.gui.util.Fx;
import org.bitcoinfx.gui.util.Tasks;
import org.bitcoinfx.gui.util.Units;
import org.bitcoinfx.ipc.JsonRpcException;

/**
 * The Coins tab's state: the selected wallet's coins ({@link CoinsService#coins}), freezing and unfreezing them, and
 * coin control for the next send (the coins chosen to spend, a custom change address). Use on the JavaFX thread only;
 * results arrive through {@link Tasks} in the wallet's connection scope.
 */
public final class CoinsViewModel {
    private final WalletViewModel wallet;
    private final ObservableList<Utxo> coins = FXCollections.observableArrayList();
    private final ObservableList<Utxo> chosen = FXCollections.observableArrayList();
    private final ReadOnlyLongWrapper frozenSat = new ReadOnlyLongWrapper(this, "frozenSat", 0);
    private final ReadOnlyLongWrapper chosenSat = new ReadOnlyLongWrapper(this, "chosenSat", 0);
    private final StringProperty changeAddress = new SimpleStringProperty(this, "changeAddress", "");
    private final ObjectProperty<AddressCheck> changeCheck = new SimpleObjectProperty<>(this, "changeCheck");
    private final StringProperty changeError = new SimpleStringProperty(this, "changeError", "");
    private final StringProperty error = new SimpleStringProperty(this, "error", "");
    private final LongProperty loads = new SimpleLongProperty(this, "loads", 0);
    private long generation;
    /** True while the Coins tab is shown: then the whole list is read, else only the frozen coins. */
    private boolean showing;
    /** The frozen coins (for "send max"), kept whether or not the whole list is read. */
    private List<Utxo> frozenCoins = List.of();

    /** @param wallet the wallet page's model (selected wallet, scope) */
    public CoinsViewModel(WalletViewModel wallet) {
        this.wallet = wallet;
        wallet.selectedProperty().addListener((o, a, w) -> {
            coins.clear();
            frozenCoins = List.of();
            chosen.clear();
            changeAddress.set("");
            error.set("");
            sums();
            refresh();
        });
        wallet.balancesProperty().addListener((o, a, b) -> refresh());
        changeAddress.addListener((o, a, t) -> changeError.set(""));
        chosen.addListener((javafx.collections.ListChangeListener<Utxo>) ch -> chosenSat.set(chosen.stream().mapToLong(Utxo::amountSat).sum()));
    }

    /** The selected wallet's coins, frozen ones included, most confirmations first. */
    public ObservableList<Utxo> coins() {
        return coins;
    }

    /** The coins chosen for the next send (coin control); empty lets the wallet choose. */
    public ObservableList<Utxo> chosen() {
        return chosen;
    }

    /** The frozen coins' total, sat. */
    public ReadOnlyLongProperty frozenSatProperty() {
        return frozenSat.getReadOnlyProperty();
    }

    /** The chosen coins' total, sat. */
    public ReadOnlyLongProperty chosenSatProperty() {
        return chosenSat.getReadOnlyProperty();
    }

    /** A custom change address for the next send ("" for a new one of the wallet). */
    public StringProperty changeAddressProperty() {
        return changeAddress;
    }

    /** The node's verdict on the change address, or null before it is checked. */
    public ObjectProperty<AddressCheck> changeCheckProperty() {
        return changeCheck;
    }

    /** The change address' inline message, or "". */
    public StringProperty changeErrorProperty() {
        return changeError;
    }

    /** The last failure (the node's words), or "". */
    public StringProperty errorProperty() {
        return error;
    }

    /** Counts the coin lists read (for tests: a change to wait for). */
    public LongProperty loadsProperty() {
        return loads;
    }

    /** @return whether coin control is on: coins chosen or a change address typed */
    public boolean active() {
        return !chosen.isEmpty() || !changeAddress.get().isBlank();
    }

    /** @return the frozen coins' total among those the wallet's trusted balance counts (confirmed or its own), sat */
    public long frozenTrustedSat() {
        return frozenCoins.stream().filter(u -> u.confirmations() > 0 || u.safe()).mapToLong(Utxo::amountSat).sum();
    }

    /**
     * The Coins tab shown or hidden: while shown (or coins are chosen) {@link #refresh()} reads the whole list; while
     * hidden only the frozen coins (a big wallet's listunspent is not read on every block for nothing).
     */
    public void setShowing(boolean on) {
        showing = on;
        if (on) {
            refresh();
        }
    }

    /**
     * Reads the selected wallet's coins again (listunspent, listlockunspent, gettransaction of each frozen one); while the
     * Coins tab is hidden and no coins are chosen, only the frozen ones ({@link CoinsService#frozenCoins}).
     */
    public void refresh() {
        String w = wallet.selectedProperty().get();
        ConnectionScope scope = wallet.scope();
        if (w == null || scope == null) {
            return;
        }
        long gen = ++generation;
        if (!showing && chosen.isEmpty()) {
            Tasks.on(scope, CoinsService.of(scope).frozenCoins(w), "listlockunspent").onSuccess(l -> {
                if (gen == generation && w.equals(wallet.selectedProperty().get())) {
                    frozenCoins = List.copyOf(l);
                    frozenSat.set(l.stream().mapToLong(Utxo::amountSat).sum());
                    loads.set(loads.get() + 1);
                }
            }).onError(e -> {
                if (gen == generation) {
                    error.set("Could not read the frozen coins: " + WalletPage.message(e));
                }
            }).run();
            return;
        }
        Tasks.on(scope, CoinsService.of(scope).coins(w), "listunspent").onSuccess(l -> {
            if (gen != generation || !w.equals(wallet.selectedProperty().get())) {
                return;
            }
            coins.setAll(l);
            frozenCoins = l.stream().filter(Utxo::frozen).toList();
            // a chosen coin that was spent (or frozen) meanwhile is no longer chosen
            chosen.removeIf(c -> l.stream().noneMatch(u -> u.outpoint().equals(c.outpoint()) && !u.frozen()));
            sums();
            error.set("");
            loads.set(loads.get() + 1);
        }).onError(e -> {
            if (gen == generation) {
                error.set("Could not read the coins: " + WalletPage.message(e));
            }
        }).run();
    }

    private void sums() {
        frozenSat.set(frozenCoins.stream().mapToLong(Utxo::amountSat).sum());
        chosenSat.set(chosen.stream().mapToLong(Utxo::amountSat).sum());
    }

    /**
     * Freezes ({@code lockunspent false … true}, persistent) or unfreezes coins, then reads the coins again. A frozen coin
     * leaves the chosen ones. No call for an empty list or for coins already in that state (an inline message instead).
     *
     * @return completes when the node answered; fails with its error (also shown in {@link #errorProperty()})
     */
    public CompletableFuture<Void> setFrozen(List<Utxo> which, boolean freeze) {
        String w = wallet.selectedProperty().get();
        ConnectionScope scope = wallet.scope();
        List<Outpoint> ops = which.stream().filter(u -> u.frozen() != freeze).map(Utxo::outpoint).toList();
        if (w == null || scope == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no wallet"));
        }
        if (ops.isEmpty()) {
            error.set(which.isEmpty() ? "Select the coins to " + (freeze ? "freeze" : "unfreeze") + " first."
                    : "The selected coins are already " + (freeze ? "frozen" : "not frozen") + ".");
            return CompletableFuture.failedFuture(new IllegalArgumentException(error.get()));
        }
        error.set("");
        CompletableFuture<Void> f = CoinsService.of(scope).setFrozen(w, ops, freeze);
        CompletableFuture<Void> out = new CompletableFuture<>();
        Tasks.on(scope, f, "lockunspent").onSuccess(v -> {
            if (freeze) {
                chosen.removeIf(c -> ops.contains(c.outpoint()));
                sums();
            }
            wallet.noticeProperty().set((freeze ? "Froze " : "Unfroze ") + ops.size() + (ops.size() == 1 ? " coin" : " coins")
                    + (freeze ? ": sends leave " + (ops.size() == 1 ? "it" : "them") + " alone until unfrozen." : "."));
            refresh();
            out.complete(null);
        }).onError(e -> {
            error.set((freeze ? "Could not freeze: " : "Could not unfreeze: ") + WalletPage.message(e));
            refresh();
            out.completeExceptionally(e);
        }).run();
        return out;
    }

    /**
     * Chooses coins to spend in the next send (coin control). Frozen coins are refused inline (unfreeze them first).
     *
     * @return true if they were chosen
     */
    public boolean choose(List<Utxo> which) {
        if (which.isEmpty()) {
            error.set("Select the coins to spend first.");
            return false;
        }
        if (which.stream().anyMatch(Utxo::frozen)) {
            error.set("A frozen coin cannot be spent: unfreeze it first.");
            return false;
        }
        error.set("");
        chosen.setAll(which);
        sums();
        return true;
    }

    /** Ends coin control: no coins chosen, no custom change address. */
    public void clearChoice() {
        chosen.clear();
        changeAddress.set("");
        changeCheck.set(null);
        changeError.set("");
        sums();
    }

    /** {@code validateaddress} of the change address; sets {@link #changeCheckProperty()} and the inline message. */
    public CompletableFuture<AddressCheck> checkChange() {
        String a = changeAddress.get() == null ? "" : changeAddress.get().strip();
        WalletService s = wallet.service();
        if (a.isEmpty() || s == null) {
            changeCheck.set(null);
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<AddressCheck> out = new CompletableFuture<>();
        Fx.deliver(s.validateAddress(a), c -> {
            if (a.equals(changeAddress.get().strip())) {
                changeCheck.set(c);
                changeError.set(c.valid() ? "" : "Invalid change address: " + c.error());
            }
            out.complete(c);
        }, e -> {
            changeError.set("Could not check the change address: " + (e instanceof JsonRpcException j ? j.rpcMessage() : Fx.message(e)));
            out.complete(null);
        });
        return out;
    }

    /** @return e.g. {@code 2 coins · 0.50000000 BTC} */
    public String chosenSummary() {
        return chosen.size() + (chosen.size() == 1 ? " coin · " : " coins · ") + Units.btc(chosenSat.get());
    }
}
