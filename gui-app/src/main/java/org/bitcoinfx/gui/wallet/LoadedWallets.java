package org.bitcoinfx.gui.wallet;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.gui.util.ReadOrder;
import org.bitcoinfx.gui.util.Tasks;

/**
 * The node's loaded wallets ({@code listwallets}, Bitcoin Core {@code src/wallet/rpc/wallet.cpp}),
 * one observable list per connection, shared by every page: the Wallet page, the Console's wallet
 * selector and Mining's payout wallet observe {@link #names()}. Whoever loads, unloads, creates or
 * restores a wallet (the Wallet page, a console command) calls {@link #refresh()} afterwards; the
 * list changes only when the node's answer differs, so observers see each change once, whoever
 * made it. Use on the JavaFX Application Thread.
 */
public final class LoadedWallets {
    private final ConnectionScope scope;
    private final WalletService service;
    private final ObservableList<String> names = FXCollections.observableArrayList();
    private final ObservableList<String> namesView = FXCollections.unmodifiableObservableList(names);
    /** The {@link #refresh()} calls made, and the latest whose answer {@link #names()} holds. */
    private final ReadOrder order = new ReadOrder();

    private LoadedWallets(ConnectionScope scope) {
        this.scope = scope;
        this.service = WalletService.of(scope);
    }

    /** @return the connection's one list */
    public static LoadedWallets of(ConnectionScope scope) {
        return scope.service(LoadedWallets.class, LoadedWallets::new);
    }

    /** @return the loaded wallets' names, in the node's order (read-only; empty before the first {@link #refresh()}) */
    public ObservableList<String> names() {
        return namesView;
    }

    /**
     * Reads {@code listwallets} and updates {@link #names()} if it changed.
     *
     * @return completes on the JavaFX thread, after the list was updated, with true if it changed (false also when
     *         a refresh asked later has already changed it);
     *         fails as {@code listwallets} failed (e.g. -32601 for a node without its wallet);
     *         never completes if the connection ended meanwhile
     */
    public CompletableFuture<Boolean> refresh() {
        CompletableFuture<Boolean> out = new CompletableFuture<>();
        long seq = order.ask();
        Tasks.on(scope, service.listWallets(), "listwallets")
                .onSuccess(n -> out.complete(apply(seq, n)))
                .onError(out::completeExceptionally)
                .run();
        return out;
    }

    /** @return how many {@link #refresh()} calls were made: the latest one's number (the first is 1) */
    public long asked() {
        return order.asked();
    }

    /** @return the number of the {@link #refresh()} whose answer {@link #names()} holds; 0 before one */
    public long applied() {
        return order.applied();
    }

    /**
     * The answer to the {@code seq}-th {@link #refresh()}: applied unless a later-asked one was (answers can come
     * out of order; an older list would undo a wallet loaded since, and observers would select away from it). An
     * answer equal to the list shown is not set again (observers see no change) but counts as applied.
     */
    private boolean apply(long seq, List<String> n) {
        if (!order.tryApply(seq) || names.equals(n)) {
            return false;
        }
        names.setAll(n);
        return true;
    }
}
