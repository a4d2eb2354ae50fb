package org.bitcoinfx.gui.wallet;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.bitcoinfx.gui.util.Fx;
import org.bitcoinfx.gui.util.Units;
import org.bitcoinfx.ipc.JsonRpcException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Send form: recipient checked with {@code validateaddress} as typed, amount in BTC or sat
 * (or the whole balance), fee by confirmation target (1, 6, 144 blocks, from
 * {@code estimatesmartfee}) or an explicit sat/vB, then a review from a preview
 * ({@link WalletService#preview}) before anything is broadcast. Bad input sets an inline message
 * and makes no call; a refusal by the node shows the node's message; the form keeps what was typed.
 * Use on the JavaFX Application Thread.
 */
public final class SendViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(SendViewModel.class);
    /** How the fee is chosen. */
    public enum FeeMode {
        /** about 1 block */
        FAST(1),
        /** about 6 blocks */
        NORMAL(6),
        /** about 144 blocks (a day) */
        SLOW(144),
        /** an explicit rate, sat/vB */
        CUSTOM(0);

        /** Confirmation target, blocks (0 for CUSTOM). */
        public final int target;

        FeeMode(int target) {
            this.target = target;
        }
    }

    private final WalletViewModel wallet;
    private final StringProperty address = new SimpleStringProperty(this, "address", "");
    private final StringProperty amount = new SimpleStringProperty(this, "amount", "");
    private final StringProperty label = new SimpleStringProperty(this, "label", "");
    private final ObjectProperty<Amounts.Unit> unit = new SimpleObjectProperty<>(this, "unit", Amounts.Unit.BTC);
    private final BooleanProperty wholeBalance = new SimpleBooleanProperty(this, "wholeBalance", false);
    private final ObjectProperty<FeeMode> feeMode = new SimpleObjectProperty<>(this, "feeMode", FeeMode.NORMAL);
    private final StringProperty feeRate = new SimpleStringProperty(this, "feeRate", "");
    private final ObjectProperty<AddressCheck> addressCheck = new SimpleObjectProperty<>(this, "addressCheck");
    private final StringProperty addressError = new SimpleStringProperty(this, "addressError", "");
    private final StringProperty amountError = new SimpleStringProperty(this, "amountError", "");
    private final StringProperty feeError = new SimpleStringProperty(this, "feeError", "");
    private final StringProperty formError = new SimpleStringProperty(this, "formError", "");
    private final ObjectProperty<FeeEstimate> estFast = new SimpleObjectProperty<>(this, "estFast");
    private final ObjectProperty<FeeEstimate> estNormal = new SimpleObjectProperty<>(this, "estNormal");
    private final ObjectProperty<FeeEstimate> estSlow = new SimpleObjectProperty<>(this, "estSlow");
    private final ObjectProperty<SendPreview> preview = new SimpleObjectProperty<>(this, "preview");
    private final StringProperty reviewError = new SimpleStringProperty(this, "reviewError", "");
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy", false);
    private final StringProperty sentTxid = new SimpleStringProperty(this, "sentTxid", "");
    private int checkSeq;
    /** The wallet that funded the transaction under review (or being prepared), or null. */
    private String reviewWallet;
    /** True from confirm until the node answered: the send is on its way for {@link #reviewWallet}. */
    private boolean sending;

    /** Coin control (the Coins tab's chosen coins and change address), or null without it. */
    private CoinsViewModel coins;

    /**
     * Attaches coin control: the chosen coins (then "send max" is their total and only they are spent) and a custom
     * change address; frozen coins are left out of "send max" whether or not coins are chosen.
     */
    public void setCoins(CoinsViewModel c) {
        this.coins = c;
        Runnable max = () -> {
            if (wholeBalance.get() && wallet.balancesProperty().get().known()) {
                amount.set(Amounts.format(spendableSat(wallet.balancesProperty().get()), unit.get()));
            }
        };
        c.chosenSatProperty().addListener((o, a, b) -> max.run());
        c.frozenSatProperty().addListener((o, a, b) -> max.run());
    }

    /** @return coin control, or null without it */
    public CoinsViewModel coins() {
        return coins;
    }

    /** @return what "send max" sends: the chosen coins' total under coin control, else the trusted balance less frozen coins, sat */
    long spendableSat(Balances b) {
        if (coins == null) {
            return b.trustedSat();
        }
        if (!coins.chosen().isEmpty()) {
            return coins.chosenSatProperty().get();
        }
        return Math.max(0, b.trustedSat() - coins.frozenTrustedSat());
    }

    /** @param wallet the wallet page's model (selected wallet, balances, service) */
    public SendViewModel(WalletViewModel wallet) {
        this.wallet = wallet;
        unit.addListener((o, old, u) -> {
            // keep the typed value's meaning when switching unit
            try {
                long sat = Amounts.parse(amount.get(), old);
                amount.set(Amounts.format(sat, u));
            } catch (IllegalArgumentException e) {
                // nothing sensible typed: leave it
            }
        });
        wholeBalance.addListener((o, a, on) -> {
            if (on && wallet.balancesProperty().get().known()) {
                amount.set(Amounts.format(spendableSat(wallet.balancesProperty().get()), unit.get()));
            }
        });
        wallet.balancesProperty().addListener((o, a, b) -> {
            if (wholeBalance.get() && b.known()) {
                amount.set(Amounts.format(spendableSat(b), unit.get()));
            }
        });
        // a review belongs to the wallet that funded it: another wallet selected cancels it
        wallet.selectedProperty().addListener((o, a, w) -> {
            // a send already on its way goes on for its own wallet; its outcome is reported as usual
            if (reviewWallet != null && !reviewWallet.equals(w) && !sending) {
                cancelReview(reviewWallet, w);
            }
        });
    }

    /** Drops the review (or the preview being prepared) of {@code funded} because {@code now} is selected. */
    private void cancelReview(String funded, String now) {
        boolean reviewing = preview.get() != null;
        reviewWallet = null;
        preview.set(null);
        reviewError.set("");
        formError.set((reviewing ? "The review was for wallet " : "The transaction was being prepared for wallet ") + name(funded)
                + (now == null ? ", which is no longer selected" : ", not " + name(now)) + ": nothing was sent. Review again to send from "
                + (now == null ? "a wallet" : name(now)) + ".");
    }

    private static String name(String wallet) {
        return wallet.isEmpty() ? "(default wallet)" : "\"" + wallet + "\"";
    }

    /** @return the wallet the transaction under review was funded from, or null when there is no review */
    public String reviewWallet() {
        return preview.get() == null ? null : reviewWallet;
    }

    /** Recipient address as typed. */
    public StringProperty addressProperty() {
        return address;
    }

    /** Amount as typed, in {@link #unitProperty()}. */
    public StringProperty amountProperty() {
        return amount;
    }

    /** Optional label for the recipient (kept in the wallet's address book only for own addresses). */
    public StringProperty labelProperty() {
        return label;
    }

    /** BTC or sat. */
    public ObjectProperty<Amounts.Unit> unitProperty() {
        return unit;
    }

    /** Send everything spendable, the fee taken from the amount. */
    public BooleanProperty wholeBalanceProperty() {
        return wholeBalance;
    }

    /** Fee by target or explicit. */
    public ObjectProperty<FeeMode> feeModeProperty() {
        return feeMode;
    }

    /** Explicit fee rate as typed, sat/vB. */
    public StringProperty feeRateProperty() {
        return feeRate;
    }

    /** The node's verdict on the address typed, or null while unknown. */
    public ObjectProperty<AddressCheck> addressCheckProperty() {
        return addressCheck;
    }

    /** Inline message under the address, or empty. */
    public StringProperty addressErrorProperty() {
        return addressError;
    }

    /** Inline message under the amount, or empty. */
    public StringProperty amountErrorProperty() {
        return amountError;
    }

    /** Inline message under the fee, or empty. */
    public StringProperty feeErrorProperty() {
        return feeError;
    }

    /** The node's message when it refused to fund the transaction, or empty. */
    public StringProperty formErrorProperty() {
        return formError;
    }

    /** estimatesmartfee 1. */
    public ObjectProperty<FeeEstimate> estFastProperty() {
        return estFast;
    }

    /** estimatesmartfee 6. */
    public ObjectProperty<FeeEstimate> estNormalProperty() {
        return estNormal;
    }

    /** estimatesmartfee 144. */
    public ObjectProperty<FeeEstimate> estSlowProperty() {
        return estSlow;
    }

    /** The transaction under review, or null while editing. */
    public ObjectProperty<SendPreview> previewProperty() {
        return preview;
    }

    /** The node's message when it refused to sign or broadcast (e.g. wrong passphrase), or empty. */
    public StringProperty reviewErrorProperty() {
        return reviewError;
    }

    /** True while a call is out. */
    public BooleanProperty busyProperty() {
        return busy;
    }

    /** The txid of the last send, or empty. */
    public StringProperty sentTxidProperty() {
        return sentTxid;
    }

    /** Asks the node for fee estimates (1, 6, 144 blocks). */
    public void refreshEstimates() {
        WalletService s = wallet.service();
        if (s == null) {
            return;
        }
        for (FeeMode m : List.of(FeeMode.FAST, FeeMode.NORMAL, FeeMode.SLOW)) {
            ObjectProperty<FeeEstimate> p = m == FeeMode.FAST ? estFast : m == FeeMode.NORMAL ? estNormal : estSlow;
            Fx.deliver(s.estimateSmartFee(m.target), p::set, e -> {
                LOG.info("estimatesmartfee {} failed: {}", m.target, Fx.message(e));
                p.set(null);
            });
        }
    }

    private FeeEstimate estimate(FeeMode m) {
        return switch (m) {
            case FAST -> estFast.get();
            case NORMAL -> estNormal.get();
            case SLOW -> estSlow.get();
            case CUSTOM -> null;
        };
    }

    /** Checks the address typed with {@code validateaddress}; the view calls it after typing pauses. */
    public CompletableFuture<AddressCheck> checkAddress() {
        String a = address.get() == null ? "" : address.get().strip();
        int seq = ++checkSeq;
        addressCheck.set(null);
        if (a.isEmpty()) {
            addressError.set("");
            return CompletableFuture.completedFuture(null);
        }
        WalletService s = wallet.service();
        if (s == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<AddressCheck> f = s.validateAddress(a);
        CompletableFuture<AddressCheck> out = new CompletableFuture<>();
        Fx.deliver(f, c -> {
            if (seq == checkSeq) {
                addressCheck.set(c);
                addressError.set(c.valid() ? "" : "Invalid address: " + c.error());
            }
            out.complete(c);
        }, e -> {
            if (seq == checkSeq) {
                addressError.set("validateaddress failed: " + Fx.message(e));
            }
            out.completeExceptionally(e);
        });
        return out;
    }

    /**
     * Checks the form and, if it is fine, asks the node for a preview: bad input sets inline
     * messages and makes no call.
     */
    public void review() {
        formError.set("");
        reviewError.set("");
        sentTxid.set("");
        String w = wallet.selectedProperty().get();
        if (w == null || wallet.service() == null) {
            formError.set("Create or open a wallet first.");
            return;
        }
        String a = address.get() == null ? "" : address.get().strip();
        AddressCheck c = addressCheck.get();
        if (a.isEmpty()) {
            addressError.set("Enter the address to pay.");
            return;
        }
        if (c == null || !c.address().equals(a)) {
            checkAddress().thenAccept(x -> Fx.run(() -> {
                if (x != null && x.valid()) {
                    review();
                }
            }));
            return;
        }
        if (!c.valid()) {
            addressError.set("Invalid address: " + c.error());
            return;
        }
        addressError.set("");
        if (coins != null && !coins.changeAddressProperty().get().isBlank()) {
            String ch = coins.changeAddressProperty().get().strip();
            AddressCheck cc = coins.changeCheckProperty().get();
            if (cc == null || !cc.address().equals(ch)) {
                coins.checkChange().thenAccept(x -> Fx.run(() -> {
                    if (x != null && x.valid()) {
                        review();
                    }
                }));
                return;
            }
            if (!cc.valid()) {
                coins.changeErrorProperty().set("Invalid change address: " + cc.error());
                return;
            }
        }
        Balances b = wallet.balancesProperty().get();
        long spendable = spendableSat(b);
        long sat;
        try {
            sat = wholeBalance.get() ? spendable : Amounts.parse(amount.get(), unit.get());
            amountError.set("");
        } catch (IllegalArgumentException e) {
            amountError.set(e.getMessage());
            return;
        }
        if (sat <= 0) {
            amountError.set(wholeBalance.get() ? "Nothing to send: the spendable balance is 0." : "Enter an amount above 0.");
            return;
        }
        if (!wholeBalance.get() && sat < c.dustSat()) {
            amountError.set("Below the dust limit for this address (" + Units.sat(c.dustSat()) + "): the network would not relay it.");
            return;
        }
        if (coins != null && !coins.chosen().isEmpty() && sat > spendable) {
            amountError.set("More than the chosen coins hold (" + Units.btc(spendable) + "): choose more coins or a smaller amount.");
            return;
        }
        if (b.known() && sat > spendable) {
            amountError.set("More than the spendable balance (" + Units.btc(spendable)
                    + (coins != null && coins.frozenSatProperty().get() > 0 ? ", frozen coins left out" : "") + ").");
            return;
        }
        FeeChoice fee;
        try {
            FeeMode m = feeMode.get();
            if (m == FeeMode.CUSTOM) {
                fee = FeeChoice.parseRate(feeRate.get());
            } else {
                FeeEstimate est = estimate(m);
                if (est == null || !est.available()) {
                    throw new IllegalArgumentException("The node has no fee estimate for " + m.target + " block" + (m.target == 1 ? "" : "s")
                            + " yet (" + (est == null ? "not asked" : est.error()) + "). Choose a fee rate in sat/vB.");
                }
                fee = FeeChoice.target(m.target);
            }
            feeError.set("");
        } catch (IllegalArgumentException e) {
            feeError.set(e.getMessage());
            return;
        }
        busy.set(true);
        reviewWallet = w;
        SendRequest req = new SendRequest(a, sat, wholeBalance.get(), fee, label.get() == null ? "" : label.get().strip());
        CompletableFuture<SendPreview> funded = coins != null && coins.active() && wallet.scope() != null
                ? CoinsService.of(wallet.scope()).preview(w, req, coins.chosen().stream().map(Utxo::outpoint).toList(),
                        coins.changeAddressProperty().get())
                : wallet.service().preview(w, req);
        Fx.deliver(funded, p -> {
            busy.set(false);
            if (!w.equals(reviewWallet) || !w.equals(wallet.selectedProperty().get())) {
                return; // the wallet changed while the node funded it: cancelled, the user was told
            }
            preview.set(p);
        }, e -> {
            busy.set(false);
            if (!w.equals(reviewWallet)) {
                return;
            }
            reviewWallet = null;
            formError.set(e instanceof JsonRpcException j ? "The node refused: " + j.rpcMessage() : "Could not prepare the transaction: " + Fx.message(e));
        });
    }

    /**
     * Fills the form from a payment link (leaving a review under way): address, amount in BTC (or none),
     * label; "send the whole balance" off. Nothing is called: the address check runs as the field changes.
     */
    public void prefill(PaymentUri link) {
        back();
        wholeBalanceProperty().set(false);
        unitProperty().set(Amounts.Unit.BTC);
        addressProperty().set(link.address());
        amountProperty().set(link.amountSat() < 0 ? "" : Amounts.plainBtc(link.amountSat()));
        labelProperty().set(link.label());
    }

    /** Leaves the review; the form keeps its values. */
    public void back() {
        reviewWallet = null;
        preview.set(null);
        reviewError.set("");
    }

    /** Where {@link #exportPsbt} hands the unsigned PSBT (the Wallet page's PSBT tab); none by default. */
    private java.util.function.Consumer<SendPreview> psbtExport = p -> { };

    /** @param c takes the previewed, unsigned PSBT when the user exports it instead of sending (on the FX thread) */
    public void setPsbtExport(java.util.function.Consumer<SendPreview> c) {
        psbtExport = java.util.Objects.requireNonNull(c);
    }

    /**
     * Hands the previewed transaction, funded but unsigned ({@code walletcreatefundedpsbt}), to the PSBT tab instead of
     * signing it here: the way a watch-only wallet sends (the PSBT is signed elsewhere). Nothing is signed or broadcast.
     */
    public void exportPsbt() {
        SendPreview p = preview.get();
        if (p != null) {
            back();
            psbtExport.accept(p);
        }
    }

    /** @return true when the selected wallet has no private keys (watch-only): Send makes a PSBT to sign elsewhere */
    public boolean watchOnly() {
        WalletInfo wi = wallet.infoProperty().get();
        return wi != null && !wi.privateKeys() && !wi.externalSigner();
    }

    /**
     * Signs and broadcasts the previewed transaction. For an encrypted wallet {@code passphrase}
     * must not be empty (else an inline message and no call). The passphrase is closed when done.
     * The transaction goes to the wallet that funded it, and only while that wallet is still the one
     * selected (whose passphrase the user typed): else the review is cancelled and nothing is sent.
     *
     * @return completes with the txid; on failure the review stays with the node's message; fails
     *         with IllegalStateException (no call made) when there is no review or the wallet changed
     */
    public CompletableFuture<String> confirm(Passphrase passphrase) {
        SendPreview p = preview.get();
        String w = wallet.selectedProperty().get();
        WalletInfo wi = wallet.infoProperty().get();
        if (p == null || w == null || wallet.service() == null) {
            passphrase.close();
            return CompletableFuture.failedFuture(new IllegalStateException("nothing to send"));
        }
        if (!w.equals(reviewWallet)) {
            String funded = reviewWallet;
            passphrase.close();
            cancelReview(funded == null ? "?" : funded, w);
            return CompletableFuture.failedFuture(new IllegalStateException("the review was for wallet " + funded + ", not " + w + ": nothing sent"));
        }
        if (wi != null && wi.encrypted() && passphrase.isEmpty()) {
            passphrase.close();
            reviewError.set("Enter the wallet passphrase: the wallet is encrypted.");
            return CompletableFuture.failedFuture(new IllegalArgumentException("passphrase required"));
        }
        busy.set(true);
        reviewError.set("");
        sending = true;
        CompletableFuture<String> f = wallet.service().send(w, p, wi != null && wi.encrypted() ? passphrase : null);
        f.whenComplete((t, e) -> passphrase.close());
        CompletableFuture<String> out = new CompletableFuture<>();
        Fx.deliver(f, txid -> {
            sending = false;
            busy.set(false);
            sentTxid.set(txid);
            reviewWallet = null;
            preview.set(null);
            address.set("");
            amount.set("");
            label.set("");
            wholeBalance.set(false);
            addressCheck.set(null);
            if (coins != null) {
                coins.clearChoice();
                coins.refresh();
            }
            wallet.noticeProperty().set("Sent " + Units.btc(p.amountSat()) + " — txid " + txid);
            wallet.refreshSelected();
            wallet.refreshAll();
            out.complete(txid);
        }, e -> {
            sending = false;
            busy.set(false);
            String why = e instanceof JsonRpcException j ? j.rpcMessage()
                    : e instanceof SendInterruptedException i ? i.getMessage()
                    : "Could not send: " + Fx.message(e);
            if (!w.equals(wallet.selectedProperty().get())) {
                // another wallet was selected while the send was out: its review is over
                reviewWallet = null;
                preview.set(null);
                formError.set("Sending from wallet " + name(w) + " failed: " + why);
                out.completeExceptionally(e);
                return;
            }
            reviewError.set(why);
            out.completeExceptionally(e);
        });
        return out;
    }
}
