package org.bitcoinfx.gui.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bitcoinfx.ipc.primitives.Hashes;
import org.bitcoinfx.node.fake.FakeWalletBase;
import org.bitcoinfx.ipc.primitives.RawTx;

/**
 * One wallet of the fake node: addresses, coins and transactions, answered in the JSON shapes of
 * Bitcoin Core's wallet RPCs ({@code src/wallet/rpc/*.cpp}: getbalances, getwalletinfo,
 * listtransactions, gettransaction); its passphrase and address book are bundled-node's {@link FakeWalletBase}. Not thread-safe: {@link FakeWalletRpc} calls it under the
 * fake node's lock.
 */
final class FakeWallet extends FakeWalletBase {
    static final ObjectMapper JSON = new ObjectMapper();
    /** A coinbase needs more than this many confirmations to be spent ({@code COINBASE_MATURITY}, {@code GetBlocksToMaturity}). */
    static final int COINBASE_MATURITY = 100;

    /** An output this wallet owns. */
    static final class Coin {
        final String txid;
        final int vout;
        final long valueSat;
        final byte[] script;
        final boolean coinbase;
        final boolean fromMe;
        int height = -1;
        String blockHash;
        boolean spent;

        Coin(String txid, int vout, long valueSat, byte[] script, boolean coinbase, boolean fromMe) {
            this.txid = txid;
            this.vout = vout;
            this.valueSat = valueSat;
            this.script = script;
            this.coinbase = coinbase;
            this.fromMe = fromMe;
        }

        Coin copy() {
            Coin c = new Coin(txid, vout, valueSat, script, coinbase, fromMe);
            c.height = height;
            c.blockHash = blockHash;
            c.spent = spent;
            return c;
        }
    }

    /** One wallet transaction (what gettransaction shows). */
    static final class Wtx {
        final String txid;
        final RawTx tx;
        final long time;
        final boolean coinbase;
        /** sat; negative for what left the wallet; the fee is separate and positive. */
        final long feeSat;
        final boolean fromMe;
        int height = -1;
        String blockHash;
        long blockTime;

        Wtx(String txid, RawTx tx, long time, boolean coinbase, long feeSat, boolean fromMe) {
            this.txid = txid;
            this.tx = tx;
            this.time = time;
            this.coinbase = coinbase;
            this.feeSat = feeSat;
            this.fromMe = fromMe;
        }

        Wtx copy() {
            Wtx w = new Wtx(txid, tx, time, coinbase, feeSat, fromMe);
            w.height = height;
            w.blockHash = blockHash;
            w.blockTime = blockTime;
            return w;
        }
    }

    final List<Coin> coins = new ArrayList<>();
    final Map<String, Wtx> txs = new LinkedHashMap<>();
    private int next;

    FakeWallet(String name, char[] passphrase) {
        super(name, passphrase);
    }

    /** @return a deep copy named {@code newName} (restore from backup) */
    FakeWallet copy(String newName) {
        FakeWallet w = new FakeWallet(newName, passphraseCopy());
        w.copyAddressBook(this);
        coins.forEach(c -> w.coins.add(c.copy()));
        txs.forEach((k, v) -> w.txs.put(k, v.copy()));
        w.next = next;
        return w;
    }

    boolean unlocked() {
        return unlocked(Instant.now().getEpochSecond());
    }

    /** A new receive (or change) address of {@code type}: bech32, bech32m, p2sh-segwit. */
    Addr newAddress(String label, String type, boolean change) {
        byte[] seed = Hashes.sha256((name + "/" + (change ? 1 : 0) + "/" + next++).getBytes(StandardCharsets.UTF_8));
        String a;
        byte[] script;
        switch (type) {
            case "bech32m" -> {
                a = FakeAddresses.segwit(1, seed);
                script = FakeAddresses.decode(a).scriptPubKey();
            }
            case "p2sh-segwit" -> {
                a = FakeAddresses.p2sh(Arrays.copyOf(seed, 20));
                script = FakeAddresses.decode(a).scriptPubKey();
            }
            default -> {
                a = FakeAddresses.segwit(0, Arrays.copyOf(seed, 20));
                script = FakeAddresses.decode(a).scriptPubKey();
            }
        }
        Addr addr = new Addr(a, label == null ? "" : label, type, script, change);
        addresses.add(addr);
        return addr;
    }

    int confirmations(int height, int tipHeight) {
        return height < 0 ? 0 : tipHeight - height + 1;
    }

    boolean spendable(Coin c, int tipHeight) {
        if (c.spent) {
            return false;
        }
        if (c.height < 0) {
            return c.fromMe;
        }
        return !c.coinbase || confirmations(c.height, tipHeight) > COINBASE_MATURITY;
    }

    long[] balances(int tipHeight) {
        long trusted = 0;
        long pending = 0;
        long immature = 0;
        for (Coin c : coins) {
            if (c.spent) {
                continue;
            }
            if (c.coinbase && confirmations(c.height, tipHeight) <= COINBASE_MATURITY) {
                immature += c.valueSat;
            } else if (c.height < 0 && !c.fromMe) {
                pending += c.valueSat;
            } else {
                trusted += c.valueSat;
            }
        }
        return new long[] {trusted, pending, immature};
    }

    ObjectNode getBalances(int tipHeight, String tipHash) {
        long[] b = balances(tipHeight);
        ObjectNode o = JSON.createObjectNode();
        ObjectNode mine = o.putObject("mine");
        mine.put("trusted", btc(b[0]));
        mine.put("untrusted_pending", btc(b[1]));
        mine.put("immature", btc(b[2]));
        mine.put("nonmempool", btc(0));
        lastProcessed(o, tipHeight, tipHash);
        return o;
    }

    ObjectNode walletInfo(int tipHeight, String tipHash) {
        ObjectNode o = walletInfoFields(txs.size(), Instant.now().getEpochSecond());
        lastProcessed(o, tipHeight, tipHash);
        return o;
    }

    private static void lastProcessed(ObjectNode o, int tipHeight, String tipHash) {
        o.putObject("lastprocessedblock").put("hash", tipHash).put("height", tipHeight);
    }

    /** The listtransactions entries of one wallet transaction, as Core's {@code ListTransactions} makes them. */
    List<ObjectNode> entries(Wtx w, int tipHeight) {
        List<ObjectNode> out = new ArrayList<>();
        if (w.fromMe) {
            // sends: every output that is not our change
            for (int i = 0; i < w.tx.outputs().size(); i++) {
                RawTx.Output o = w.tx.outputs().get(i);
                Addr mine = byScript(o.scriptPubKey());
                if (mine != null && mine.change()) {
                    continue;
                }
                ObjectNode e = base(w, tipHeight);
                e.put("address", address(o.scriptPubKey()));
                e.put("category", "send");
                e.put("amount", btc(-o.valueSat()));
                e.put("label", mine == null ? sendLabels.getOrDefault(address(o.scriptPubKey()), "") : mine.label());
                e.put("vout", i);
                e.put("fee", btc(-w.feeSat));
                e.put("abandoned", false);
                reorder(e);
                out.add(e);
            }
        }
        for (int i = 0; i < w.tx.outputs().size(); i++) {
            RawTx.Output o = w.tx.outputs().get(i);
            Addr mine = byScript(o.scriptPubKey());
            if (mine == null || mine.change()) {
                continue;
            }
            ObjectNode e = base(w, tipHeight);
            e.put("address", mine.address());
            String cat = "receive";
            if (w.coinbase) {
                cat = confirmations(w.height, tipHeight) <= COINBASE_MATURITY ? "immature" : "generate";
            }
            e.put("category", cat);
            e.put("amount", btc(o.valueSat()));
            e.put("label", mine.label());
            e.put("vout", i);
            e.put("abandoned", false);
            reorder(e);
            out.add(e);
        }
        return out;
    }

    private ObjectNode base(Wtx w, int tipHeight) {
        ObjectNode e = JSON.createObjectNode();
        int conf = confirmations(w.height, tipHeight);
        e.put("confirmations", conf);
        if (w.coinbase) {
            e.put("generated", true);
        }
        if (conf == 0) {
            e.put("trusted", w.fromMe);
        } else {
            e.put("blockhash", w.blockHash);
            e.put("blockheight", w.height);
            e.put("blockindex", w.coinbase ? 0 : 1);
            e.put("blocktime", w.blockTime);
        }
        e.put("txid", w.txid);
        e.put("wtxid", Hashes.displayHex(w.tx.wtxid()));
        e.putArray("walletconflicts");
        e.putArray("mempoolconflicts");
        e.put("time", w.time);
        e.put("timereceived", w.time);
        return e;
    }

    /** Moves the identifying fields first, as the node prints them. */
    private static void reorder(ObjectNode e) {
        ObjectNode copy = e.deepCopy();
        e.removeAll();
        for (String k : List.of("address", "category", "amount", "label", "vout", "fee")) {
            if (copy.has(k)) {
                e.set(k, copy.get(k));
            }
        }
        copy.fields().forEachRemaining(f -> {
            if (!e.has(f.getKey())) {
                e.set(f.getKey(), f.getValue());
            }
        });
    }

    ObjectNode getTransaction(Wtx w, int tipHeight, String tipHash) {
        long credit = 0;
        for (RawTx.Output o : w.tx.outputs()) {
            if (byScript(o.scriptPubKey()) != null) {
                credit += o.valueSat();
            }
        }
        long debit = w.fromMe ? w.tx.outputValueSat() + w.feeSat : 0;
        long net = credit - debit;
        long fee = w.fromMe ? -w.feeSat : 0;
        ObjectNode o = JSON.createObjectNode();
        o.put("amount", btc(net - fee));
        if (w.fromMe) {
            o.put("fee", btc(fee));
        }
        ObjectNode b = base(w, tipHeight);
        b.fields().forEachRemaining(f -> o.set(f.getKey(), f.getValue()));
        ArrayNode details = o.putArray("details");
        for (ObjectNode e : entries(w, tipHeight)) {
            ObjectNode d = details.addObject();
            for (String k : List.of("address", "category", "amount", "label", "vout", "fee", "abandoned")) {
                if (e.has(k)) {
                    d.set(k, e.get(k));
                }
            }
        }
        o.put("hex", Hashes.hex(w.tx.serialize()));
        lastProcessed(o, tipHeight, tipHash);
        return o;
    }

    /** @return the address of a script if it is one of ours or decodable, else the script hex */
    String address(byte[] script) {
        Addr a = byScript(script);
        if (a != null) {
            return a.address();
        }
        if (script.length == 22 && script[0] == 0 && script[1] == 20) {
            return FakeAddresses.segwit(0, Arrays.copyOfRange(script, 2, 22));
        }
        if (script.length == 34 && (script[0] & 0xff) == 0x51 && script[1] == 32) {
            return FakeAddresses.segwit(1, Arrays.copyOfRange(script, 2, 34));
        }
        if (script.length == 34 && script[0] == 0 && script[1] == 32) {
            return FakeAddresses.segwit(0, Arrays.copyOfRange(script, 2, 34));
        }
        if (script.length == 23 && (script[0] & 0xff) == 0xa9) {
            return FakeAddresses.p2sh(Arrays.copyOfRange(script, 2, 22));
        }
        return Hashes.hex(script);
    }

    /** @return {@code sat} as the node prints amounts: a JSON number with 8 decimals */
    static BigDecimal btc(long sat) {
        return BigDecimal.valueOf(sat, 8);
    }

    /** @return a BTC amount from JSON (number or string) in sat; @throws FakeRpcError -3 if not a valid amount */
    static long sat(JsonNode v) {
        try {
            BigDecimal d = v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText());
            if (d.scale() > 8 && d.stripTrailingZeros().scale() > 8) {
                throw new org.bitcoinfx.ipc.JsonRpcException(-3, "Invalid amount");
            }
            long s = d.movePointRight(8).longValueExact();
            if (s < 0 || s > 21_000_000L * 100_000_000L) {
                throw new org.bitcoinfx.ipc.JsonRpcException(-3, "Amount out of range");
            }
            return s;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new org.bitcoinfx.ipc.JsonRpcException(-3, "Invalid amount");
        }
    }
}
