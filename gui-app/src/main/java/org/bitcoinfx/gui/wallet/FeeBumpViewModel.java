package org.bitcoinfx.gui.wallet;

import java.math.BigDecimal;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.gui.util.Fx;
import org.bitcoinfx.gui.util.Tasks;
import org.bitcoinfx.gui.util.Units;
import org.bitcoinfx.ipc.JsonRpcException;

/**
 * The fee bump flow of one Activity row: speed up or cancel an unconfirmed send (a replacement), or CPFP an unconfirmed
 * receive (a child), with a review showing the old and new fee rates before anything is signed. Calls go through
 * {@link FeeBumpService} (and {@link WalletService#send} for a CPFP child). Use on the JavaFX thread only.
 */
public final class FeeBumpViewModel {
    /** What the user asked for. */
    public enum Action {
        /** replace with the same payments at a higher fee ({@code bumpfee}) */
        SPEED_UP("Speed up"),
        /** replace with a payment back to the wallet ({@code bumpfee} with {@code outputs}) */
        CANCEL("Cancel"),
        /** child pays for parent */
        CPFP("Speed up (CPFP)");

        /** the button's text */
        public final String text;

        Action(String text) {
            this.text = text;
        }
    }

    private final WalletViewModel wallet;
    private final ObjectProperty<WalletTx> target = new SimpleObjectProperty<>(this, "target");
    private final ObjectProperty<Action> action = new SimpleObjectProperty<>(this, "action");
    private final StringProperty rate = new SimpleStringProperty(this, "rate", "");
    private final ObjectProperty<BumpPreview> bump = new SimpleObjectProperty<>(this, "bump");
    private final ObjectProperty<CpfpPreview> cpfp = new SimpleObjectProperty<>(this, "cpfp");
    private final StringProperty rateError = new SimpleStringProperty(this, "rateError", "");
    private final StringProperty error = new SimpleStringProperty(this, "error", "");
    private final StringProperty done = new SimpleStringProperty(this, "done", "");
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy", false);
    private String forWallet;
    private final javafx.beans.property.DoubleProperty currentRate = new javafx.beans.property.SimpleDoubleProperty(this, "currentRate", -1);

    /** @param wallet the wallet page's model */
    public FeeBumpViewModel(WalletViewModel wallet) {
        this.wallet = wallet;
        wallet.selectedProperty().addListener((o, a, w) -> close());
        rate.addListener((o, a, b) -> {
            rateError.set("");
            done.set("");
            bump.set(null);
            cpfp.set(null);
        });
    }

    /** @return whether {@code t} may be sped up or cancelled: an unconfirmed send of this wallet */
    public static boolean canReplace(WalletTx t) {
        return t != null && t.confirmations() == 0 && t.category().equals("send");
    }

    /** @return whether {@code t} may get a CPFP child: an unconfirmed receive of this wallet */
    public static boolean canCpfp(WalletTx t) {
        return t != null && t.confirmations() == 0 && t.category().equals("receive");
    }

    /** The row being bumped, or null when the flow is closed. */
    public ObjectProperty<WalletTx> targetProperty() {
        return target;
    }

    /** Speed up, cancel or CPFP. */
    public ObjectProperty<Action> actionProperty() {
        return action;
    }

    /** The new fee rate as typed, sat/vB (for CPFP: the package's). */
    public StringProperty rateProperty() {
        return rate;
    }

    /** The replacement under review, or null. */
    public ObjectProperty<BumpPreview> bumpProperty() {
        return bump;
    }

    /** The CPFP child under review, or null. */
    public ObjectProperty<CpfpPreview> cpfpProperty() {
        return cpfp;
    }

    /** The fee rate's inline message, or "". */
    public StringProperty rateErrorProperty() {
        return rateError;
    }

    /** The node's refusal or another failure, or "". */
    public StringProperty errorProperty() {
        return error;
    }

    /** What was done (the new txid, or the PSBT of a watch-only wallet), or "". */
    public StringProperty doneProperty() {
        return done;
    }

    /** The rate the transaction (for CPFP: its package) pays now, sat/vB, or -1 until the node said. */
    public javafx.beans.property.DoubleProperty currentRateProperty() {
        return currentRate;
    }

    /** True while the node works. */
    public BooleanProperty busyProperty() {
        return busy;
    }

    /**
     * Opens the flow for a row. Refused (no flow, false) for a row it does not apply to: a speed up or cancel needs an
     * unconfirmed send, a CPFP an unconfirmed receive.
     */
    public boolean start(WalletTx t, Action a) {
        boolean ok = a == Action.CPFP ? canCpfp(t) : canReplace(t);
        if (!ok) {
            return false;
        }
        forWallet = wallet.selectedProperty().get();
        target.set(t);
        action.set(a);
        rate.set("");
        bump.set(null);
        cpfp.set(null);
        error.set("");
        done.set("");
        currentRate.set(-1);
        ConnectionScope scope = wallet.scope();
        if (scope != null && forWallet != null) {
            // the rate it pays now; the field is offered that plus 1 sat/vB (the node's minimum step is its incremental
            // relay fee, 0.1 sat/vB by default), rounded up to a tenth, to change at will
            Tasks.on(scope, FeeBumpService.of(scope).currentRate(forWallet, t.txid(), a == Action.CPFP), "current fee rate").onSuccess(r -> {
                if (t.equals(target.get())) {
                    currentRate.set(r);
                    if (rate.get().isBlank() && r > 0) {
                        rate.set(BigDecimal.valueOf(r + 1).setScale(1, java.math.RoundingMode.CEILING).stripTrailingZeros().toPlainString());
                    }
                }
            }).onError(e -> {
                if (t.equals(target.get())) {
                    fail(e);
                }
            }).run();
        }
        return true;
    }

    /** Closes the flow; nothing is sent. */
    public void close() {
        target.set(null);
        action.set(null);
        bump.set(null);
        cpfp.set(null);
        error.set("");
        rateError.set("");
        busy.set(false);
    }

    /** Checks the rate (inline message and no call when bad) and asks the node for the review. */
    public void preview() {
        WalletTx t = target.get();
        Action a = action.get();
        ConnectionScope scope = wallet.scope();
        String w = wallet.selectedProperty().get();
        if (t == null || a == null || scope == null || w == null) {
            return;
        }
        BigDecimal r;
        try {
            r = FeeChoice.parseRate(rate.get()).satPerVb();
        } catch (IllegalArgumentException e) {
            rateError.set(e.getMessage());
            return;
        }
        error.set("");
        done.set("");
        busy.set(true);
        FeeBumpService s = FeeBumpService.of(scope);
        if (a == Action.CPFP) {
            Tasks.on(scope, s.previewCpfp(w, t.txid(), r), "cpfp preview").onSuccess(p -> {
                if (t.equals(target.get())) {
                    cpfp.set(p);
                }
            }).onError(this::fail).andFinally(() -> busy.set(false)).run();
        } else {
            FeeBumpService.Kind k = a == Action.CANCEL ? FeeBumpService.Kind.CANCEL : FeeBumpService.Kind.SPEED_UP;
            Tasks.on(scope, s.preview(w, t.txid(), k, r), "psbtbumpfee").onSuccess(p -> {
                if (t.equals(target.get())) {
                    bump.set(p);
                }
            }).onError(this::fail).andFinally(() -> busy.set(false)).run();
        }
    }

    private void fail(Throwable e) {
        Throwable c = Fx.unwrap(e);
        error.set(c instanceof JsonRpcException j ? "The node refused: " + j.rpcMessage() : Fx.message(c));
    }

    /**
     * Signs and broadcasts what is under review (a watch-only wallet gets the replacement's PSBT instead). An encrypted
     * wallet needs the passphrase (else an inline message and no call); it is closed when done. A failure leaves the
     * original as it was and the review open with the node's words.
     *
     * @return completes with the new txid (or the PSBT); fails as described
     */
    public CompletableFuture<String> confirm(Passphrase passphrase) {
        ConnectionScope scope = wallet.scope();
        String w = wallet.selectedProperty().get();
        WalletInfo wi = wallet.infoProperty().get();
        BumpPreview b = bump.get();
        CpfpPreview c = cpfp.get();
        if (scope == null || w == null || !w.equals(forWallet) || (b == null && c == null)) {
            passphrase.close();
            return CompletableFuture.failedFuture(new IllegalStateException("nothing to confirm"));
        }
        boolean encrypted = wi != null && wi.encrypted();
        boolean keys = wi == null || wi.privateKeys();
        if (encrypted && keys && passphrase.isEmpty()) {
            passphrase.close();
            error.set("Enter the wallet passphrase: the wallet is encrypted.");
            return CompletableFuture.failedFuture(new IllegalArgumentException("passphrase required"));
        }
        busy.set(true);
        error.set("");
        CompletableFuture<String> f = b != null
                ? FeeBumpService.of(scope).bump(w, b, keys, encrypted ? passphrase : null).thenApply(r -> r.txid() != null ? r.txid() : r.psbt())
                : WalletService.of(scope).send(w, c.child(), encrypted ? passphrase : null);
        f.whenComplete((x, e) -> passphrase.close());
        CompletableFuture<String> out = new CompletableFuture<>();
        Tasks.on(scope, f, b != null ? "bumpfee" : "cpfp send").onSuccess(id -> {
            busy.set(false);
            boolean psbt = b != null && !keys;
            done.set(id);
            String what = b == null ? "CPFP child sent" : b.kind() == FeeBumpService.Kind.CANCEL ? "Cancelled: replaced by a payment back to the wallet"
                    : "Sped up";
            wallet.noticeProperty().set(psbt ? "Replacement prepared (watch-only wallet): sign the PSBT elsewhere, then broadcast it."
                    : what + " — new txid " + id + (b != null ? " (fee " + Units.sat(b.newFeeSat()) + ")" : ""));
            if (psbt) {
                out.complete(id); // the review stays open, showing the PSBT to copy
                return;
            }
            bump.set(null);
            cpfp.set(null);
            target.set(null);
            action.set(null);
            wallet.refreshSelected();
            out.complete(id);
        }).onError(e -> {
            busy.set(false);
            Throwable x = Fx.unwrap(e);
            error.set(x instanceof JsonRpcException j ? "The node refused: " + j.rpcMessage() + " — the original transaction is unchanged."
                    : x instanceof SendInterruptedException i ? i.getMessage() : "Could not send: " + Fx.message(x));
            out.completeExceptionally(x);
        }).run();
        return out;
    }
}
