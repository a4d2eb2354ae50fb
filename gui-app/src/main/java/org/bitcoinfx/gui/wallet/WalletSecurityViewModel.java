package org.bitcoinfx.gui.wallet;

import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.gui.util.Fx;
import org.bitcoinfx.ipc.JsonRpcException;

/**
 * The selected wallet's encryption (encrypt, change the passphrase, lock now) and signing and verifying
 * messages, over {@link WalletSecurityService}. Input the node would refuse for a reason we can name is
 * refused here with an inline message and no call; the node's own refusals keep its words. Every command
 * takes its {@link Passphrase}s and closes them: at once when it makes no call, after the node's answer when it
 * does (the characters are written into the request only when it is sent). Use on the JavaFX Application Thread.
 */
public final class WalletSecurityViewModel {
    /** What {@link #verify} found. */
    public enum Verdict {
        /** Nothing verified yet (or the inputs changed since). */
        NONE,
        /** {@code verifymessage} answered true. */
        VALID,
        /** {@code verifymessage} answered false: not this address's signature of this message. */
        INVALID
    }

    /** A message signature's size, bytes: a compact ECDSA signature ({@code CPubKey::COMPACT_SIGNATURE_SIZE}, {@code src/pubkey.h}). */
    public static final int SIGNATURE_BYTES = 65;

    private final WalletViewModel wallet;
    private final ReadOnlyStringWrapper signature = new ReadOnlyStringWrapper(this, "signature", "");
    private final ReadOnlyStringWrapper signError = new ReadOnlyStringWrapper(this, "signError", "");
    private final ReadOnlyBooleanWrapper signing = new ReadOnlyBooleanWrapper(this, "signing", false);
    private final ReadOnlyObjectWrapper<Verdict> verdict = new ReadOnlyObjectWrapper<>(this, "verdict", Verdict.NONE);
    private final ReadOnlyStringWrapper verifyError = new ReadOnlyStringWrapper(this, "verifyError", "");
    private final ReadOnlyBooleanWrapper verifying = new ReadOnlyBooleanWrapper(this, "verifying", false);

    /** @param wallet the Wallet page's model: the selected wallet, its info, the connection, notices */
    public WalletSecurityViewModel(WalletViewModel wallet) {
        this.wallet = wallet;
        wallet.selectedProperty().addListener((o, a, b) -> clearMessages());
    }

    /** @return the last signature made, base64; empty before one or after {@link #clearMessages()} */
    public ReadOnlyStringProperty signatureProperty() {
        return signature.getReadOnlyProperty();
    }

    /** @return why the last sign did not sign (inline check or the node's words); empty if it did */
    public ReadOnlyStringProperty signErrorProperty() {
        return signError.getReadOnlyProperty();
    }

    /** @return true while a {@code signmessage} (with its unlock and lock) is out */
    public ReadOnlyBooleanProperty signingProperty() {
        return signing.getReadOnlyProperty();
    }

    /** @return the last verification's outcome */
    public ReadOnlyObjectProperty<Verdict> verdictProperty() {
        return verdict.getReadOnlyProperty();
    }

    /** @return why the last verify could not verify (inline check or the node's words); empty if it did */
    public ReadOnlyStringProperty verifyErrorProperty() {
        return verifyError.getReadOnlyProperty();
    }

    /** @return true while a {@code verifymessage} is out */
    public ReadOnlyBooleanProperty verifyingProperty() {
        return verifying.getReadOnlyProperty();
    }

    /** Forgets the last signature and verdict (another wallet, or the form was left). */
    public void clearMessages() {
        signature.set("");
        signError.set("");
        verdict.set(Verdict.NONE);
        verifyError.set("");
    }

    /** Forgets the last verdict (the inputs it was for changed). */
    public void clearVerdict() {
        verdict.set(Verdict.NONE);
        verifyError.set("");
    }

    /** @return true if the selected wallet is encrypted and locked now (its passphrase is needed to sign) */
    public boolean locked() {
        WalletInfo i = wallet.infoProperty().get();
        return i != null && i.encrypted() && i.unlockedUntil() * 1000 <= System.currentTimeMillis();
    }

    /** @return true if the selected wallet is encrypted */
    public boolean encrypted() {
        WalletInfo i = wallet.infoProperty().get();
        return i != null && i.encrypted();
    }

    private WalletSecurityService service() {
        ConnectionScope sc = wallet.scope();
        return sc == null ? null : WalletSecurityService.of(sc);
    }

    /**
     * {@code encryptwallet} of the selected wallet. Refused without a call: an empty passphrase, a confirmation
     * that differs, a wallet already encrypted.
     *
     * @return completes on the JavaFX thread with the node's message (also shown as the page's notice), or fails
     *         with IllegalArgumentException (no call) or the node's error
     */
    public CompletableFuture<String> encrypt(Passphrase passphrase, Passphrase confirm) {
        try (confirm) {
            String w = wallet.selectedProperty().get();
            WalletSecurityService s = service();
            String problem = w == null || s == null ? "No wallet selected."
                    : encrypted() ? "Wallet " + w + " is encrypted already: change its passphrase instead."
                    : passphrase.isEmpty() ? "Type a passphrase."
                    : !passphrase.sameAs(confirm) ? "The passphrases do not match. Type them again." : "";
            if (!problem.isEmpty()) {
                passphrase.close();
                return CompletableFuture.failedFuture(new IllegalArgumentException(problem));
            }
            // the chars are written into the request when it is sent, which may be later: close after the answer
            CompletableFuture<String> f = s.encrypt(w, passphrase);
            f.whenComplete((v, e) -> passphrase.close());
            return onFx(f, said -> {
                wallet.noticeProperty().set("Encrypted wallet " + w + ". The node says: " + said);
                wallet.refreshSelected();
            });
        }
    }

    /**
     * {@code walletpassphrasechange} of the selected wallet. Refused without a call: an empty current or new
     * passphrase, a confirmation that differs, a new one equal to the current one, an unencrypted wallet.
     *
     * @return completes on the JavaFX thread (and sets the page's notice), or fails with IllegalArgumentException
     *         (no call) or the node's error (-14: the current passphrase is wrong; nothing changed)
     */
    public CompletableFuture<Void> changePassphrase(Passphrase current, Passphrase replacement, Passphrase confirm) {
        try (confirm) {
            String w = wallet.selectedProperty().get();
            WalletSecurityService s = service();
            String problem = w == null || s == null ? "No wallet selected."
                    : !encrypted() ? "Wallet " + w + " is not encrypted: encrypt it first."
                    : current.isEmpty() ? "Type the current passphrase."
                    : replacement.isEmpty() ? "Type a new passphrase."
                    : !replacement.sameAs(confirm) ? "The new passphrases do not match. Type them again."
                    : replacement.sameAs(current) ? "The new passphrase is the current one." : "";
            if (!problem.isEmpty()) {
                current.close();
                replacement.close();
                return CompletableFuture.failedFuture(new IllegalArgumentException(problem));
            }
            CompletableFuture<Void> f = s.changePassphrase(w, current, replacement);
            f.whenComplete((v, e) -> {
                current.close();
                replacement.close();
            });
            return onFx(f, v -> {
                wallet.noticeProperty().set("Changed the passphrase of wallet " + w + ".");
                wallet.refreshSelected();
            });
        }
    }

    /** {@code walletlock} of the selected wallet; the page's notice says so, or its error shows the node's words. */
    public CompletableFuture<Void> lockNow() {
        String w = wallet.selectedProperty().get();
        WalletSecurityService s = service();
        if (w == null || s == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("No wallet selected."));
        }
        CompletableFuture<Void> f = onFx(s.lock(w), v -> {
            wallet.errorProperty().set("");
            wallet.noticeProperty().set("Locked wallet " + w + ".");
            wallet.refreshSelected();
        });
        f.whenComplete((v, e) -> {
            if (e != null) {
                Fx.run(() -> wallet.errorProperty().set(WalletPage.message(e)));
            }
        });
        return f;
    }

    /**
     * {@code signmessage} with the selected wallet, unlocking a locked wallet for the call only. Refused without a
     * call: no address, a locked wallet and no passphrase. The node's "Address does not refer to key" gets a hint
     * that only legacy (P2PKH) addresses sign.
     *
     * @param passphrase needed when {@link #locked()}; ignored (closed) otherwise
     */
    public void sign(String address, String message, Passphrase passphrase) {
        String a = address == null ? "" : address.strip();
        String w = wallet.selectedProperty().get();
        WalletSecurityService s = service();
        boolean needsPassphrase = locked();
        String problem = w == null || s == null ? "No wallet selected."
                : a.isEmpty() ? "Type one of this wallet's legacy (P2PKH) addresses, or make one with New legacy address."
                : needsPassphrase && passphrase.isEmpty() ? "The wallet is locked: type its passphrase to sign." : "";
        signature.set("");
        signError.set(problem);
        if (!problem.isEmpty() || !needsPassphrase) {
            passphrase.close();
        }
        if (!problem.isEmpty()) {
            return;
        }
        signing.set(true);
        CompletableFuture<String> f = s.signMessage(w, a, message == null ? "" : message, needsPassphrase ? passphrase : null);
        f.whenComplete((v, e) -> passphrase.close());
        Fx.deliver(f, sig -> {
            signing.set(false);
            signature.set(sig);
            if (needsPassphrase) {
                wallet.refreshSelected();
            }
        }, e -> {
            signing.set(false);
            signError.set(signRefusal(e));
        });
    }

    private static String signRefusal(Throwable e) {
        String said = WalletPage.message(e);
        if (Fx.unwrap(e) instanceof JsonRpcException j && j.code() == -3) {
            return said + ". Bitcoin Core signs messages only with legacy (P2PKH) addresses: make one with New legacy address.";
        }
        return said;
    }

    /**
     * {@code verifymessage}. Refused without a call: no address, no signature, a signature that is not base64 of
     * {@value #SIGNATURE_BYTES} bytes.
     */
    public void verify(String address, String signatureText, String message) {
        String a = address == null ? "" : address.strip();
        String sig = signatureText == null ? "" : signatureText.strip();
        WalletSecurityService s = service();
        String problem = s == null ? "Not connected to bitcoin-node."
                : a.isEmpty() ? "Type the address that signed the message."
                : sig.isEmpty() ? "Paste the signature."
                : signatureProblem(sig);
        verdict.set(Verdict.NONE);
        verifyError.set(problem);
        if (!problem.isEmpty()) {
            return;
        }
        verifying.set(true);
        Fx.deliver(s.verifyMessage(a, sig, message == null ? "" : message), ok -> {
            verifying.set(false);
            verdict.set(ok ? Verdict.VALID : Verdict.INVALID);
        }, e -> {
            verifying.set(false);
            verifyError.set(WalletPage.message(e));
        });
    }

    /** @return why {@code sig} cannot be a message signature (not base64, or not 65 bytes), or "" */
    static String signatureProblem(String sig) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(sig);
        } catch (IllegalArgumentException e) {
            return "The signature is not base64. A message signature is 88 characters of base64 (65 bytes).";
        }
        return raw.length == SIGNATURE_BYTES ? ""
                : "The signature is " + raw.length + " bytes; a message signature is 65 bytes (88 characters of base64).";
    }

    /**
     * A new legacy (P2PKH) address of the selected wallet, labelled "message signing", for {@link #sign}.
     *
     * @return completes on the JavaFX thread with the address, or fails with the node's error
     */
    public CompletableFuture<String> newSigningAddress() {
        String w = wallet.selectedProperty().get();
        WalletService s = wallet.service();
        if (w == null || s == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("No wallet selected."));
        }
        return onFx(s.newAddress(w, "message signing", AddressType.LEGACY), a -> { });
    }

    /** @return a future completing on the JavaFX thread after {@code then} ran with the value (or failing) */
    private static <T> CompletableFuture<T> onFx(CompletableFuture<T> f, java.util.function.Consumer<T> then) {
        CompletableFuture<T> out = new CompletableFuture<>();
        Fx.deliver(f, v -> {
            then.accept(v);
            out.complete(v);
        }, out::completeExceptionally);
        return out;
    }
}
