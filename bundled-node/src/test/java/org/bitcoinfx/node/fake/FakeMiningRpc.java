package org.bitcoinfx.node.fake;

import static org.bitcoinfx.node.fake.FakeRpcArg.Type.ANY;
import static org.bitcoinfx.node.fake.FakeRpcArg.Type.NUM;
import static org.bitcoinfx.node.fake.FakeRpcArg.Type.OBJ;
import static org.bitcoinfx.node.fake.FakeRpcArg.Type.STR_HEX;
import static org.bitcoinfx.node.fake.FakeRpcArg.optional;
import static org.bitcoinfx.node.fake.FakeRpcArg.required;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.bitcoinfx.ipc.primitives.Hashes;
import org.bitcoinfx.ipc.primitives.RawBlock;

/**
 * The fake node's RPC methods for miners and chain tests, with Bitcoin Core's names, arguments,
 * errors and JSON shapes (BC {@code src/rpc/mining.cpp}, {@code src/rpc/blockchain.cpp}):
 * getblocktemplate (segwit rule, no long polling or proposals), submitheader,
 * prioritisetransaction, invalidateblock, reconsiderblock.
 */
final class FakeMiningRpc {
    private static final JsonNodeFactory N = JsonNodeFactory.instance;
    private final FakeNodeState node;

    private FakeMiningRpc(FakeNodeState node) {
        this.node = node;
    }

    /** Registers the methods on {@code node.rpc()}. */
    static void install(FakeNodeState node) {
        new FakeMiningRpc(node).registerAll(node.rpc());
    }

    private FakeChain chain() {
        return node.chain();
    }

    private void registerAll(FakeRpcHandlers r) {
        r.register(new FakeRpcMethod("getblocktemplate", "mining",
                "If the request parameters include a 'mode' key, that is used to explicitly select between the default 'template' request or a 'proposal'.\n"
                        + "It returns data needed to construct a block to work on.",
                List.of(optional("template_request", OBJ, "Format of the template")), this::getblocktemplate));
        r.register(new FakeRpcMethod("submitheader", "mining",
                "Decode the given hexdata as a header and submit it as a candidate chain tip if valid.\nThrows when the header is invalid.",
                List.of(required("hexdata", STR_HEX, "the hex-encoded block header data")), c -> {
                    FakeBlock h;
                    try {
                        byte[] data = Hashes.parseHex(c.str(0, ""));
                        if (data.length != 80) {
                            throw new IllegalArgumentException("not 80 bytes");
                        }
                        h = FakeBlock.parse(org.bitcoinfx.ipc.primitives.Bytes.concat(data, new byte[] {0}));
                    } catch (IllegalArgumentException e) {
                        throw new FakeRpcException(FakeRpcException.DESERIALIZATION_ERROR, "Block header decode failed");
                    }
                    try {
                        chain().submitHeader(h);
                    } catch (IllegalArgumentException e) {
                        throw new FakeRpcException(FakeRpcException.VERIFY_ERROR, e.getMessage());
                    }
                    return NullNode.getInstance();
                }));
        r.register(new FakeRpcMethod("prioritisetransaction", "mining",
                "Accepts the transaction into mined blocks at a higher (or lower) priority",
                List.of(required("txid", STR_HEX, "The transaction id."),
                        optional("dummy", ANY, "API-Compatibility for previous API. Must be zero or null."),
                        required("fee_delta", NUM, "The fee value (in satoshis) to add (or subtract, if negative).")), c -> {
                    JsonNode dummy = c.param(1);
                    if (dummy != null && !dummy.isNull() && dummy.asDouble() != 0) {
                        throw new FakeRpcException(FakeRpcException.INVALID_PARAMETER,
                                "Priority is no longer supported, dummy argument to prioritisetransaction must be 0.");
                    }
                    chain().prioritise(c.str(0, "").toLowerCase(java.util.Locale.ROOT), c.num(2, 0));
                    return N.booleanNode(true);
                }));
        r.register(new FakeRpcMethod("invalidateblock", "blockchain", "Permanently marks a block as invalid, as if it violated a consensus rule.",
                List.of(required("blockhash", STR_HEX, "the hash of the block to mark as invalid")), c -> {
                    try {
                        chain().invalidate(c.str(0, "").toLowerCase(java.util.Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new FakeRpcException(FakeRpcException.INVALID_ADDRESS_OR_KEY, e.getMessage());
                    }
                    return NullNode.getInstance();
                }));
        r.register(new FakeRpcMethod("reconsiderblock", "blockchain",
                "Removes invalidity status of a block, its ancestors and its descendants, reconsider them for activation.\n"
                        + "This can be used to undo the effects of invalidateblock.",
                List.of(required("blockhash", STR_HEX, "the hash of the block to reconsider")), c -> {
                    try {
                        chain().reconsider(c.str(0, "").toLowerCase(java.util.Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new FakeRpcException(FakeRpcException.INVALID_ADDRESS_OR_KEY, e.getMessage());
                    }
                    return NullNode.getInstance();
                }));
    }

    /** {@code getblocktemplate {"rules": ["segwit"]}}: the template {@code createNewBlock} with default options would give. */
    private JsonNode getblocktemplate(FakeRpcCall c) throws FakeRpcException {
        JsonNode req = c.param(0);
        boolean segwit = false;
        if (req != null && req.has("rules")) {
            for (JsonNode rule : req.path("rules")) {
                segwit |= rule.asText().equals("segwit");
            }
        }
        if (!segwit) {
            throw new FakeRpcException(FakeRpcException.INVALID_PARAMETER,
                    "getblocktemplate must be called with the segwit rule set (call with {\"rules\": [\"segwit\"]})");
        }
        FakeChain.Template t = chain().createTemplate(true, FakeBlockAssembler.DEFAULT_BLOCK_RESERVED_WEIGHT);
        RawBlock b = t.block().toRaw();
        ObjectNode o = N.objectNode();
        o.putArray("capabilities").add("proposal");
        o.put("version", t.block().version());
        o.putArray("rules").add("csv").add("!segwit").add("taproot");
        o.putObject("vbavailable");
        o.put("vbrequired", 0);
        o.put("previousblockhash", Hashes.displayHex(t.block().prevHash()));
        ArrayNode txs = o.putArray("transactions");
        for (int i = 1; i < b.txs().size(); i++) {
            FakeTx tx = t.block().txs().get(i);
            ObjectNode e = txs.addObject();
            e.put("data", Hashes.hex(tx.serialize()));
            e.put("txid", tx.txidHex());
            e.put("hash", tx.wtxidHex());
            ArrayNode depends = e.putArray("depends");
            for (FakeTx.Input in : tx.inputs()) {
                for (int j = 1; j < i; j++) {
                    if (java.util.Arrays.equals(t.block().txs().get(j).txid(), in.prevTxid())) {
                        depends.add(j);
                    }
                }
            }
            e.put("fee", t.txFees().get(i - 1));
            e.put("sigops", t.txSigops().get(i - 1));
            e.put("weight", tx.weight());
        }
        o.putObject("coinbaseaux");
        o.put("coinbasevalue", t.reward());
        o.put("longpollid", Hashes.displayHex(t.block().prevHash()) + chain().mempoolSequence());
        o.put("target", FakeChainRpc.TARGET);
        o.put("mintime", chain().tip().medianTime() + 1);
        o.putArray("mutable").add("time").add("transactions").add("prevblock");
        o.put("noncerange", "00000000ffffffff");
        o.put("sigoplimit", FakeBlockAssembler.MAX_BLOCK_SIGOPS_COST);
        o.put("sizelimit", FakeChain.MAX_BLOCK_WEIGHT);
        o.put("weightlimit", FakeChain.MAX_BLOCK_WEIGHT);
        o.put("curtime", t.block().time());
        o.put("bits", String.format("%08x", t.block().bits()));
        o.put("height", t.height());
        o.put("default_witness_commitment", Hashes.hex(t.block().txs().get(0).outputs().get(1).scriptPubKey()));
        return o;
    }
}
