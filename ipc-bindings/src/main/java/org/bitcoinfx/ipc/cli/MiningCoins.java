package org.bitcoinfx.ipc.cli;

import static org.bitcoinfx.ipc.cli.ConformanceCheck.get;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.ipc.cli.ConformanceCheck.Skip;
import org.bitcoinfx.ipc.primitives.Bytes;
import org.bitcoinfx.ipc.primitives.Hashes;
import org.bitcoinfx.ipc.primitives.RawTx;

/**
 * The regtest coins of the mining rows, kept as Bitcoin Core's {@code MiniWallet}
 * ({@code test/functional/test_framework/wallet.py}) keeps its own: outputs to P2WSH of
 * {@code OP_TRUE}, spent with the witness script alone, so no wallet and no keys are needed. Coins
 * come from blocks mined with {@code generatetodescriptor} and are spent through
 * {@code sendrawtransaction}; all through JSON-RPC over IPC.
 */
final class MiningCoins {
    /** The witness script: {@code OP_TRUE}. */
    static final byte[] WITNESS_SCRIPT = {0x51};
    /** P2WSH of {@code OP_TRUE}: {@code OP_0 <sha256(OP_TRUE)>}. */
    static final byte[] SCRIPT = Bytes.concat(new byte[] {0x00, 0x20}, Hashes.sha256(WITNESS_SCRIPT));
    /** The descriptor that pays to {@link #SCRIPT}. */
    static final String DESCRIPTOR = "raw(" + Hashes.hex(SCRIPT) + ")";
    /** sat per BTC ({@code COIN}). */
    static final long COIN = 100_000_000L;
    /** Blocks before a coinbase output may be spent ({@code COINBASE_MATURITY}). */
    static final int COINBASE_MATURITY = 100;
    /** Coinbase coins mined at a time, enough for all the mining rows. */
    private static final int BATCH = 25;

    /**
     * An output this helper can spend.
     *
     * @param txid     internal order
     * @param vout     output index
     * @param valueSat its value in sat
     * @param height   the height of its block, or -1 while in the mempool
     * @param coinbase true for a coinbase output (spendable {@link #COINBASE_MATURITY} blocks later)
     */
    record Coin(byte[] txid, int vout, long valueSat, int height, boolean coinbase) {
    }

    /**
     * A transaction sent to the mempool.
     *
     * @param tx     the transaction
     * @param feeSat its fee in sat
     * @param change its output to {@link #SCRIPT}, spendable at once (a child in the mempool)
     */
    record Sent(RawTx tx, long feeSat, Coin change) {
        /** @return the txid as RPC prints it */
        String txidHex() {
            return Hashes.displayHex(tx.txid());
        }

        /** @return the serialized transaction with witness, hex */
        String hex() {
            return Hashes.hex(tx.serialize());
        }
    }

    private final ConformanceCheck c;
    private final List<Coin> coins = new ArrayList<>();
    private String broken;

    MiningCoins(ConformanceCheck c) {
        this.c = c;
    }

    private IpcNodeClient client() {
        return c.client();
    }

    /**
     * Mines {@code n} blocks to {@link #SCRIPT} and keeps their coinbase outputs.
     *
     * @return the block hashes (RPC hex)
     */
    List<String> mine(int n) throws Exception {
        JsonNode hashes = get(client().rpc().call("generatetodescriptor", n, DESCRIPTOR));
        List<String> out = new ArrayList<>();
        for (JsonNode h : hashes) {
            JsonNode block = get(client().rpc().call("getblock", h.asText(), 2));
            JsonNode cb = block.path("tx").get(0);
            coins.add(new Coin(Hashes.fromDisplayHex(cb.path("txid").asText()), 0, sat(cb.path("vout").get(0).path("value")),
                    block.path("height").asInt(), true));
            out.add(h.asText());
        }
        return out;
    }

    /** Mines one block to {@code raw(51)} (anyone can spend, not kept), confirming the mempool. @return its hash */
    String mineOther() throws Exception {
        return get(client().rpc().call("generatetodescriptor", 1, "raw(51)")).get(0).asText();
    }

    static long sat(JsonNode btc) {
        return new BigDecimal(btc.asText()).movePointRight(8).longValueExact();
    }

    /**
     * Makes sure at least {@code n} coins are spendable in the next block, mining
     * {@link #COINBASE_MATURITY} blocks more when needed (regtest only).
     *
     * @throws Skip off regtest, or when an earlier attempt failed
     */
    void require(int n) throws Exception {
        if (!c.regtest()) {
            throw new Skip("would mine blocks and send transactions: regtest only (chain " + c.chain() + ")");
        }
        if (broken != null) {
            throw new Skip("no coins: " + broken);
        }
        try {
            if (spendable().size() < n) {
                mine(Math.max(n, BATCH));
                mine(COINBASE_MATURITY);
            }
        } catch (Exception | AssertionError e) {
            broken = "mining coins to " + DESCRIPTOR + " failed: " + e;
            throw e;
        }
        c.setTip(get(client().mining().getTip()).orElseThrow());
    }

    private List<Coin> spendable() throws Exception {
        int next = get(client().rpc().call("getblockcount")).asInt() + 1;
        return coins.stream().filter(k -> k.height() >= 0 && (!k.coinbase() || next - k.height() >= COINBASE_MATURITY)).toList();
    }

    /** Sends a transaction spending the first confirmed spendable coin at {@code satPerVb} (sat/vB). */
    Sent send(long satPerVb) throws Exception {
        require(1);
        return send(spendable().get(0), satPerVb);
    }

    /** Sends a transaction spending {@code coin} (which may be a mempool output) at {@code satPerVb} (sat/vB). */
    Sent send(Coin coin, long satPerVb) throws Exception {
        RawTx tx = spend(coin, 1, satPerVb);
        get(client().rpc().call("sendrawtransaction", Hashes.hex(tx.serialize())));
        coins.remove(coin);
        long fee = coin.valueSat() - tx.outputValueSat();
        Coin change = new Coin(tx.txid(), 0, tx.outputs().get(0).valueSat(), -1, false);
        coins.add(change);
        return new Sent(tx, fee, change);
    }

    /**
     * Builds a transaction spending {@code coin} to {@code outputs} equal outputs to {@link #SCRIPT},
     * paying {@code satPerVb} (sat/vB) of its vsize.
     */
    static RawTx spend(Coin coin, int outputs, long satPerVb) {
        RawTx.Input in = new RawTx.Input(coin.txid(), coin.vout(), new byte[0], 0xfffffffdL, List.of(WITNESS_SCRIPT));
        RawTx draft = tx(in, outputs, coin.valueSat());
        long fee = draft.vsize() * satPerVb;
        return tx(in, outputs, coin.valueSat() - fee);
    }

    private static RawTx tx(RawTx.Input in, int outputs, long totalSat) {
        List<RawTx.Output> outs = new ArrayList<>();
        for (int i = 0; i < outputs; i++) {
            outs.add(new RawTx.Output(totalSat / outputs, SCRIPT));
        }
        return new RawTx(2, List.of(in), outs, 0);
    }
}
