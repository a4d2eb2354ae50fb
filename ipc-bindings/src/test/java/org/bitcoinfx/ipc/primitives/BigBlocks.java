package org.bitcoinfx.ipc.primitives;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.RpcClient;

/**
 * A ~4 MB regtest block on a real node, with no wallet: coinbases paid to a P2WSH output whose
 * witness script is 200 × {@code OP_2DROP} then {@code OP_TRUE}, each spent by a transaction whose
 * witness is 400 items of 520 bytes (the consensus limits of a v0 witness: 520-byte items, 201
 * non-push ops, 1,000 stack items; BC {@code script/interpreter.cpp}, {@code script/script.h}) and
 * the script: ~209 kWU each, 19 to a block (3.97 M WU, 3.96 MB). Such transactions are
 * non-standard (witness items over 80 bytes), so the node must run with {@code -acceptnonstdtxn=1}
 * (regtest only) for them to enter the mempool and a template; {@code generateblock} takes them
 * either way. Test and bench scope.
 */
public final class BigBlocks {
    /** Witness script: 200 × OP_2DROP (0x6d), OP_TRUE (0x51). */
    public static final byte[] WITNESS_SCRIPT = witnessScript();
    /** Witness items besides the script: two per OP_2DROP. */
    public static final int ITEMS = 400;
    /** Bytes per witness item: {@code MAX_SCRIPT_ELEMENT_SIZE}. */
    public static final int ITEM_BYTES = 520;
    /** Transactions of ~209 kWU that fit beside the coinbase under 4 M WU less the default 8,000 WU reserved. */
    public static final int TXS_PER_BLOCK = 19;
    /** Fee of each transaction, sat (~19 sat/vB: above the default minimum relay and block fee rates). */
    public static final long FEE_SAT = 1_000_000;

    private BigBlocks() {
    }

    private static byte[] witnessScript() {
        byte[] s = new byte[201];
        Arrays.fill(s, 0, 200, (byte) 0x6d);
        s[200] = 0x51;
        return s;
    }

    /** @return the P2WSH scriptPubKey of {@link #WITNESS_SCRIPT}: {@code OP_0 <sha256(script)>} */
    public static byte[] scriptPubKey() {
        byte[] h = Hashes.sha256(WITNESS_SCRIPT);
        byte[] spk = new byte[34];
        spk[0] = 0;
        spk[1] = 32;
        System.arraycopy(h, 0, spk, 2, 32);
        return spk;
    }

    /** @return a descriptor paying to {@link #scriptPubKey()}, for {@code generatetodescriptor} */
    public static String descriptor() {
        return "raw(" + Hashes.hex(scriptPubKey()) + ")";
    }

    /** A transaction spending output 0 of {@code prevTxid} (RPC hex) worth {@code valueSat} with the big witness, back to the same script. */
    public static RawTx spend(String prevTxid, long valueSat) {
        List<byte[]> witness = new ArrayList<>(Collections.nCopies(ITEMS, new byte[ITEM_BYTES]));
        witness.add(WITNESS_SCRIPT);
        RawTx.Input in = new RawTx.Input(Hashes.fromDisplayHex(prevTxid), 0, new byte[0], 0xfffffffdL, witness);
        return new RawTx(2, List.of(in), List.of(new RawTx.Output(valueSat - FEE_SAT, scriptPubKey())), 0);
    }

    /**
     * Mines {@code count} + 100 blocks to {@link #descriptor()}, then makes {@code count} big
     * transactions spending the first {@code count} of those coinbases (matured by the other 100).
     * Needs a chain whose height is below 150 - {@code count} - 100 at the call, as a fresh regtest
     * chain is (the subsidy is read from each coinbase, so a later halving only changes values).
     *
     * @return the transactions, serialized with witness, hex
     */
    public static List<String> makeTransactions(RpcClient rpc, int count) throws Exception {
        JsonNode hashes = rpc.call("generatetodescriptor", count + 100, descriptor()).get(300, TimeUnit.SECONDS);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            JsonNode block = rpc.call("getblock", hashes.get(i).asText(), 2).get(60, TimeUnit.SECONDS);
            JsonNode coinbase = block.path("tx").get(0);
            long value = coinbase.path("vout").get(0).path("value").decimalValue().movePointRight(8).longValueExact();
            out.add(Hashes.hex(spend(coinbase.path("txid").asText(), value).serialize()));
        }
        return out;
    }

    /**
     * A mined big block and a mempool that makes another (for a bench: {@code getblock <hash> 0} of
     * the first, {@code getBlock} of a template of the second, by any client, any number of times).
     *
     * @param blockHash the mined block's hash, RPC hex
     * @param mempoolTxids the big transactions left in the mempool
     */
    public record Prepared(String blockHash, List<String> mempoolTxids) {
    }

    /**
     * Makes 2 × {@link #TXS_PER_BLOCK} big transactions, mines the first half with
     * {@code generateblock} and sends the other half to the mempool (the node runs with
     * {@code -acceptnonstdtxn=1}, on a chain below height 12).
     */
    public static Prepared prepare(RpcClient rpc) throws Exception {
        List<String> txs = makeTransactions(rpc, 2 * TXS_PER_BLOCK);
        com.fasterxml.jackson.databind.node.ArrayNode mined = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        txs.subList(0, TXS_PER_BLOCK).forEach(mined::add);
        String hash = rpc.call("generateblock", descriptor(), mined).get(300, TimeUnit.SECONDS).path("hash").asText();
        List<String> txids = new ArrayList<>();
        for (String hex : txs.subList(TXS_PER_BLOCK, txs.size())) {
            txids.add(rpc.call("sendrawtransaction", hex, 0).get(60, TimeUnit.SECONDS).asText());
        }
        return new Prepared(hash, txids);
    }

    /**
     * Puts {@link #TXS_PER_BLOCK} big transactions in the mempool ({@code sendrawtransaction}; the
     * node runs with {@code -acceptnonstdtxn=1}).
     *
     * @return their txids, RPC hex
     */
    public static List<String> fillMempool(RpcClient rpc) throws Exception {
        List<String> txids = new ArrayList<>();
        for (String hex : makeTransactions(rpc, TXS_PER_BLOCK)) {
            txids.add(rpc.call("sendrawtransaction", hex, 0).get(60, TimeUnit.SECONDS).asText());
        }
        return txids;
    }
}
