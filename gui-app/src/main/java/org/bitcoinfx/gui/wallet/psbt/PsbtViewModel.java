package org.bitcoinfx.gui.wallet.psbt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.gui.util.Fx;
import org.bitcoinfx.gui.util.Tasks;
import org.bitcoinfx.gui.util.Units;
import org.bitcoinfx.gui.wallet.Passphrase;
import org.bitcoinfx.gui.wallet.WalletInfo;
import org.bitcoinfx.gui.wallet.WalletViewModel;
import org.bitcoinfx.ipc.JsonRpcException;

/**
 * The Wallet page's PSBT tab: import a PSBT (pasted, from the clipboard or a file, binary or base64), review it
 * ({@link PsbtService#review}), sign it with the selected wallet, combine it with another signer's, finalize and
 * broadcast it, export it (base64 for the clipboard, binary for a file). Input that is not a PSBT gets
 * {@link #inputErrorProperty()} and no call; the node's refusals are shown in its words; a failed import or action
 * leaves the PSBT under review as it was. Use on the JavaFX Application Thread.
 */
public final class PsbtViewModel {
    private final WalletViewModel wallet;
    private final ReadOnlyObjectWrapper<PsbtReview> review = new ReadOnlyObjectWrapper<>(this, "review");
    private final ReadOnlyStringWrapper inputError = new ReadOnlyStringWrapper(this, "inputError", "");
    private final ReadOnlyStringWrapper actionError = new ReadOnlyStringWrapper(this, "actionError", "");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyStringWrapper txid = new ReadOnlyStringWrapper(this, "txid", "");
    private final ReadOnlyBooleanWrapper canSign = new ReadOnlyBooleanWrapper(this, "canSign", false);
    private final ReadOnlyBooleanWrapper encrypted = new ReadOnlyBooleanWrapper(this, "encrypted", false);
    private ConnectionScope scope;

    /** @param wallet the page's model: the selected wallet signs and marks its own outputs */
    public PsbtViewModel(WalletViewModel wallet) {
        this.wallet = wallet;
        Runnable info = () -> {
            canSign.set(walletCanSign());
            encrypted.set(walletEncrypted());
        };
        wallet.infoProperty().addListener((o, a, i) -> info.run());
        wallet.selectedProperty().addListener((o, a, w) -> info.run());
        info.run();
        // own/change marks belong to the wallet that was asked: review again for another one
        wallet.selectedProperty().addListener((o, a, w) -> {
            PsbtReview r = review.get();
            if (r != null && scope != null) {
                reviewQuietly(r.psbt());
            }
        });
    }

    /** The connection (null when it ends): calls go through its {@link PsbtService}; what was under review stays. */
    public void setScope(ConnectionScope scope) {
        this.scope = scope;
        busy.set(false);
    }

    /** The PSBT under review, or null. */
    public ReadOnlyObjectProperty<PsbtReview> reviewProperty() {
        return review.getReadOnlyProperty();
    }

    /** Why the last import was refused (ours before any call, or the node's words), or "". */
    public ReadOnlyStringProperty inputErrorProperty() {
        return inputError.getReadOnlyProperty();
    }

    /** Why the last action (sign, combine, finalize, broadcast, save) failed, in the node's words, or "". */
    public ReadOnlyStringProperty actionErrorProperty() {
        return actionError.getReadOnlyProperty();
    }

    /** What the last action did, or "". */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** True while a call runs. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** The txid of the last broadcast, or "". */
    public ReadOnlyStringProperty txidProperty() {
        return txid.getReadOnlyProperty();
    }

    /** True when the selected wallet can sign (it has private keys or an external signer), from getwalletinfo. */
    public ReadOnlyBooleanProperty canSignProperty() {
        return canSign.getReadOnlyProperty();
    }

    /** True when the selected wallet is encrypted (signing asks for its passphrase). */
    public ReadOnlyBooleanProperty encryptedProperty() {
        return encrypted.getReadOnlyProperty();
    }

    /** @return true when the selected wallet can sign: it has private keys or an external signer (getwalletinfo) */
    public boolean walletCanSign() {
        WalletInfo i = wallet.infoProperty().get();
        return wallet.selectedProperty().get() != null && (i == null || i.privateKeys() || i.externalSigner());
    }

    /** @return true when the selected wallet is encrypted (signing needs its passphrase) */
    public boolean walletEncrypted() {
        WalletInfo i = wallet.infoProperty().get();
        return i != null && i.encrypted();
    }

    private PsbtService service() {
        return scope == null ? null : PsbtService.of(scope);
    }

    private static String message(Throwable e) {
        Throwable t = Fx.unwrap(e);
        return t instanceof JsonRpcException j ? j.rpcMessage() : Fx.message(t);
    }

    /**
     * Imports pasted (or clipboard) text and reviews it.
     *
     * @return completes on the FX thread when the review is shown or the refusal set
     */
    public CompletableFuture<Void> importText(String text) {
        String p;
        try {
            p = Psbts.checkBase64(text);
        } catch (IllegalArgumentException e) {
            inputError.set(e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        return load(p, "");
    }

    /**
     * Imports a file (binary or base64 PSBT), read off the FX thread, and reviews it.
     *
     * @return completes on the FX thread when the review is shown or the refusal set
     */
    public CompletableFuture<Void> importFile(Path file) {
        if (scope == null) {
            inputError.set("Not connected to bitcoin-node.");
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
            try {
                if (Files.size(file) > Psbts.MAX_FILE_BYTES) {
                    throw new IllegalArgumentException("This file is too big for a PSBT (over " + Units.bytes(Psbts.MAX_FILE_BYTES) + ").");
                }
                return Psbts.fromFile(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new IllegalArgumentException("Could not read " + file.getFileName() + ": " + e.getMessage());
            }
        });
        CompletableFuture<Void> done = new CompletableFuture<>();
        Tasks.on(scope, read, "read PSBT file").onSuccess(p -> load(p, "").whenComplete((v, e) -> done.complete(null)))
                .onError(e -> {
                    inputError.set(message(e));
                    done.complete(null);
                }).run();
        return done;
    }

    /** Reviews a PSBT made here (e.g. by Send in a watch-only wallet), saying so. */
    public CompletableFuture<Void> show(String psbt, String why) {
        return load(psbt, why);
    }

    private CompletableFuture<Void> load(String psbt, String why) {
        PsbtService s = service();
        if (s == null) {
            inputError.set("Not connected to bitcoin-node.");
            return CompletableFuture.completedFuture(null);
        }
        inputError.set("");
        busy.set(true);
        return Tasks.on(scope, s.review(wallet.selectedProperty().get(), psbt), "decodepsbt").onSuccess(r -> {
            review.set(r);
            actionError.set("");
            txid.set("");
            notice.set(why);
        }).onError(e -> inputError.set(message(e))).andFinally(() -> busy.set(false)).run();
    }

    private void reviewQuietly(String psbt) {
        Tasks.on(scope, service().review(wallet.selectedProperty().get(), psbt), "decodepsbt").onSuccess(review::set)
                .onError(e -> actionError.set(message(e))).run();
    }

    /** Runs an action that gives a new PSBT: on success it is reviewed and {@code done} told; on failure nothing changes. */
    private CompletableFuture<Void> step(CompletableFuture<String> f, String name, java.util.function.Function<PsbtReview, String> done) {
        busy.set(true);
        actionError.set("");
        notice.set("");
        CompletableFuture<PsbtReview> reviewed = f.thenCompose(p -> service().review(wallet.selectedProperty().get(), p));
        return Tasks.on(scope, reviewed, name).onSuccess(r -> {
            review.set(r);
            notice.set(done.apply(r));
        }).onError(e -> actionError.set(message(e))).andFinally(() -> busy.set(false)).run();
    }

    /**
     * Signs the PSBT under review with the selected wallet ({@link PsbtService#sign}); the passphrase is closed when done.
     *
     * @param passphrase the wallet passphrase, empty for an unencrypted wallet
     */
    public CompletableFuture<Void> sign(Passphrase passphrase) {
        PsbtReview r = review.get();
        String w = wallet.selectedProperty().get();
        if (r == null || w == null || service() == null) {
            passphrase.close();
            actionError.set(r == null ? "Import a PSBT first." : w == null ? "Select a wallet to sign with." : "Not connected to bitcoin-node.");
            return CompletableFuture.completedFuture(null);
        }
        if (walletEncrypted() && passphrase.isEmpty()) {
            passphrase.close();
            actionError.set("The wallet is encrypted: enter its passphrase to sign.");
            return CompletableFuture.completedFuture(null);
        }
        long before = signatures(r);
        CompletableFuture<ProcessedPsbt> f = service().sign(w, r.psbt(), passphrase);
        f.whenComplete((x, e) -> passphrase.close());
        return step(f.thenApply(ProcessedPsbt::psbt), "walletprocesspsbt", n -> {
            long added = signatures(n) - before;
            return added > 0 ? "Signed with wallet " + w + ": " + added + " signature" + (added == 1 ? "" : "s") + " added."
                    : "Wallet " + w + " had nothing to sign in this PSBT (its keys are not among the inputs', or it already signed).";
        });
    }

    private static long signatures(PsbtReview r) {
        return r.decoded().inputs().stream().mapToLong(i -> i.partialSignatures() + (i.isFinal() ? 1 : 0)).sum();
    }

    /**
     * Combines the PSBT under review with another's ({@code combinepsbt}); the other is checked first (an inline
     * message and no call when it is not a PSBT).
     */
    public CompletableFuture<Void> combine(String other) {
        PsbtReview r = review.get();
        if (r == null || service() == null) {
            actionError.set(r == null ? "Import a PSBT first." : "Not connected to bitcoin-node.");
            return CompletableFuture.completedFuture(null);
        }
        String o;
        try {
            o = Psbts.checkBase64(other);
        } catch (IllegalArgumentException e) {
            actionError.set(e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        return step(service().combine(List.of(r.psbt(), o)), "combinepsbt", n -> "Combined: " + signatures(n) + " signature(s) in all.");
    }

    /**
     * Finalizes the PSBT under review ({@code finalizepsbt}) and, when complete, broadcasts it
     * ({@code sendrawtransaction}). When not complete nothing is broadcast and the reason is set.
     */
    public CompletableFuture<Void> finalizeAndBroadcast() {
        PsbtReview r = review.get();
        PsbtService s = service();
        if (r == null || s == null) {
            actionError.set(r == null ? "Import a PSBT first." : "Not connected to bitcoin-node.");
            return CompletableFuture.completedFuture(null);
        }
        busy.set(true);
        actionError.set("");
        notice.set("");
        CompletableFuture<String> sent = s.finalizePsbt(r.psbt()).thenCompose(f -> {
            if (!f.complete()) {
                throw new IllegalStateException("Not every input is signed yet (next: " + r.analysis().next()
                        + "): nothing was broadcast. Sign it, or combine it with the other signers' PSBTs.");
            }
            return s.broadcast(f.hex());
        });
        return Tasks.on(scope, sent, "sendrawtransaction").onSuccess(id -> {
            txid.set(id);
            notice.set("Broadcast: transaction " + id + ".");
            wallet.refreshAll();
        }).onError(e -> actionError.set(message(e))).andFinally(() -> busy.set(false)).run();
    }

    /** @return the PSBT under review in base64 (for the clipboard), or "" */
    public String exportText() {
        PsbtReview r = review.get();
        return r == null ? "" : r.psbt();
    }

    /** Writes the PSBT under review to {@code file} in binary (BIP174 file form), off the FX thread. */
    public CompletableFuture<Void> save(Path file) {
        PsbtReview r = review.get();
        if (r == null || scope == null) {
            actionError.set(r == null ? "Import a PSBT first." : "Not connected to bitcoin-node.");
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Path> w = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.write(file, Psbts.toFile(r.psbt()));
            } catch (IOException e) {
                throw new IllegalStateException("Could not write " + file + ": " + e.getMessage(), e);
            }
        });
        return Tasks.on(scope, w, "write PSBT file").onSuccess(p -> notice.set("Saved the PSBT to " + p + "."))
                .onError(e -> actionError.set(message(e))).run();
    }

    /** Forgets the PSBT under review. */
    public void clear() {
        review.set(null);
        inputError.set("");
        actionError.set("");
        notice.set("");
        txid.set("");
    }
}
