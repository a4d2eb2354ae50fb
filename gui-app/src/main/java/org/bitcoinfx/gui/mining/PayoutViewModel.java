package org.bitcoinfx.gui.mining;

import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.gui.util.Fx;
import org.bitcoinfx.gui.util.Tasks;
import org.bitcoinfx.gui.wallet.AddressType;
import org.bitcoinfx.gui.wallet.LoadedWallets;
import org.bitcoinfx.gui.wallet.WalletService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Mining page's payout address: typed in, or a new address of a loaded wallet
 * ({@code getnewaddress}, label "mining", bech32) through {@link WalletService}. The wallets come
 * from the connection's {@link LoadedWallets}. Use on the JavaFX Application Thread.
 */
public final class PayoutViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(PayoutViewModel.class);

    private final StringProperty address = new SimpleStringProperty(this, "address", "");
    private final ObservableList<String> wallets = FXCollections.observableArrayList();
    /** One read-only view, kept: its listeners hang on it (FXCollections wraps weakly). */
    private final ObservableList<String> walletsView = FXCollections.unmodifiableObservableList(wallets);
    private final ObjectProperty<String> wallet = new SimpleObjectProperty<>(this, "wallet");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ListChangeListener<String> onLoaded = c -> follow(List.copyOf(c.getList()));
    private ConnectionScope scope;
    private LoadedWallets loaded;

    /** The payout address (the user types it, or {@link #newWalletAddress()} fills it). */
    public StringProperty addressProperty() {
        return address;
    }

    /** @return the loaded wallets to take an address from (follows {@link LoadedWallets}) */
    public ObservableList<String> wallets() {
        return walletsView;
    }

    /** The wallet to take a new address from; null if none. */
    public ObjectProperty<String> walletProperty() {
        return wallet;
    }

    /** Why the last {@link #newWalletAddress()} failed; empty if it did not. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** A new connection (null when it ended): follows its loaded wallets. */
    public void setScope(ConnectionScope scope) {
        if (loaded != null) {
            loaded.names().removeListener(onLoaded);
        }
        this.scope = scope;
        loaded = scope == null ? null : LoadedWallets.of(scope);
        if (loaded != null) {
            loaded.names().addListener(onLoaded);
            follow(List.copyOf(loaded.names()));
            refreshWallets();
        }
    }

    /** Reads the loaded wallets again (the page was shown). */
    public void refreshWallets() {
        if (loaded == null) {
            return;
        }
        loaded.refresh().exceptionally(e -> {
            // a node without its wallet: the address is typed in
            LOG.info("listwallets for the payout address failed: {}", Fx.message(e));
            Fx.run(wallets::clear);
            return false;
        });
    }

    /** Fills {@link #addressProperty()} with a new address of the chosen wallet. */
    public void newWalletAddress() {
        String w = wallet.get();
        if (scope == null || !scope.isOpen() || w == null) {
            error.set("Load a wallet first, or type an address.");
            return;
        }
        Tasks.on(scope, WalletService.of(scope).newAddress(w, "mining", AddressType.BECH32), "getnewaddress")
                .onSuccess(a -> {
                    address.set(a);
                    error.set("");
                })
                .onError(e -> error.set("getnewaddress: " + Fx.message(e)))
                .run();
    }

    private void follow(List<String> names) {
        String sel = wallet.get();
        wallets.setAll(names);
        if (sel != null && names.contains(sel)) {
            wallet.set(sel);
        } else if (!names.isEmpty()) {
            wallet.set(names.get(0));
        }
    }
}
