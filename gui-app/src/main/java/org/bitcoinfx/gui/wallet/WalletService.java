package org.bitcoinfx.gui.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.bitcoinfx.gui.util.Units;
import org.bitcoinfx.ipc.DisconnectedException;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.ipc.RpcClient;
import org.bitcoinfx.ipc.ServerThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Wallet page's calls to the node, all through {@code Rpc.executeRpc} (wallet calls on
 * {@code /wallet/<name>}), mirroring Bitcoin Core's wallet RPCs ({@code src/wallet/rpc/*.cpp}).
 * Every method returns at once; futures fail with {@link org.bitcoinfx.ipc.JsonRpcException}
 * carrying the node's code and message, or with IllegalArgumentException for input this class
 * refuses before calling. Passphrases are taken as {@link Passphrase} and never logged.
 */
public final class WalletService {
    private static final Logger LOG = LoggerFactory.getLogger(WalletService.class);
    /** How long {@link #send} unlocks an encrypted wallet for, seconds; it locks again right after signing. */
    public static final int UNLOCK_SECONDS = 30;

    private final NodeClient client;

    /** @param client the connected node */
    public WalletService(NodeClient client) {
        this.client = client;
    }

    /** @return the connection's one WalletService */
    public static WalletService of(org.bitcoinfx.gui.node.ConnectionScope scope) {
        return scope.service(WalletService.class, s -> new WalletService(s.client()));
    }

    private RpcClient rpc() {
        return client.rpc(ServerThread.WALLET);
    }

    /** {@code listwallets}: the loaded wallets' names. */
    public CompletableFuture<List<String>> listWallets() {
        return rpc().call("listwallets").thenApply(WalletService::strings);
    }

    /**
     * {@code listwalletdir}: the wallets of the wallet directory that are legacy (Berkeley DB) wallets, which the node
     * lists with a warning and loads only after {@code migratewallet} ({@code src/wallet/rpc/wallet.cpp}).
     *
     * @return their names
     */
    public CompletableFuture<List<String>> listLegacyWallets() {
        return rpc().call("listwalletdir").thenApply(r -> {
            List<String> names = new ArrayList<>();
            r.path("wallets").forEach(w -> {
                for (JsonNode warning : w.path("warnings")) {
                    if (warning.asText().contains("legacy wallet")) {
                        names.add(w.path("name").asText());
                        break;
                    }
                }
            });
            return names;
        });
    }

    /**
     * {@code migratewallet name [passphrase]}: turns a legacy wallet into a descriptor wallet (a backup of the old one
     * is written first; watch-only and solvable scripts go to wallets of their own) and loads it.
     *
     * @param passphrase the legacy wallet's passphrase, or empty for an unencrypted one (sent as a secret call)
     * @return what the node made; fails with -4 and the node's words ("Error: This wallet is already a descriptor
     *         wallet", "Error: Wallet does not exist", a wrong passphrase…)
     */
    public CompletableFuture<MigrationResult> migrateWallet(String name, Passphrase passphrase) {
        CompletableFuture<JsonNode> r = passphrase == null || passphrase.isEmpty()
                ? rpc().call("migratewallet", name)
                : rpc().callSecret(null, "migratewallet", name, passphrase.chars());
        return r.thenApply(MigrationResult::from);
    }

    /** {@code listwalletdir}: the names of every wallet in the wallet directory, loaded or not. */
    public CompletableFuture<List<String>> listWalletDir() {
        return rpc().call("listwalletdir").thenApply(r -> {
            List<String> names = new ArrayList<>();
            r.path("wallets").forEach(w -> names.add(w.path("name").asText()));
            return names;
        });
    }

    /**
     * {@code createwallet name false false passphrase false true true}: a descriptor wallet, encrypted if
     * {@code passphrase} is not empty, loaded on startup. The caller closes the passphrase.
     *
     * @return the wallet's name as the node reports it
     * @throws IllegalArgumentException (in the future) for an empty name
     */
    public CompletableFuture<String> createWallet(String name, Passphrase passphrase) {
        if (name == null || name.isBlank()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("Enter a name for the wallet."));
        }
        Object pass = passphrase == null || passphrase.isEmpty() ? "" : passphrase.chars();
        return rpc().call("createwallet", name.strip(), false, false, pass, false, true, true)
                .thenApply(r -> r.path("name").asText(name.strip()));
    }

    /** {@code loadwallet name true}. @return the name */
    public CompletableFuture<String> loadWallet(String name) {
        return rpc().call("loadwallet", name, true).thenApply(r -> r.path("name").asText(name));
    }

    /** {@code unloadwallet name}. */
    public CompletableFuture<Void> unloadWallet(String name) {
        return rpc().call("unloadwallet", name).thenApply(r -> null);
    }

    /** {@code backupwallet destination} on the wallet; the path is the node's (the node runs on this machine). */
    public CompletableFuture<Void> backupWallet(String wallet, Path destination) {
        return rpc().callWallet(wallet, "backupwallet", destination.toAbsolutePath().toString()).thenApply(r -> null);
    }

    /** {@code restorewallet name backup_file true}: a new wallet from a backup file, loaded. @return the name */
    public CompletableFuture<String> restoreWallet(String name, Path backup) {
        if (name == null || name.isBlank()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("Enter a name for the restored wallet."));
        }
        return rpc().call("restorewallet", name.strip(), backup.toAbsolutePath().toString(), true)
                .thenApply(r -> r.path("name").asText(name.strip()));
    }

    /** {@code getbalances}. */
    public CompletableFuture<Balances> balances(String wallet) {
        return rpc().callWallet(wallet, "getbalances").thenApply(Balances::fromGetBalances);
    }

    /** {@code getbalances} of each wallet; a wallet whose call fails maps to {@link Balances#UNKNOWN}. */
    public CompletableFuture<Map<String, Balances>> balances(List<String> wallets) {
        Map<String, CompletableFuture<Balances>> fs = new LinkedHashMap<>();
        for (String w : wallets) {
            fs.put(w, balances(w).exceptionally(e -> {
                LOG.info("getbalances of {} failed: {}", w, e.getMessage());
                return Balances.UNKNOWN;
            }));
        }
        return CompletableFuture.allOf(fs.values().toArray(CompletableFuture[]::new)).thenApply(v -> {
            Map<String, Balances> m = new LinkedHashMap<>();
            fs.forEach((k, f) -> m.put(k, f.join()));
            return m;
        });
    }

    /** {@code getwalletinfo}. */
    public CompletableFuture<WalletInfo> walletInfo(String wallet) {
        return rpc().callWallet(wallet, "getwalletinfo").thenApply(WalletInfo::from);
    }

    /** {@code getnewaddress label type}. @return the address */
    public CompletableFuture<String> newAddress(String wallet, String label, AddressType type) {
        return rpc().callWallet(wallet, "getnewaddress", label == null ? "" : label.strip(), type.rpcName()).thenApply(JsonNode::asText);
    }

    /** {@code validateaddress address}; never fails for a bad address (the verdict says why). */
    public CompletableFuture<AddressCheck> validateAddress(String address) {
        String a = address == null ? "" : address.strip();
        return rpc().call("validateaddress", a).thenApply(r -> AddressCheck.from(a, r));
    }

    /** {@code estimatesmartfee target} (economical). */
    public CompletableFuture<FeeEstimate> estimateSmartFee(int target) {
        return rpc().call("estimatesmartfee", target).thenApply(r -> FeeEstimate.from(target, r));
    }

    /**
     * {@code listtransactions "*" count skip}: a page of activity, newest first.
     *
     * @param count rows per page
     * @param skip  rows of newer activity to skip
     */
    public CompletableFuture<List<WalletTx>> listTransactions(String wallet, int count, int skip) {
        return rpc().callWallet(wallet, "listtransactions", "*", count, skip).thenApply(r -> {
            List<WalletTx> rows = new ArrayList<>();
            r.forEach(e -> rows.add(WalletTx.from(e)));
            java.util.Collections.reverse(rows); // the node gives oldest first within the page
            return rows;
        });
    }

    /** Rows per {@code listtransactions} call when {@link #history} reads a whole wallet, after the first. */
    public static final int HISTORY_CHUNK = 1000;
    /** Rows of {@link #history}'s first {@code listtransactions}: a few screens, to show at once. */
    public static final int FIRST_CHUNK = 100;

    /**
     * A wallet's whole activity, read once: {@code getwalletinfo} (its {@code lastprocessedblock}) and, sent right
     * behind it on the same server thread (so run after it), {@code listtransactions "*" 100 0}; then
     * {@code listtransactions "*" 1000 skip} newest first until a short chunk, then {@code listsinceblock} from that
     * block for what came meanwhile ({@link WalletHistory#merge}). A chunk of 1,000 is about 0.5 MB of JSON; the
     * chunks are asked one after another, off the JavaFX thread.
     *
     * @param progress told, after each chunk, that chunk (newest first) and the rows read so far (on an IPC thread):
     *                 the first chunk is the newest {@value #FIRST_CHUNK} rows, to show before the rest is read
     * @param stop     asked before each chunk: true ends the read, failing with CancellationException
     * @return the history; fails with the node's error (JsonRpcException) or CancellationException
     */
    public CompletableFuture<WalletHistory> history(String wallet, java.util.function.ObjIntConsumer<List<WalletTx>> progress,
                                                    java.util.function.BooleanSupplier stop) {
        CompletableFuture<JsonNode> walletInfo = rpc().callWallet(wallet, "getwalletinfo");
        CompletableFuture<List<WalletTx>> first = listTransactions(wallet, FIRST_CHUNK, 0);
        return walletInfo.thenCombine(first, (info, chunk) -> {
            List<WalletTx> rows = new ArrayList<>(Math.max(16, info.path("txcount").asInt()));
            rows.addAll(chunk);
            progress.accept(chunk, rows.size());
            return rows;
        }).thenCompose(rows -> {
            JsonNode last = walletInfo.join().path("lastprocessedblock");
            CompletableFuture<List<WalletTx>> all = rows.size() < FIRST_CHUNK ? CompletableFuture.completedFuture(rows)
                    : chunks(wallet, rows, progress, stop);
            return all.thenCompose(r -> sinceBlock(wallet, last.path("hash").asText()))
                    .thenApply(since -> WalletHistory.of(rows, last.path("hash").asText(), last.path("height").asInt()).merge(since));
        });
    }

    private CompletableFuture<List<WalletTx>> chunks(String wallet, List<WalletTx> rows, java.util.function.ObjIntConsumer<List<WalletTx>> progress,
                                                     java.util.function.BooleanSupplier stop) {
        if (stop.getAsBoolean()) {
            return CompletableFuture.failedFuture(new java.util.concurrent.CancellationException("history read of " + wallet + " stopped"));
        }
        return listTransactions(wallet, HISTORY_CHUNK, rows.size()).thenCompose(chunk -> {
            rows.addAll(chunk);
            progress.accept(chunk, rows.size());
            return chunk.size() < HISTORY_CHUNK ? CompletableFuture.completedFuture(rows) : chunks(wallet, rows, progress, stop);
        });
    }

    /**
     * {@code listsinceblock blockhash 1 false true} (include_removed), then {@code getblockheader lastblock} for its
     * height: what changed in the wallet since {@code blockHash} ("" for since genesis: everything in one reply).
     *
     * @return fails with the node's error, e.g. -5 "Block not found" for a hash the node does not know
     */
    public CompletableFuture<SinceBlock> sinceBlock(String wallet, String blockHash) {
        return rpc().callWallet(wallet, "listsinceblock", blockHash == null ? "" : blockHash, 1, false, true)
                .thenCompose(r -> rpc().call("getblockheader", r.path("lastblock").asText())
                        .thenApply(h -> SinceBlock.parse(r, h.path("height").asInt())));
    }

    /**
     * {@code gettransaction txid true true}: the transaction with its decoded inputs and outputs, sizes and fee rate,
     * for Activity's details.
     *
     * @return fails with -5 "Invalid or non-wallet transaction id" for a transaction the wallet does not have
     */
    public CompletableFuture<WalletTxDetails> transactionDetails(String wallet, String txid) {
        return rpc().callWallet(wallet, "gettransaction", txid, true, true).thenApply(WalletTxDetails::parse);
    }

    /** {@code gettransaction txid}: the node's full answer, for the details pane. */
    public CompletableFuture<JsonNode> transaction(String wallet, String txid) {
        return rpc().callWallet(wallet, "gettransaction", txid);
    }

    /**
     * Funds a transaction for review without signing or broadcasting it:
     * {@code walletcreatefundedpsbt [] [{address: amount}] 0 {fee_rate | conf_target, replaceable: true,
     * subtractFeeFromOutputs}}, then {@code analyzepsbt} for the size and fee rate once signed.
     * Works on a locked wallet (no keys are needed to fund).
     */
    public CompletableFuture<SendPreview> preview(String wallet, SendRequest req) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(req.address(), Amounts.btcDecimal(req.amountSat()));
        Map<String, Object> options = new LinkedHashMap<>();
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
        return rpc().callWallet(wallet, "walletcreatefundedpsbt", List.of(), List.of(out), 0, options)
                .thenCompose(funded -> {
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

    /**
     * Signs and broadcasts a previewed transaction: for an encrypted wallet {@code walletpassphrase}
     * (for {@value #UNLOCK_SECONDS} s), then {@code walletprocesspsbt psbt true "DEFAULT" true true},
     * {@code walletlock} at once, then {@code sendrawtransaction hex}, then {@code setlabel} for the
     * recipient if the request has a label. The caller closes the passphrase.
     *
     * @param passphrase the wallet passphrase, or null/empty for an unencrypted wallet
     * @return the txid; fails with the node's error (e.g. -14 wrong passphrase) and broadcasts nothing then;
     *         fails with {@link SendInterruptedException} when the connection is lost on the way, saying
     *         whether {@code sendrawtransaction} had been asked (the transaction may be out) or not (nothing was sent)
     */
    public CompletableFuture<String> send(String wallet, SendPreview preview, Passphrase passphrase) {
        boolean unlock = passphrase != null && !passphrase.isEmpty();
        CompletableFuture<JsonNode> unlocked = unlock
                ? rpc().callWallet(wallet, "walletpassphrase", passphrase.chars(), UNLOCK_SECONDS)
                : CompletableFuture.completedFuture(null);
        CompletableFuture<JsonNode> signed = unlocked.thenCompose(v -> rpc().callWallet(wallet, "walletprocesspsbt", preview.psbt(), true,
                "DEFAULT", true, true));
        CompletableFuture<JsonNode> relocked = unlock
                ? signed.handle((r, e) -> e).thenCompose(signError -> rpc().callWallet(wallet, "walletlock")
                        .handle((v, lockError) -> {
                            if (lockError != null) {
                                LOG.warn("walletlock after signing failed: {}", lockError.getMessage());
                            }
                            return null;
                        }))
                        .thenCompose(v -> signed)
                : signed;
        java.util.concurrent.atomic.AtomicBoolean broadcastAsked = new java.util.concurrent.atomic.AtomicBoolean();
        CompletableFuture<String> txid = relocked.thenCompose(r -> {
            if (!r.path("complete").asBoolean(false) || !r.has("hex")) {
                throw new IllegalStateException("the wallet could not sign every input (is it watch-only?)");
            }
            broadcastAsked.set(true);
            return rpc().call("sendrawtransaction", r.path("hex").asText());
        }).thenApply(JsonNode::asText).handle((id, e) -> {
            if (e == null) {
                return id;
            }
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof DisconnectedException d) {
                throw new SendInterruptedException(broadcastAsked.get(), d);
            }
            throw e instanceof java.util.concurrent.CompletionException c ? c : new java.util.concurrent.CompletionException(e);
        });
        String label = preview.request().label();
        if (label == null || label.isBlank()) {
            return txid;
        }
        // the recipient's label goes into the wallet's address book once the send is out
        return txid.thenCompose(id -> rpc().callWallet(wallet, "setlabel", preview.request().address(), label.strip())
                .handle((v, e) -> {
                    if (e != null) {
                        LOG.warn("setlabel after send failed: {}", e.getMessage());
                    }
                    return id;
                }));
    }

    private static List<String> strings(JsonNode a) {
        List<String> r = new ArrayList<>();
        a.forEach(n -> r.add(n.asText()));
        return r;
    }
}
