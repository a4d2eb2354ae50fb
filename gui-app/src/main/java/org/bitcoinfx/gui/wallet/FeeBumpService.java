package org.bitcoinfx.gui.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.gui.util.Fx;
import org.bitcoinfx.gui.util.Units;
import org.bitcoinfx.ipc.JsonRpcException;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.ipc.RpcClient;
import org.bitcoinfx.ipc.ServerThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fee bumping of the wallet's unconfirmed transactions, through {@code Rpc.executeRpc} on {@code /wallet/<name>}
 * (Bitcoin Core {@code src/wallet/rpc/spend.cpp} {@code bumpfee}/{@code psbtbumpfee}, {@code src/wallet/feebumper.cpp}):
 * <ul>
 * <li>speed up: a replacement with the same payments at a higher fee rate ({@code psbtbumpfee} to review, {@code bumpfee}
 * to sign and broadcast; for a watch-only wallet the PSBT is the result);</li>
 * <li>cancel: a replacement whose one output pays the wallet's change address ({@code bumpfee}'s {@code outputs} with
 * what the inputs hold: the new fee is taken from it, no change left; wallet_bumpfee.py {@code test_bump_back_to_yourself});</li>
 * <li>CPFP: for an incoming transaction, a child spending the wallet's coins of it back to the wallet, funded at the
 * target rate with {@code walletcreatefundedpsbt} (which adds what the unconfirmed ancestors lack to reach it), so the
 * package's rate reaches the target.</li>
 * </ul>
 * A failed bump leaves the original as it is (the node replaces only when the replacement is accepted). Futures fail
 * with {@link JsonRpcException} (the node's words) or IllegalArgumentException for what is refused before a call.
 */
public final class FeeBumpService {
    private static final Logger LOG = LoggerFactory.getLogger(FeeBumpService.class);
    /** {@code RPC_WALLET_UNLOCK_NEEDED}: the wallet is encrypted and locked. */
    static final int UNLOCK_NEEDED = -13;

    /** What a replacement does. */
    public enum Kind {
        /** same payments, higher fee */
        SPEED_UP,
        /** everything back to the wallet, higher fee */
        CANCEL
    }

    private final NodeClient client;

    /** @param client the connected node */
    public FeeBumpService(NodeClient client) {
        this.client = client;
    }

    /** @return the connection's one FeeBumpService */
    public static FeeBumpService of(ConnectionScope scope) {
        return scope.service(FeeBumpService.class, s -> new FeeBumpService(s.client()));
    }

    private RpcClient rpc() {
        return client.rpc(ServerThread.WALLET);
    }

    /**
     * Prepares a replacement for review: {@code gettransaction txid true true} (old fee and vsize; refused here if it is
     * confirmed or not sent by this wallet), for a cancel {@code getrawchangeaddress}, then {@code psbtbumpfee txid
     * {fee_rate[, outputs]}} and {@code analyzepsbt}. On an encrypted wallet psbtbumpfee needs the passphrase (-13): then
     * the preview is an estimate ({@link BumpPreview#exact()} false) and nothing more is asked.
     *
     * @param satPerVb the new fee rate, sat/vB; the node refuses one not above the old rate plus its incremental relay fee
     */
    public CompletableFuture<BumpPreview> preview(String wallet, String txid, Kind kind, BigDecimal satPerVb) {
        return rpc().callWallet(wallet, "gettransaction", txid, true, true).thenCompose(tx -> {
            int conf = tx.path("confirmations").asInt();
            if (conf != 0) {
                throw new IllegalArgumentException(conf > 0 ? "This transaction is already confirmed: there is nothing to bump."
                        : "This transaction conflicts with another one: it cannot be bumped.");
            }
            if (!tx.has("fee")) {
                throw new IllegalArgumentException("This wallet did not send this transaction: only its sender can replace it. "
                        + "Use CPFP to speed up an incoming payment.");
            }
            long oldFee = -Units.btcToSat(tx.path("fee").asDouble());
            long oldVsize = tx.path("decoded").path("vsize").asLong();
            long outSum = 0;
            for (JsonNode o : tx.path("decoded").path("vout")) {
                outSum += Units.btcToSat(o.path("value").asDouble());
            }
            long cancelSat = outSum + oldFee; // everything the inputs hold: one output, the whole new fee taken from it
            CompletableFuture<String> to = kind == Kind.CANCEL ? rpc().callWallet(wallet, "getrawchangeaddress").thenApply(JsonNode::asText)
                    : CompletableFuture.completedFuture(null);
            return to.thenCompose(addr -> rpc().callWallet(wallet, "psbtbumpfee", txid, options(satPerVb, addr, cancelSat))
                    .thenCompose(r -> rpc().call("analyzepsbt", r.path("psbt").asText()).thenApply(a -> new BumpPreview(kind, txid,
                            Units.btcToSat(r.path("origfee").asDouble()), oldVsize, Units.btcToSat(r.path("fee").asDouble()),
                            a.path("estimated_vsize").asLong(), satPerVb, r.path("psbt").asText(), true, addr, kind == Kind.CANCEL ? cancelSat : 0)))
                    .exceptionallyCompose(e -> {
                        if (Fx.unwrap(e) instanceof JsonRpcException j && j.code() == UNLOCK_NEEDED) {
                            long est = satPerVb.multiply(BigDecimal.valueOf(oldVsize)).setScale(0, RoundingMode.CEILING).longValueExact();
                            return CompletableFuture.completedFuture(new BumpPreview(kind, txid, oldFee, oldVsize, est, oldVsize, satPerVb, null, false,
                                    addr, kind == Kind.CANCEL ? cancelSat : 0));
                        }
                        return CompletableFuture.failedFuture(e);
                    }));
        });
    }

    /**
     * The fee rate a transaction pays now, sat/vB: for one this wallet sent, {@code gettransaction txid true true}'s
     * {@code fee} over {@code decoded.vsize}; for an incoming one (CPFP), its package with its in-mempool ancestors,
     * {@code getmempoolentry}'s {@code fees.ancestor} over {@code ancestorsize}.
     */
    public CompletableFuture<Double> currentRate(String wallet, String txid, boolean incoming) {
        if (incoming) {
            return rpc().call("getmempoolentry", txid).thenApply(m -> {
                long v = m.path("ancestorsize").asLong();
                return v > 0 ? (double) Units.btcToSat(m.path("fees").path("ancestor").asDouble()) / v : 0;
            });
        }
        return rpc().callWallet(wallet, "gettransaction", txid, true, true).thenApply(tx -> {
            long v = tx.path("decoded").path("vsize").asLong();
            return v > 0 ? (double) -Units.btcToSat(tx.path("fee").asDouble()) / v : 0;
        });
    }

    private static Map<String, Object> options(BigDecimal satPerVb, String cancelTo, long cancelSat) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("fee_rate", satPerVb);
        if (cancelTo != null) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put(cancelTo, Amounts.btcDecimal(cancelSat));
            o.put("outputs", List.of(out));
        }
        return o;
    }

    /**
     * Replaces the transaction as previewed. A watch-only wallet ({@code privateKeys} false) gets the preview's PSBT
     * back (no call). Else: {@code walletpassphrase} (for {@value WalletService#UNLOCK_SECONDS} s, only with a
     * passphrase), {@code bumpfee txid {fee_rate[, outputs]}}, then {@code walletlock} even if the bump failed. The
     * caller closes the passphrase.
     *
     * @return the node's answer; fails with the node's error (and then the original stays in the mempool as it was)
     */
    public CompletableFuture<BumpResult> bump(String wallet, BumpPreview p, boolean privateKeys, Passphrase passphrase) {
        if (!privateKeys) {
            if (p.psbt() == null) {
                return CompletableFuture.failedFuture(new IllegalStateException("no PSBT to hand over"));
            }
            return CompletableFuture.completedFuture(new BumpResult(null, p.psbt(), p.oldFeeSat(), p.newFeeSat()));
        }
        boolean unlock = passphrase != null && !passphrase.isEmpty();
        CompletableFuture<JsonNode> unlocked = unlock
                ? rpc().callSecret(wallet, "walletpassphrase", passphrase.chars(), WalletService.UNLOCK_SECONDS)
                : CompletableFuture.completedFuture(null);
        CompletableFuture<JsonNode> bumped = unlocked.thenCompose(v -> rpc().callWallet(wallet, "bumpfee", p.txid(),
                options(p.satPerVb(), p.cancelTo(), p.cancelSat())));
        CompletableFuture<JsonNode> done = !unlock ? bumped
                : bumped.handle((r, e) -> e).thenCompose(e -> rpc().callWallet(wallet, "walletlock").handle((v, lockError) -> {
                    if (lockError != null) {
                        LOG.warn("walletlock after bumpfee failed: {}", lockError.getMessage());
                    }
                    return null;
                })).thenCompose(v -> bumped);
        return done.thenApply(r -> new BumpResult(r.path("txid").asText(), null, Units.btcToSat(r.path("origfee").asDouble()),
                Units.btcToSat(r.path("fee").asDouble())));
    }

    /**
     * Prepares a CPFP child for review: {@code listunspent 0 9999999} (the wallet's coins of {@code parentTxid}),
     * {@code getmempoolentry parentTxid} ({@code ancestorsize}, {@code fees.ancestor}), {@code getrawchangeaddress}, then
     * {@code walletcreatefundedpsbt [coins] [{change: sum}] 0 {add_inputs: false, subtractFeeFromOutputs: [0],
     * fee_rate, replaceable: true}} and {@code analyzepsbt}. Send it with {@link WalletService#send}.
     *
     * @param satPerVb the package's target rate, sat/vB
     * @return fails with IllegalArgumentException when no coin of the parent is left to spend (or it is frozen), or the
     *         node's error (-5 "Transaction not in mempool" when it was confirmed meanwhile)
     */
    public CompletableFuture<CpfpPreview> previewCpfp(String wallet, String parentTxid, BigDecimal satPerVb) {
        CompletableFuture<List<Utxo>> coins = rpc().callWallet(wallet, "listunspent", 0, 9999999).thenApply(r -> {
            List<Utxo> l = new ArrayList<>();
            r.forEach(e -> {
                Utxo u = Utxo.fromListUnspent(e);
                if (u.outpoint().txid().equals(parentTxid)) {
                    l.add(u);
                }
            });
            if (l.isEmpty()) {
                throw new IllegalArgumentException("No coin of this transaction is left for the wallet to spend (spent or frozen): "
                        + "there is nothing to pay the child's fee with.");
            }
            return l;
        });
        CompletableFuture<JsonNode> entry = coins.thenCompose(c -> rpc().call("getmempoolentry", parentTxid));
        return entry.thenCompose(m -> rpc().callWallet(wallet, "getrawchangeaddress").thenApply(JsonNode::asText).thenCompose(addr -> {
            List<Utxo> cs = coins.join();
            long sum = cs.stream().mapToLong(Utxo::amountSat).sum();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put(addr, Amounts.btcDecimal(sum));
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("add_inputs", false);
            o.put("subtractFeeFromOutputs", List.of(0));
            o.put("fee_rate", satPerVb);
            o.put("replaceable", true);
            return rpc().callWallet(wallet, "walletcreatefundedpsbt", cs.stream().map(u -> u.outpoint().json()).toList(), List.of(out), 0, o)
                    .thenCompose(f -> rpc().call("analyzepsbt", f.path("psbt").asText()).thenApply(a -> {
                        long fee = Units.btcToSat(f.path("fee").asDouble());
                        long vsize = a.path("estimated_vsize").asLong();
                        SendRequest req = new SendRequest(addr, sum, true, FeeChoice.rate(satPerVb), "");
                        SendPreview child = new SendPreview(req, f.path("psbt").asText(), fee, vsize, vsize > 0 ? (double) fee / vsize : 0, sum - fee);
                        return new CpfpPreview(parentTxid, Units.btcToSat(m.path("fees").path("ancestor").asDouble()), m.path("ancestorsize").asLong(),
                                child);
                    }));
        }));
    }

}
