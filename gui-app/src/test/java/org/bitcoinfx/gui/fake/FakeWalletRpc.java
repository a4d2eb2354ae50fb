package org.bitcoinfx.gui.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bitcoinfx.ipc.JsonRpcException;
import org.bitcoinfx.ipc.primitives.Hashes;
import org.bitcoinfx.ipc.primitives.RawTx;

/**
 * The wallet RPCs of the fake node, in Bitcoin Core's shapes and error codes/messages (copied
 * from a real regtest node, master 58a7869f86): createwallet, loadwallet, unloadwallet,
 * listwallets, listwalletdir, backupwallet, restorewallet, getbalances, getbalance,
 * getwalletinfo, getnewaddress, setlabel, walletpassphrase, walletlock,
 * walletcreatefundedpsbt, walletprocesspsbt, listtransactions, gettransaction; and the node-level
 * ones the wallet pages use: validateaddress, estimatesmartfee, analyzepsbt, sendrawtransaction,
 * generatetoaddress. Called under the fake node's lock.
 */
final class FakeWalletRpc {
    /** The wallet's {@code -maxtxfee} default, sat. */
    static final long MAX_TX_FEE = 10_000_000;
    /** Bitcoin Core's dust relay fee, sat/kvB. */
    static final long DUST_RELAY = 3000;

    private final FakeNodeClient node;
    private final Map<String, FakeWallet> onDisk = new LinkedHashMap<>();
    private final Map<String, FakeWallet> loaded = new LinkedHashMap<>();
    private final Map<String, FakeWallet> backups = new HashMap<>();
    private final Map<String, Draft> drafts = new HashMap<>();
    private volatile BigDecimal feeEstimateSatVb;

    /** A funded, unsigned transaction (the PSBT's content). */
    private record Draft(String wallet, RawTx tx, long feeSat, List<FakeWallet.Coin> inputs, int changePos) {
    }

    FakeWalletRpc(FakeNodeClient node) {
        this.node = node;
    }

    /** Makes estimatesmartfee answer {@code satPerVb} (null: "Insufficient data", as on a fresh regtest). */
    void setFeeEstimate(BigDecimal satPerVb) {
        feeEstimateSatVb = satPerVb;
    }

    /** Creates and loads a wallet directly (test set-up). */
    FakeWallet create(String name, char[] passphrase) {
        FakeWallet w = new FakeWallet(name, passphrase);
        onDisk.put(name, w);
        loaded.put(name, w);
        return w;
    }

    FakeWallet wallet(String name) {
        return loaded.get(name);
    }

    List<FakeWallet> all() {
        return List.copyOf(onDisk.values());
    }

    /** Handles a node-level method; @throws JsonRpcException -32601 if it is not one of ours */
    JsonNode dispatch(String method, List<JsonNode> p) {
        return switch (method) {
            case "listwallets" -> {
                ArrayNode a = FakeWallet.JSON.createArrayNode();
                loaded.keySet().forEach(a::add);
                yield a;
            }
            case "listwalletdir" -> {
                ObjectNode o = FakeWallet.JSON.createObjectNode();
                ArrayNode a = o.putArray("wallets");
                onDisk.keySet().forEach(n -> a.addObject().put("name", n).putArray("warnings"));
                yield o;
            }
            case "createwallet" -> createWallet(p);
            case "loadwallet" -> {
                String n = str(p, 0, "filename");
                if (loaded.containsKey(n)) {
                    throw new JsonRpcException(-35, "Wallet \"" + n + "\" is already loaded.");
                }
                FakeWallet w = onDisk.get(n);
                if (w == null) {
                    throw new JsonRpcException(-18, "Wallet file verification failed. Failed to load database path '" + path(n)
                            + "'. Path does not exist.");
                }
                loaded.put(n, w);
                yield FakeWallet.JSON.createObjectNode().put("name", n);
            }
            case "unloadwallet" -> {
                String n = str(p, 0, "wallet_name");
                if (loaded.remove(n) == null) {
                    throw new JsonRpcException(-18, "Requested wallet does not exist or is not loaded");
                }
                yield FakeWallet.JSON.createObjectNode();
            }
            case "restorewallet" -> restore(str(p, 0, "wallet_name"), str(p, 1, "backup_file"));
            case "validateaddress" -> validate(str(p, 0, "address"));
            case "estimatesmartfee" -> {
                int target = param(p, 0, "conf_target").asInt();
                if (target < 1 || target > 1008) {
                    throw new JsonRpcException(-8, "Invalid conf_target, must be between 1 and 1008");
                }
                ObjectNode o = FakeWallet.JSON.createObjectNode();
                BigDecimal est = feeEstimateSatVb;
                if (est == null) {
                    o.putArray("errors").add("Insufficient data or no feerate found");
                    o.put("blocks", 0);
                } else {
                    // slower targets get cheaper estimates
                    BigDecimal r = est.multiply(BigDecimal.valueOf(target <= 2 ? 1.0 : target <= 6 ? 0.6 : 0.25)).max(BigDecimal.ONE);
                    o.put("feerate", r.movePointLeft(5).setScale(8, RoundingMode.HALF_UP));
                    o.put("blocks", Math.max(2, target));
                }
                yield o;
            }
            case "analyzepsbt" -> analyze(str(p, 0, "psbt"));
            case "sendrawtransaction" -> FakeWallet.JSON.getNodeFactory().textNode(broadcast(str(p, 0, "hexstring")));
            case "generatetoaddress" -> {
                int n = param(p, 0, "nblocks").asInt();
                FakeAddresses.Decoded d = FakeAddresses.decode(str(p, 1, "address"));
                if (!d.valid()) {
                    throw new JsonRpcException(-5, "Error: Invalid address");
                }
                ArrayNode a = FakeWallet.JSON.createArrayNode();
                node.generateTo(n, d.scriptPubKey()).forEach(a::add);
                yield a;
            }
            default -> throw new JsonRpcException(-32601, "Method not found");
        };
    }

    /** Handles a call on {@code /wallet/<name>}. */
    JsonNode dispatchWallet(String name, String method, List<JsonNode> p) {
        FakeWallet w = loaded.get(name);
        if (w == null) {
            throw new JsonRpcException(-18, "Requested wallet does not exist or is not loaded");
        }
        int tip = node.height();
        String tipHash = node.tipRef().hashHex();
        return switch (method) {
            case "getbalances" -> w.getBalances(tip, tipHash);
            case "getbalance" -> FakeWallet.JSON.getNodeFactory().numberNode(FakeWallet.btc(w.balances(tip)[0]));
            case "getwalletinfo" -> w.walletInfo(tip, tipHash);
            case "listdescriptors" -> listDescriptors(!p.isEmpty() && p.get(0).asBoolean(false));
            case "getnewaddress" -> {
                String label = p.isEmpty() || p.get(0).isNull() ? "" : p.get(0).asText();
                String type = p.size() < 2 || p.get(1).isNull() ? "bech32" : p.get(1).asText();
                if (!List.of("bech32", "bech32m", "p2sh-segwit", "legacy").contains(type)) {
                    throw new JsonRpcException(-5, "Unknown address type '" + type + "'");
                }
                if (type.equals("legacy")) {
                    throw new JsonRpcException(-12, "Error: No legacy addresses available");
                }
                yield FakeWallet.JSON.getNodeFactory().textNode(w.newAddress(label, type, false).address());
            }
            case "walletpassphrase" -> {
                if (!w.encrypted()) {
                    throw new JsonRpcException(-15, "Error: running with an unencrypted wallet, but walletpassphrase was called.");
                }
                String pass = str(p, 0, "passphrase");
                long timeout = param(p, 1, "timeout").asLong();
                if (timeout < 0) {
                    throw new JsonRpcException(-8, "Timeout cannot be negative.");
                }
                if (!w.checkPassphrase(pass)) {
                    throw new JsonRpcException(-14, "Error: The wallet passphrase entered was incorrect.");
                }
                w.unlockedUntil = Instant.now().getEpochSecond() + Math.min(timeout, 100_000_000L);
                yield FakeWallet.JSON.nullNode();
            }
            case "walletlock" -> {
                if (!w.encrypted()) {
                    throw new JsonRpcException(-15, "Error: running with an unencrypted wallet, but walletlock was called.");
                }
                w.unlockedUntil = 0;
                yield FakeWallet.JSON.nullNode();
            }
            case "backupwallet" -> {
                Path dest = Path.of(str(p, 0, "destination"));
                try {
                    Files.writeString(dest, "fake wallet backup of " + w.name + "\n", StandardCharsets.UTF_8);
                } catch (IOException | RuntimeException e) {
                    throw new JsonRpcException(-4, "Error: Wallet backup failed!");
                }
                backups.put(dest.toAbsolutePath().toString(), w.copy(w.name));
                yield FakeWallet.JSON.nullNode();
            }
            case "setlabel" -> {
                String a = str(p, 0, "address");
                if (!FakeAddresses.decode(a).valid()) {
                    throw new JsonRpcException(-5, "Invalid Bitcoin address");
                }
                w.setLabel(a, str(p, 1, "label"));
                yield FakeWallet.JSON.nullNode();
            }
            case "walletcreatefundedpsbt" -> fund(w, p);
            case "walletprocesspsbt" -> process(w, str(p, 0, "psbt"));
            case "listtransactions" -> list(w, p, tip);
            case "gettransaction" -> {
                String txid = str(p, 0, "txid");
                if (txid.length() != 64) {
                    throw new JsonRpcException(-8, "txid must be of length 64 (not " + txid.length() + ", for '" + txid + "')");
                }
                FakeWallet.Wtx t = w.txs.get(txid);
                if (t == null) {
                    throw new JsonRpcException(-5, "Invalid or non-wallet transaction id");
                }
                yield w.getTransaction(t, tip, tipHash);
            }
            default -> dispatch(method, p);
        };
    }

    private JsonNode createWallet(List<JsonNode> p) {
        String n = str(p, 0, "wallet_name");
        String pass = p.size() > 3 && !p.get(3).isNull() ? p.get(3).asText() : "";
        if (p.size() > 5 && !p.get(5).isNull() && !p.get(5).asBoolean()) {
            throw new JsonRpcException(-4, "Error: Legacy wallets are no longer supported");
        }
        if (onDisk.containsKey(n)) {
            throw new JsonRpcException(-4, "Wallet file verification failed. Failed to create database path '" + path(n)
                    + "'. Database already exists.");
        }
        create(n, pass.toCharArray());
        return FakeWallet.JSON.createObjectNode().put("name", n);
    }

    private JsonNode restore(String name, String file) {
        Path f = Path.of(file);
        if (!Files.exists(f)) {
            throw new JsonRpcException(-8, "Backup file does not exist");
        }
        if (onDisk.containsKey(name)) {
            throw new JsonRpcException(-36, "Failed to restore wallet. Database file exists in '" + path(name) + "/wallet.dat'.");
        }
        FakeWallet b = backups.get(f.toAbsolutePath().toString());
        if (b == null) {
            throw new JsonRpcException(-4, "Wallet file verification failed. " + file + " is not a wallet backup");
        }
        FakeWallet w = b.copy(name);
        onDisk.put(name, w);
        loaded.put(name, w);
        return FakeWallet.JSON.createObjectNode().put("name", name);
    }

    private static String path(String wallet) {
        return "/fake/datadir/regtest/wallets/" + wallet;
    }

    private ObjectNode validate(String address) {
        FakeAddresses.Decoded d = FakeAddresses.decode(address);
        ObjectNode o = FakeWallet.JSON.createObjectNode();
        if (!d.valid()) {
            o.put("isvalid", false);
            o.putArray("error_locations");
            o.put("error", d.error());
            return o;
        }
        o.put("isvalid", true);
        o.put("address", address);
        o.put("scriptPubKey", Hashes.hex(d.scriptPubKey()));
        o.put("isscript", d.isScript());
        o.put("iswitness", d.witnessVersion() >= 0);
        if (d.witnessVersion() >= 0) {
            o.put("witness_version", d.witnessVersion());
            o.put("witness_program", Hashes.hex(d.witnessProgram()));
        }
        return o;
    }

    /** {@code GetDustThreshold} at the default dust relay fee. */
    static long dust(byte[] script) {
        long size = 8 + 1 + script.length;
        boolean witness = script.length >= 4 && script.length <= 42 && (script[0] == 0 || ((script[0] & 0xff) >= 0x51 && (script[0] & 0xff) <= 0x60))
                && script[1] + 2 == script.length;
        size += witness ? 32 + 4 + 1 + 107 / 4 + 4 : 32 + 4 + 1 + 107 + 4;
        return size * DUST_RELAY / 1000;
    }

    private ObjectNode fund(FakeWallet w, List<JsonNode> p) {
        JsonNode outputs = param(p, 1, "outputs");
        Map<String, Long> outs = new LinkedHashMap<>();
        if (outputs.isArray()) {
            outputs.forEach(o -> o.fields().forEachRemaining(f -> outs.put(f.getKey(), FakeWallet.sat(f.getValue()))));
        } else {
            outputs.fields().forEachRemaining(f -> outs.put(f.getKey(), FakeWallet.sat(f.getValue())));
        }
        if (outs.isEmpty()) {
            throw new JsonRpcException(-8, "Invalid parameter, output argument must be non-empty");
        }
        JsonNode opt = p.size() > 3 ? p.get(3) : FakeWallet.JSON.createObjectNode();
        BigDecimal rate;
        if (opt.has("fee_rate")) {
            rate = opt.get("fee_rate").decimalValue();
        } else if (feeEstimateSatVb != null) {
            int target = opt.path("conf_target").asInt(6);
            rate = feeEstimateSatVb.multiply(BigDecimal.valueOf(target <= 2 ? 1.0 : target <= 6 ? 0.6 : 0.25)).max(BigDecimal.ONE);
        } else {
            throw new JsonRpcException(-4, "Fee estimation failed. Fallbackfee is disabled. Wait a few blocks or enable -fallbackfee.");
        }
        if (rate.compareTo(BigDecimal.ONE) < 0) {
            throw new JsonRpcException(-4, "Fee rate (" + rate.setScale(3, RoundingMode.HALF_UP) + " sat/vB) is lower than the minimum fee rate setting (1.000 sat/vB).");
        }
        boolean subtract = opt.has("subtractFeeFromOutputs") && opt.get("subtractFeeFromOutputs").size() > 0;
        List<RawTx.Output> txOuts = new ArrayList<>();
        long target = 0;
        for (var e : outs.entrySet()) {
            FakeAddresses.Decoded d = FakeAddresses.decode(e.getKey());
            if (!d.valid()) {
                throw new JsonRpcException(-5, "Invalid Bitcoin address: " + e.getKey());
            }
            if (e.getValue() <= 0) {
                throw new JsonRpcException(-3, "Invalid amount");
            }
            if (!subtract && e.getValue() < dust(d.scriptPubKey())) {
                throw new JsonRpcException(-4, "Transaction amount too small");
            }
            txOuts.add(new RawTx.Output(e.getValue(), d.scriptPubKey()));
            target += e.getValue();
        }
        int tip = node.height();
        List<FakeWallet.Coin> avail = new ArrayList<>(w.coins.stream().filter(c -> w.spendable(c, tip)).toList());
        avail.sort(Comparator.comparingLong((FakeWallet.Coin c) -> c.valueSat).reversed());
        List<FakeWallet.Coin> chosen = new ArrayList<>();
        long in = 0;
        FakeWallet.Addr change = null;
        for (FakeWallet.Coin c : avail) {
            chosen.add(c);
            in += c.valueSat;
            long fee = fee(rate, build(chosen, txOuts, new byte[34]).vsize());
            if (in >= target + (subtract ? 0 : fee)) {
                break;
            }
        }
        long feeWithChange = fee(rate, build(chosen, txOuts, new byte[34]).vsize());
        if (in < target + (subtract ? 0 : feeWithChange) || chosen.isEmpty()) {
            throw new JsonRpcException(-4, "Insufficient funds");
        }
        List<RawTx.Output> finalOuts = new ArrayList<>(txOuts);
        long fee;
        int changePos = -1;
        if (subtract) {
            fee = fee(rate, build(chosen, txOuts, null).vsize());
            long extra = in - target;
            RawTx.Output first = finalOuts.get(0);
            finalOuts.set(0, new RawTx.Output(first.valueSat() - fee, first.scriptPubKey()));
            if (extra > 0) {
                change = w.newAddress("", "bech32m", true);
                fee = fee(rate, build(chosen, txOuts, change.script()).vsize());
                finalOuts.set(0, new RawTx.Output(first.valueSat() - fee, first.scriptPubKey()));
                finalOuts.add(new RawTx.Output(extra, change.script()));
                changePos = finalOuts.size() - 1;
            }
            if (finalOuts.get(0).valueSat() < dust(first.scriptPubKey())) {
                throw new JsonRpcException(-4, "The transaction amount is too small to pay the fee");
            }
        } else {
            long changeValue = in - target - feeWithChange;
            if (changeValue >= dust(new byte[34])) {
                change = w.newAddress("", "bech32m", true);
                finalOuts.add(new RawTx.Output(changeValue, change.script()));
                changePos = finalOuts.size() - 1;
                fee = feeWithChange;
            } else {
                fee = in - target;
            }
        }
        if (fee > MAX_TX_FEE) {
            throw new JsonRpcException(-4, "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)");
        }
        RawTx tx = build(chosen, finalOuts, null);
        String psbt = "cHNidP8BAgQCAAAA" + Base64.getEncoder().encodeToString(tx.txid()) + Base64.getEncoder().encodeToString(
                Hashes.sha256(tx.serialize())).substring(0, 16);
        drafts.put(psbt, new Draft(w.name, tx, fee, List.copyOf(chosen), changePos));
        ObjectNode o = FakeWallet.JSON.createObjectNode();
        o.put("psbt", psbt);
        o.put("fee", FakeWallet.btc(fee));
        o.put("changepos", changePos);
        return o;
    }

    /** A transaction spending {@code coins} to {@code outs} (and a change output with {@code changeScript} if given), with dummy P2WPKH witnesses of the size a signature takes. */
    private static RawTx build(List<FakeWallet.Coin> coins, List<RawTx.Output> outs, byte[] changeScript) {
        List<RawTx.Input> ins = new ArrayList<>();
        for (FakeWallet.Coin c : coins) {
            byte[] sig = new byte[72];
            sig[0] = 0x30;
            byte[] pub = new byte[33];
            pub[0] = 0x02;
            System.arraycopy(Hashes.sha256(c.script), 0, pub, 1, 32);
            ins.add(new RawTx.Input(Hashes.fromDisplayHex(c.txid), c.vout, new byte[0], 0xfffffffdL, List.of(sig, pub)));
        }
        List<RawTx.Output> o = new ArrayList<>(outs);
        if (changeScript != null) {
            o.add(new RawTx.Output(0, changeScript));
        }
        return new RawTx(2, ins, o, 0);
    }

    private static long fee(BigDecimal satPerVb, long vsize) {
        return satPerVb.multiply(BigDecimal.valueOf(vsize)).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    private Draft draft(String psbt) {
        Draft d = drafts.get(psbt);
        if (d == null) {
            throw new JsonRpcException(-22, "TX decode failed invalid base64");
        }
        return d;
    }

    private ObjectNode analyze(String psbt) {
        Draft d = draft(psbt);
        ObjectNode o = FakeWallet.JSON.createObjectNode();
        ArrayNode ins = o.putArray("inputs");
        for (FakeWallet.Coin c : d.inputs()) {
            ObjectNode i = ins.addObject();
            i.put("has_utxo", true);
            i.put("is_final", false);
            i.put("next", "signer");
            i.putObject("missing").putArray("signatures").add(Hashes.hex(java.util.Arrays.copyOfRange(c.script, 2, c.script.length)));
        }
        long vsize = d.tx().vsize();
        o.put("estimated_vsize", vsize);
        o.put("estimated_feerate", BigDecimal.valueOf(d.feeSat()).multiply(BigDecimal.valueOf(1000))
                .divide(BigDecimal.valueOf(vsize), 0, RoundingMode.DOWN).movePointLeft(8).setScale(8, RoundingMode.DOWN));
        o.put("fee", FakeWallet.btc(d.feeSat()));
        o.put("next", "signer");
        return o;
    }

    private ObjectNode process(FakeWallet w, String psbt) {
        Draft d = draft(psbt);
        if (!d.wallet().equals(w.name)) {
            ObjectNode o = FakeWallet.JSON.createObjectNode();
            o.put("psbt", psbt);
            o.put("complete", false);
            return o;
        }
        if (!w.unlocked()) {
            throw new JsonRpcException(-13, "Error: Please enter the wallet passphrase with walletpassphrase first.");
        }
        ObjectNode o = FakeWallet.JSON.createObjectNode();
        o.put("psbt", psbt);
        o.put("complete", true);
        o.put("hex", Hashes.hex(d.tx().serialize()));
        return o;
    }

    /** sendrawtransaction: accepts transactions this fake funded; records them in the wallets and the mempool. */
    private String broadcast(String hex) {
        RawTx tx;
        try {
            tx = RawTx.parse(Hashes.parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new JsonRpcException(-22, "TX decode failed. Make sure the tx has at least one input.");
        }
        String txid = Hashes.displayHex(tx.txid());
        Draft d = drafts.values().stream().filter(x -> Hashes.displayHex(x.tx().txid()).equals(txid)).findFirst()
                .orElseThrow(() -> new JsonRpcException(-25, "bad-txns-inputs-missingorspent"));
        if (d.inputs().stream().anyMatch(c -> c.spent)) {
            throw new JsonRpcException(-26, "txn-mempool-conflict");
        }
        drafts.values().removeIf(x -> x == d);
        FakeWallet from = onDisk.get(d.wallet());
        long now = Instant.now().getEpochSecond();
        d.inputs().forEach(c -> c.spent = true);
        from.txs.put(txid, new FakeWallet.Wtx(txid, tx, now, false, d.feeSat(), true));
        for (int i = 0; i < tx.outputs().size(); i++) {
            RawTx.Output o = tx.outputs().get(i);
            for (FakeWallet w : onDisk.values()) {
                if (w.byScript(o.scriptPubKey()) != null) {
                    w.coins.add(new FakeWallet.Coin(txid, i, o.valueSat(), o.scriptPubKey(), false, w == from));
                    w.txs.putIfAbsent(txid, new FakeWallet.Wtx(txid, tx, now, false, 0, false));
                }
            }
        }
        node.addToMempool(tx, d.feeSat(), tx.inputs().size());
        return txid;
    }

    private ArrayNode list(FakeWallet w, List<JsonNode> p, int tip) {
        int count = p.size() > 1 && !p.get(1).isNull() ? p.get(1).asInt() : 10;
        int skip = p.size() > 2 && !p.get(2).isNull() ? p.get(2).asInt() : 0;
        if (count < 0) {
            throw new JsonRpcException(-8, "Negative count");
        }
        if (skip < 0) {
            throw new JsonRpcException(-8, "Negative from");
        }
        List<ObjectNode> all = new ArrayList<>();
        for (FakeWallet.Wtx t : w.txs.values()) {
            all.addAll(w.entries(t, tip));
        }
        int end = Math.max(0, all.size() - skip);
        int start = Math.max(0, end - count);
        ArrayNode a = FakeWallet.JSON.createArrayNode();
        all.subList(start, end).forEach(a::add);
        return a;
    }

    /** A block was connected: confirms {@code txids} and credits a coinbase paying to one of our scripts. */
    void onBlock(int height, String blockHash, long time, List<String> txids, RawTx coinbase) {
        for (FakeWallet w : onDisk.values()) {
            for (FakeWallet.Coin c : w.coins) {
                if (c.height < 0 && txids.contains(c.txid)) {
                    c.height = height;
                    c.blockHash = blockHash;
                }
            }
            for (FakeWallet.Wtx t : w.txs.values()) {
                if (t.height < 0 && txids.contains(t.txid)) {
                    t.height = height;
                    t.blockHash = blockHash;
                    t.blockTime = time;
                }
            }
            if (coinbase != null) {
                String cbid = Hashes.displayHex(coinbase.txid());
                for (int i = 0; i < coinbase.outputs().size(); i++) {
                    RawTx.Output o = coinbase.outputs().get(i);
                    if (w.byScript(o.scriptPubKey()) != null && o.valueSat() > 0) {
                        FakeWallet.Coin c = new FakeWallet.Coin(cbid, i, o.valueSat(), o.scriptPubKey(), true, false);
                        c.height = height;
                        c.blockHash = blockHash;
                        w.coins.add(c);
                        FakeWallet.Wtx t = new FakeWallet.Wtx(cbid, coinbase, time, true, 0, false);
                        t.height = height;
                        t.blockHash = blockHash;
                        t.blockTime = time;
                        w.txs.putIfAbsent(cbid, t);
                    }
                }
            }
        }
    }

    /** {@code listdescriptors [private]} (src/wallet/rpc/backup.cpp): one wpkh descriptor, with its private key when asked. */
    private static JsonNode listDescriptors(boolean priv) {
        var d = FakeWallet.JSON.createObjectNode();
        d.put("desc", "wpkh(" + (priv ? FakeNodeClient.TPRV : FakeNodeClient.TPUB) + "/84h/1h/0h/0/*)");
        d.put("timestamp", 1_700_000_000L).put("active", true).put("internal", false);
        var r = FakeWallet.JSON.createObjectNode().put("wallet_name", "demo");
        r.putArray("descriptors").add(d);
        return r;
    }

    private static JsonNode param(List<JsonNode> p, int i, String name) {
        if (p.size() <= i || p.get(i).isNull()) {
            throw new JsonRpcException(-1, "missing required parameter \"" + name + "\"");
        }
        return p.get(i);
    }

    private static String str(List<JsonNode> p, int i, String name) {
        return param(p, i, name).asText();
    }
}
