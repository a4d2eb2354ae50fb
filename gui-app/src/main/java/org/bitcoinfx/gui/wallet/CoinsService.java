package org.bitcoinfx.gui.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.gui.util.Units;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.ipc.RpcClient;
import org.bitcoinfx.ipc.ServerThread;

/**
 * The wallet's coins (UTXOs), their freezing, and sends from chosen coins: {@code listunspent},
 * {@code listlockunspent}, {@code lockunspent}, {@code gettransaction} (for frozen coins), {@code getrawchangeaddress}
 * and {@code walletcreatefundedpsbt} with {@code inputs}/{@code add_inputs}/{@code change_address}, all through
 * {@code Rpc.executeRpc} on {@code /wallet/<name>} (Bitcoin Core {@code src/wallet/rpc/coins.cpp}, {@code spend.cpp}).
 * Futures fail with {@link org.bitcoinfx.ipc.JsonRpcException} carrying the node's code and message, or with
 * IllegalArgumentException for input refused before any call.
 */
public final class CoinsService {
    private final NodeClient client;

    /** @param client the connected node */
    public CoinsService(NodeClient client) {
        this.client = client;
    }

    /** @return the connection's one CoinsService */
    public static CoinsService of(ConnectionScope scope) {
        return scope.service(CoinsService.class, s -> new CoinsService(s.client()));
    }

    private RpcClient rpc() {
        return client.rpc(ServerThread.WALLET);
    }

    /**
     * Every unspent coin of the wallet, frozen or not: {@code listunspent 0} (confirmed and unconfirmed; it leaves out
     * locked coins), then {@code listlockunspent} and, for each frozen coin, {@code gettransaction txid true true}.
     *
     * @return the coins, most confirmations first, then largest first
     */
    public CompletableFuture<List<Utxo>> coins(String wallet) {
        CompletableFuture<List<Utxo>> free = rpc().callWallet(wallet, "listunspent", 0).thenApply(r -> {
            List<Utxo> l = new ArrayList<>();
            r.forEach(e -> l.add(Utxo.fromListUnspent(e)));
            return l;
        });
        return free.thenCombine(frozenCoins(wallet), (a, b) -> {
            List<Utxo> all = new ArrayList<>(a);
            all.addAll(b);
            all.sort(Comparator.comparingInt(Utxo::confirmations).reversed().thenComparing(Comparator.comparingLong(Utxo::amountSat).reversed())
                    .thenComparing(u -> u.outpoint().toString()));
            return all;
        });
    }

    /**
     * Only the frozen coins: {@code listlockunspent}, then {@code gettransaction txid true true} of each (cheap next to
     * a whole {@code listunspent} of a big wallet: what "send max" needs while the Coins tab is not shown).
     */
    public CompletableFuture<List<Utxo>> frozenCoins(String wallet) {
        return frozen(wallet).thenCompose(ops -> {
            List<CompletableFuture<Utxo>> fs = new ArrayList<>();
            for (Outpoint o : ops) {
                fs.add(rpc().callWallet(wallet, "gettransaction", o.txid(), true, true).thenApply(tx -> Utxo.fromTransaction(o, tx)));
            }
            return CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).thenApply(v -> fs.stream().map(CompletableFuture::join).toList());
        });
    }

    /** {@code listlockunspent}: the frozen coins' outpoints. */
    public CompletableFuture<List<Outpoint>> frozen(String wallet) {
        return rpc().callWallet(wallet, "listlockunspent").thenApply(r -> {
            List<Outpoint> l = new ArrayList<>();
            r.forEach(e -> l.add(new Outpoint(e.path("txid").asText(), e.path("vout").asInt())));
            return l;
        });
    }

    /**
     * Freezes or unfreezes coins: {@code lockunspent unlock [{txid, vout}…] true}. A freeze is persistent (written to the
     * wallet database, kept across restarts); an unfreeze clears both kinds of lock.
     *
     * @param freeze true to freeze (lock), false to unfreeze
     * @return fails with the node's error, e.g. -8 "Invalid parameter, output already locked" or "expected locked output"
     * @throws IllegalArgumentException (in the future) for an empty list
     */
    public CompletableFuture<Void> setFrozen(String wallet, List<Outpoint> coins, boolean freeze) {
        if (coins.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("Choose at least one coin."));
        }
        List<Map<String, Object>> l = coins.stream().map(Outpoint::json).toList();
        return rpc().callWallet(wallet, "lockunspent", !freeze, l, true).thenApply(r -> {
            if (!r.asBoolean(false)) {
                throw new IllegalStateException("lockunspent answered " + r);
            }
            return null;
        });
    }

    /** {@code getrawchangeaddress}: a new address of the wallet's change keychain. */
    public CompletableFuture<String> changeAddress(String wallet) {
        return rpc().callWallet(wallet, "getrawchangeaddress").thenApply(JsonNode::asText);
    }

    /**
     * As {@link WalletService#preview}, with coin control: {@code walletcreatefundedpsbt [inputs] [{address: amount}] 0
     * {add_inputs: false, change_address, fee_rate | conf_target, replaceable: true, subtractFeeFromOutputs}}, then
     * {@code analyzepsbt}. Only the chosen coins are spent (none added); change, if any, goes to {@code changeAddress}.
     *
     * @param inputs        the coins to spend; empty lets the wallet choose (then only the change address is set)
     * @param changeAddress where change goes, or null/empty for a new change address of the wallet
     */
    public CompletableFuture<SendPreview> preview(String wallet, SendRequest req, List<Outpoint> inputs, String changeAddress) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(req.address(), Amounts.btcDecimal(req.amountSat()));
        Map<String, Object> options = new LinkedHashMap<>();
        if (!inputs.isEmpty()) {
            options.put("add_inputs", false);
        }
        if (changeAddress != null && !changeAddress.isBlank()) {
            options.put("change_address", changeAddress.strip());
        }
        options.put("replaceable", true);
        if (req.fee().explicit()) {
            options.put("fee_rate", req.fee().satPerVb());
        } else {
            options.put("conf_target", req.fee().confTarget());
            options.put("estimate_mode", "economical");
        }
        if (req.wholeBalance()) {
            options.put("subtractFeeFromOutputs", List.of(0));
        }
        List<Map<String, Object>> ins = inputs.stream().map(Outpoint::json).toList();
        return rpc().callWallet(wallet, "walletcreatefundedpsbt", ins, List.of(out), 0, options).thenCompose(funded -> {
            String psbt = funded.path("psbt").asText();
            long fee = Units.btcToSat(funded.path("fee").asDouble());
            return rpc().call("analyzepsbt", psbt).thenApply(a -> {
                long vsize = a.path("estimated_vsize").asLong();
                double rate = vsize > 0 ? (double) fee / vsize : 0;
                long amount = req.wholeBalance() ? req.amountSat() - fee : req.amountSat();
                return new SendPreview(req, psbt, fee, vsize, rate, amount);
            });
        });
    }
}
