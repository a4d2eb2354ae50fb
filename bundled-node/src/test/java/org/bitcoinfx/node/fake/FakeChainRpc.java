package org.bitcoinfx.node.fake;

import static org.bitcoinfx.node.fake.FakeRpcArg.Type.ANY;
import static org.bitcoinfx.node.fake.FakeRpcArg.Type.ARR;
import static org.bitcoinfx.node.fake.FakeRpcArg.Type.BOOL;
import static org.bitcoinfx.node.fake.FakeRpcArg.Type.NUM;
import static org.bitcoinfx.node.fake.FakeRpcArg.Type.NUM_OR_BOOL;
import static org.bitcoinfx.node.fake.FakeRpcArg.Type.NUM_OR_STR;
import static org.bitcoinfx.node.fake.FakeRpcArg.Type.STR;
import static org.bitcoinfx.node.fake.FakeRpcArg.Type.STR_HEX;
import static org.bitcoinfx.node.fake.FakeRpcArg.optional;
import static org.bitcoinfx.node.fake.FakeRpcArg.required;
import static org.bitcoinfx.node.fake.FakeRpcHandlers.amount;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.bitcoinfx.ipc.primitives.Hashes;

/**
 * The node RPC methods the fake serves, with Bitcoin Core's field names, order and JSON shapes
 * (BC {@code src/rpc/blockchain.cpp}, {@code mempool.cpp}, {@code mining.cpp}, {@code net.cpp},
 * {@code node.cpp}, {@code server.cpp}; checked against a v31.99 regtest node with bitcoin-cli):
 * getbestblockhash, getblock (verbosity 0/1/2), getblockchaininfo, getblockcount, getblockhash,
 * getblockheader, getblockstats, getchaintips, getdifficulty, getmempoolinfo, getrawmempool,
 * getmempoolentry, gettxout, sendrawtransaction, decoderawtransaction, getrawtransaction (mempool, or a
 * given block), help, logging, stop, uptime, getmininginfo, submitblock, getconnectioncount,
 * getnetworkinfo, getnettotals, getpeerinfo, setnetworkactive, and the hidden echo, echojson,
 * generatetoaddress, generatetodescriptor, generateblock. {@link FakeMiningRpc} adds getblocktemplate,
 * submitheader, prioritisetransaction, invalidateblock and reconsiderblock.
 */
public final class FakeChainRpc {
    /** The warning a pre-release build shows in getblockchaininfo/getnetworkinfo/getmininginfo. */
    public static final String WARNING = "This is a pre-release test build - use at your own risk - do not use for mining or merchant applications";
    /** Regtest difficulty ({@code GetDifficulty} of nBits 0x207fffff). */
    public static final double DIFFICULTY = 4.656542373906925e-10;
    /** Regtest target as RPC prints it. */
    public static final String TARGET = "7fffff0000000000000000000000000000000000000000000000000000000000";
    private static final JsonNodeFactory N = JsonNodeFactory.instance;
    static final List<String> LOG_CATEGORIES = List.of("addrman", "bench", "blockstorage", "cmpctblock", "coindb", "estimatefee",
            "http", "i2p", "ipc", "kernel", "leveldb", "mempool", "mempoolrej", "net", "privatebroadcast", "proxy", "prune", "qt", "rand",
            "reindex", "rpc", "scan", "selectcoins", "tor", "txpackages", "txreconciliation", "validation", "walletdb", "zmq");
    private static final List<String> STATS = List.of("avgfee", "avgfeerate", "avgtxsize", "blockhash", "feerate_percentiles", "height",
            "ins", "maxfee", "maxfeerate", "maxtxsize", "medianfee", "mediantime", "mediantxsize", "minfee", "minfeerate", "mintxsize",
            "outs", "subsidy", "swtotal_size", "swtotal_weight", "swtxs", "time", "total_out", "total_size", "total_weight", "totalfee",
            "txs", "utxo_increase", "utxo_size_inc", "utxo_increase_actual", "utxo_size_inc_actual");

    private final FakeNodeState node;
    private final Map<String, Boolean> logging = new ConcurrentSkipListMap<>();

    private FakeChainRpc(FakeNodeState node) {
        this.node = node;
        for (String c : LOG_CATEGORIES) {
            logging.put(c, node.log().enabled(c));
        }
    }

    /** Registers every method on {@code node.rpc()}. */
    public static void install(FakeNodeState node) {
        new FakeChainRpc(node).registerAll(node.rpc());
    }

    private FakeChain chain() {
        return node.chain();
    }

    /** {@code RPC_CLIENT_NODE_ALREADY_ADDED} ({@code src/rpc/protocol.h}). */
    static final int CLIENT_NODE_ALREADY_ADDED = -23;
    /** {@code RPC_CLIENT_NODE_NOT_CONNECTED}. */
    static final int CLIENT_NODE_NOT_CONNECTED = -29;
    /** {@code RPC_CLIENT_INVALID_IP_OR_SUBNET}. */
    static final int CLIENT_INVALID_IP_OR_SUBNET = -30;

    private long now() {
        return chain().now();
    }

    private static ArrayNode warnings() {
        return N.arrayNode().add(WARNING);
    }

    private void registerAll(FakeRpcHandlers r) {
        // ---- blockchain
        r.register(new FakeRpcMethod("getbestblockhash", "blockchain", "Returns the hash of the best (tip) block in the most-work fully-validated chain.",
                List.of(), c -> N.textNode(chain().tip().hashHex())));
        r.register(new FakeRpcMethod("getblockcount", "blockchain", "Returns the height of the most-work fully-validated chain.\nThe genesis block has height 0.",
                List.of(), c -> N.numberNode(chain().height())));
        r.register(new FakeRpcMethod("getblockhash", "blockchain", "Returns hash of block in best-block-chain at height provided.",
                List.of(required("height", NUM, "The height index")), c -> {
                    long h = c.num(0, -1);
                    return N.textNode(chain().atHeight((int) Math.max(-1, Math.min(Integer.MAX_VALUE, h)))
                            .orElseThrow(() -> new FakeRpcException(FakeRpcException.INVALID_PARAMETER, "Block height out of range")).hashHex());
                }));
        r.register(new FakeRpcMethod("getblock", "blockchain",
                "If verbosity is 0, returns a string that is serialized, hex-encoded data for block 'hash'.\n"
                        + "If verbosity is 1, returns an Object with information about block <hash>.\n"
                        + "If verbosity is 2, returns an Object with information about block <hash> and information about each transaction.",
                List.of(required("blockhash", STR_HEX, "The block hash"),
                        optional("verbosity", NUM_OR_BOOL, "0 for hex-encoded data, 1 for a JSON object, 2 for JSON object with transaction data")),
                this::getblock));
        r.register(new FakeRpcMethod("getblockheader", "blockchain",
                "If verbose is false, returns a string that is serialized, hex-encoded data for blockheader 'hash'.\n"
                        + "If verbose is true, returns an Object with information about blockheader <hash>.",
                List.of(required("blockhash", STR_HEX, "The block hash"), optional("verbose", BOOL, "true for a json object, false for the hex-encoded data")),
                c -> {
                    FakeChain.Entry e = block(c.str(0, ""));
                    return c.bool(1, true) ? header(e) : N.textNode(Hashes.hex(e.block().header()));
                }));
        r.register(new FakeRpcMethod("getblockchaininfo", "blockchain", "Returns an object containing various state info regarding blockchain processing.",
                List.of(), c -> blockchainInfo()));
        r.register(new FakeRpcMethod("getblockstats", "blockchain",
                "Compute per block statistics for a given window. All amounts are in satoshis.",
                List.of(required("hash_or_height", NUM_OR_STR, "The block hash or height of the target block"),
                        optional("stats", ARR, "Values to plot (see result below)")), this::blockstats));
        r.register(new FakeRpcMethod("getchaintips", "blockchain",
                "Return information about all known tips in the block tree, including the main chain as well as orphaned branches.",
                List.of(), c -> {
                    FakeChain.Entry t = chain().tip();
                    ObjectNode o = N.objectNode();
                    o.put("height", t.height());
                    o.put("hash", t.hashHex());
                    o.put("branchlen", 0);
                    o.put("status", "active");
                    return N.arrayNode().add(o);
                }));
        r.register(new FakeRpcMethod("getdifficulty", "blockchain", "Returns the proof-of-work difficulty as a multiple of the minimum difficulty.",
                List.of(), c -> N.numberNode(DIFFICULTY)));
        r.register(new FakeRpcMethod("getmempoolinfo", "blockchain", "Returns details on the active state of the TX memory pool.",
                List.of(), c -> mempoolInfo()));
        r.register(new FakeRpcMethod("getrawmempool", "blockchain",
                "Returns all transaction ids in memory pool as a json array of string transaction ids.",
                List.of(optional("verbose", BOOL, "True for a json object, false for array of transaction ids"),
                        optional("mempool_sequence", BOOL, "If verbose=false, returns a json object with transaction list and mempool sequence number attached.")),
                this::rawmempool));
        r.register(new FakeRpcMethod("getmempoolentry", "blockchain", "Returns mempool data for given transaction",
                List.of(required("txid", STR_HEX, "The transaction id (must be in mempool)")), c -> {
                    FakeChain.MempoolEntry e = chain().mempoolEntry(c.str(0, ""))
                            .orElseThrow(() -> new FakeRpcException(FakeRpcException.INVALID_ADDRESS_OR_KEY, "Transaction not in mempool"));
                    return mempoolEntry(e);
                }));

        r.register(new FakeRpcMethod("getmempoolancestors", "blockchain", "If txid is in the mempool, returns all in-mempool ancestors.",
                List.of(required("txid", STR_HEX, "The transaction id (must be in mempool)"),
                        optional("verbose", BOOL, "True for a json object, false for array of transaction ids")), c -> family(c, true)));
        r.register(new FakeRpcMethod("getmempooldescendants", "blockchain", "If txid is in the mempool, returns all in-mempool descendants.",
                List.of(required("txid", STR_HEX, "The transaction id (must be in mempool)"),
                        optional("verbose", BOOL, "True for a json object, false for array of transaction ids")), c -> family(c, false)));
        r.register(new FakeRpcMethod("gettxout", "blockchain", "Returns details about an unspent transaction output.",
                List.of(required("txid", STR_HEX, "The transaction id"), required("n", NUM, "vout number"),
                        optional("include_mempool", BOOL, "Whether to include the mempool. Note that an unspent output that is spent in the mempool won't appear.")),
                this::gettxout));

        // ---- rawtransactions
        r.register(new FakeRpcMethod("sendrawtransaction", "rawtransactions",
                "Submit a raw transaction (serialized, hex-encoded) to local node and network.",
                List.of(required("hexstring", STR_HEX, "The hex string of the raw transaction"),
                        optional("maxfeerate", FakeRpcArg.Type.AMOUNT, "Reject transactions whose fee rate is higher than the specified value, expressed in BTC/kvB."),
                        optional("maxburnamount", FakeRpcArg.Type.AMOUNT, "Reject transactions with provably unspendable outputs (e.g. 'datacarrier' outputs that use the OP_RETURN opcode) greater than the specified value, expressed in BTC.")),
                c -> {
                    FakeTx tx = decodeHexTx(c.str(0, ""), "TX decode failed. Make sure the tx has at least one input.");
                    if (chain().coin(tx.txid(), 0).isPresent()) {
                        throw new FakeRpcException(-27, "Transaction outputs already in utxo set");
                    }
                    try {
                        chain().acceptToMempool(tx);
                    } catch (FakeChain.RejectedException e) {
                        throw new FakeRpcException(e.missingInputs() ? FakeRpcException.VERIFY_ERROR : -26, e.getMessage());
                    }
                    node.log().info("[mempool] AcceptToMemoryPool: accepted " + tx.txidHex() + " (wtxid=" + tx.wtxidHex() + ")");
                    return N.textNode(tx.txidHex());
                }));
        r.register(new FakeRpcMethod("decoderawtransaction", "rawtransactions",
                "Return a JSON object representing the serialized, hex-encoded transaction.",
                List.of(required("hexstring", STR_HEX, "The transaction hex string"),
                        optional("iswitness", BOOL, "Whether the transaction hex is a serialized witness transaction.")),
                c -> decodeTx(decodeHexTx(c.str(0, ""), "TX decode failed"), null, false)));
        r.register(new FakeRpcMethod("getrawtransaction", "rawtransactions",
                "By default, this call only returns a transaction if it is in the mempool. If -txindex is enabled\n"
                        + "and no blockhash argument is passed, it will return the transaction if it is in a block in the blockchain.",
                List.of(required("txid", STR_HEX, "The transaction id"),
                        optional("verbosity", NUM_OR_BOOL, "0 for hex-encoded data, 1 for a JSON object, and 2 for JSON object with fee and prevout"),
                        optional("blockhash", STR_HEX, "The block in which to look for the transaction")),
                this::getrawtransaction));

        // ---- control
        r.register(new FakeRpcMethod("help", "control", "List all commands, or get help for a specified command.",
                List.of(optional("command", STR, "The command to get help on")),
                c -> N.textNode(c.has(0) ? node.rpc().helpFor(c.str(0, "")) : node.rpc().helpList())));
        r.register(new FakeRpcMethod("stop", "control", "Request a graceful shutdown of Bitcoin Core.",
                List.of(optional("wait", NUM, "how long to wait in ms")), c -> {
                    node.requestStop("stop RPC");
                    return N.textNode("Bitcoin Core stopping");
                }));
        r.register(new FakeRpcMethod("uptime", "control", "Returns the total uptime of the server.",
                List.of(), c -> N.numberNode(Math.max(0, now() - node.startTime()))));
        r.register(new FakeRpcMethod("getrpcinfo", "control", "Returns details of the RPC server.", List.of(), c -> {
            ObjectNode o = N.objectNode();
            o.putArray("active_commands").addObject().put("method", "getrpcinfo").put("duration", 0);
            o.put("logpath", node.log().path().toString());
            return o;
        }));
        r.register(new FakeRpcMethod("logging", "control",
                "Gets and sets the logging configuration.\nWhen called without an argument, returns the list of categories with status that are currently being debug logged or not.",
                List.of(optional("include", ARR, "The categories to add to debug logging"),
                        optional("exclude", ARR, "The categories to remove from debug logging")), this::logging));

        // ---- mining
        r.register(new FakeRpcMethod("getmininginfo", "mining",
                "Returns a json object containing mining-related information.", List.of(), c -> miningInfo()));
        r.register(new FakeRpcMethod("submitblock", "mining",
                "Attempts to submit new block to network.",
                List.of(required("hexdata", STR_HEX, "the hex-encoded block data to submit"), optional("dummy", STR, "dummy value, for compatibility with BIP22. This value is ignored.")),
                c -> {
                    FakeBlock b;
                    try {
                        b = FakeBlock.parse(Hashes.parseHex(c.str(0, "")));
                    } catch (IllegalArgumentException e) {
                        throw new FakeRpcException(FakeRpcException.DESERIALIZATION_ERROR, "Block decode failed");
                    }
                    FakeChain.BlockResult res = chain().submit(b);
                    if (res.valid()) {
                        node.network().blockRelayed(0);
                        return NullNode.getInstance();
                    }
                    return N.textNode(res.reason().equals("duplicate") ? "duplicate" : res.reason());
                }));

        // ---- network
        r.register(new FakeRpcMethod("getconnectioncount", "network", "Returns the number of connections to other nodes.",
                List.of(), c -> N.numberNode(node.network().peers(now()).size())));
        r.register(new FakeRpcMethod("getnetworkinfo", "network",
                "Returns an object containing various state info regarding P2P networking.", List.of(), c -> networkInfo()));
        r.register(new FakeRpcMethod("getnettotals", "network",
                "Returns information about network traffic, including bytes in, bytes out,\nand current system time.", List.of(), c -> netTotals()));
        r.register(new FakeRpcMethod("getpeerinfo", "network",
                "Returns data about each connected network peer as a json array of objects.", List.of(), c -> peerInfo()));
        r.register(new FakeRpcMethod("setnetworkactive", "network", "Disable/enable all p2p network activity.",
                List.of(required("state", BOOL, "true to enable networking, false to disable")), c -> {
                    boolean on = c.bool(0, true);
                    node.network().setActive(on, now());
                    node.log().info("SetNetworkActive: " + on);
                    return N.booleanNode(on);
                }));

        FakeRpcMethod[] setban = new FakeRpcMethod[1];
        setban[0] = new FakeRpcMethod("setban", "network", "Attempts to add or remove an IP/Subnet from the banned list.",
                List.of(required("subnet", STR, "The IP/Subnet (see getpeerinfo for nodes IP) with an optional netmask (default is /32 = single IP)"),
                        required("command", STR, "'add' to add an IP/Subnet to the list, 'remove' to remove an IP/Subnet from the list"),
                        optional("bantime", NUM, "time in seconds how long (or until when if [absolute] is set) the IP is banned (0 or empty means using the default time of 24h which can also be overwritten by the -bantime startup argument)"),
                        optional("absolute", BOOL, "If set, the bantime must be an absolute timestamp expressed in UNIX epoch time")),
                c -> {
                    String command = c.str(1, "");
                    if (!command.equals("add") && !command.equals("remove")) {
                        throw new FakeRpcException(FakeRpcException.MISC_ERROR, setban[0].helpText());
                    }
                    String key = FakeNetwork.subnet(c.str(0, ""));
                    if (key == null) {
                        throw new FakeRpcException(CLIENT_INVALID_IP_OR_SUBNET, "Error: Invalid IP/Subnet");
                    }
                    if (command.equals("add")) {
                        long t = c.num(2, 0);
                        boolean absolute = c.bool(3, false);
                        if (absolute && t < now()) {
                            throw new FakeRpcException(FakeRpcException.INVALID_PARAMETER, "Error: Absolute timestamp is in the past");
                        }
                        if (!node.network().ban(key, absolute ? t - now() : t, now())) {
                            throw new FakeRpcException(CLIENT_NODE_ALREADY_ADDED, "Error: IP/Subnet already banned");
                        }
                        node.log().info("[net] setban " + key);
                    } else if (!node.network().unban(key)) {
                        throw new FakeRpcException(CLIENT_INVALID_IP_OR_SUBNET,
                                "Error: Unban failed. Requested address/subnet was not previously manually banned.");
                    }
                    return N.nullNode();
                });
        r.register(setban[0]);
        r.register(new FakeRpcMethod("listbanned", "network", "List all manually banned IPs/Subnets.", List.of(), c -> {
            ArrayNode a = N.arrayNode();
            long now = now();
            node.network().bans(now).forEach((k, b) -> {
                ObjectNode o = a.addObject();
                o.put("address", k);
                o.put("ban_created", b.created());
                o.put("banned_until", b.until());
                o.put("ban_duration", b.until() - b.created());
                o.put("time_remaining", b.until() - now);
            });
            return a;
        }));
        r.register(new FakeRpcMethod("clearbanned", "network", "Clear all banned IPs.", List.of(), c -> {
            node.network().clearBanned();
            return N.nullNode();
        }));
        r.register(new FakeRpcMethod("disconnectnode", "network",
                "Immediately disconnects from the specified peer node.\n\nStrictly one out of 'address' and 'nodeid' can be provided to identify the node.\n\nTo disconnect by nodeid, either set 'address' to the empty string, or call using the named 'nodeid' argument only.",
                List.of(optional("address", STR, "The IP address/port of the node"), optional("nodeid", NUM, "The node ID (see getpeerinfo for node IDs)")),
                c -> {
                    String address = c.has(0) ? c.str(0, "") : null;
                    boolean byId = c.has(1);
                    boolean ok;
                    if (address != null && !byId) {
                        ok = node.network().peers(now()).stream().filter(p -> p.addr().equals(address)).findFirst()
                                .map(p -> node.network().disconnect(p.id(), now())).orElse(false);
                    } else if (byId && (address == null || address.isEmpty())) {
                        ok = node.network().disconnect((int) c.num(1, -1), now());
                    } else {
                        throw new FakeRpcException(-32602, "Only one of address and nodeid should be provided.");
                    }
                    if (!ok) {
                        throw new FakeRpcException(CLIENT_NODE_NOT_CONNECTED, "Node not found in connected nodes");
                    }
                    return N.nullNode();
                }));
        FakeRpcMethod[] addnode = new FakeRpcMethod[1];
        addnode[0] = new FakeRpcMethod("addnode", "network",
                "Attempts to add or remove a node from the addnode list.\nOr try a connection to a node once.\nNodes added using addnode (or -connect) are protected from DoS disconnection and are not required to be\nfull nodes/support SegWit as other outbound peers are (though such peers will not be synced from).\nAddnode connections are limited to 8 at a time and are counted separately from the -maxconnections limit.",
                List.of(required("node", STR, "The IP address/hostname optionally followed by :port of the peer to connect to"),
                        required("command", STR, "'add' to add a node to the list, 'remove' to remove a node from the list, 'onetry' to try a connection to the node once"),
                        optional("v2transport", BOOL, "Attempt to connect using BIP324 v2 transport protocol (ignored for 'remove' command)")),
                c -> {
                    String command = c.str(1, "");
                    if (!command.equals("onetry")) {
                        throw new FakeRpcException(FakeRpcException.MISC_ERROR, addnode[0].helpText()); // the fake tries once only
                    }
                    String a = c.str(0, "").trim();
                    if (a.isEmpty()) {
                        throw new FakeRpcException(FakeRpcException.INVALID_PARAMETER, "Error: Node address cannot be empty");
                    }
                    node.network().addManual(a, now());
                    return N.nullNode();
                });
        r.register(addnode[0]);

        // ---- hidden
        List<FakeRpcArg> echoArgs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            echoArgs.add(optional("arg" + i, ANY, ""));
        }
        FakeRpcMethod.Handler echo = c -> {
            ArrayNode a = N.arrayNode();
            int last = c.params().size();
            while (last > 0 && (c.params().get(last - 1) == null || c.params().get(last - 1).isNull())) {
                last--;
            }
            for (int i = 0; i < last; i++) {
                a.add(c.params().get(i));
            }
            if ("1".equals(c.str(9, null))) {
                throw new FakeRpcException(FakeRpcException.MISC_ERROR, "Exception thrown by echo");
            }
            return a;
        };
        r.register(new FakeRpcMethod("echo", "hidden", "Simply echo back the input arguments. This command is for testing.", echoArgs, echo));
        r.register(new FakeRpcMethod("echojson", "hidden", "Simply echo back the input arguments. This command is for testing.", echoArgs, echo));
        r.register(new FakeRpcMethod("generatetoaddress", "hidden", "Mine to a specified address and return the block hashes.",
                List.of(required("nblocks", NUM, "How many blocks are generated."),
                        required("address", STR, "The address to send the newly generated bitcoin to."),
                        optional("maxtries", NUM, "How many iterations to try.")), c -> {
                    byte[] script;
                    try {
                        script = FakeAddress.toScriptPubKey(c.str(1, ""));
                    } catch (IllegalArgumentException e) {
                        throw new FakeRpcException(FakeRpcException.INVALID_ADDRESS_OR_KEY, "Error: Invalid address");
                    }
                    return generate(c.num(0, 0), script);
                }));
        r.register(new FakeRpcMethod("generatetodescriptor", "hidden", "Mine to a specified descriptor and return the block hashes.",
                List.of(required("num_blocks", NUM, "How many blocks are generated."),
                        required("descriptor", STR, "The descriptor to send the newly generated bitcoin to."),
                        optional("maxtries", NUM, "How many iterations to try.")), c -> {
                    byte[] script;
                    try {
                        script = FakeAddress.descriptorScript(c.str(1, ""));
                    } catch (IllegalArgumentException e) {
                        throw new FakeRpcException(FakeRpcException.INVALID_ADDRESS_OR_KEY, e.getMessage());
                    }
                    return generate(c.num(0, 0), script);
                }));
        r.register(new FakeRpcMethod("generateblock", "hidden",
                "Mine a set of ordered transactions to a specified address or descriptor and return the block hash.",
                List.of(required("output", STR, "The address or descriptor to send the newly generated bitcoin to."),
                        required("transactions", ARR, "An array of hex strings which are either txids or raw transactions."),
                        optional("submit", BOOL, "Whether to submit the block before the RPC call returns or to return it as hex.")),
                this::generateblock));
    }

    // ---- blockchain ---------------------------------------------------------------------------

    private FakeChain.Entry block(String hash) throws FakeRpcException {
        if (hash.length() != 64) {
            throw new FakeRpcException(FakeRpcException.INVALID_PARAMETER, "blockhash must be of length 64 (not " + hash.length() + ", for '" + hash + "')");
        }
        if (!hash.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
            throw new FakeRpcException(FakeRpcException.INVALID_PARAMETER, "blockhash must be hexadecimal string (not '" + hash + "')");
        }
        return chain().byHash(hash.toLowerCase(java.util.Locale.ROOT))
                .orElseThrow(() -> new FakeRpcException(FakeRpcException.INVALID_ADDRESS_OR_KEY, "Block not found"));
    }

    private ObjectNode header(FakeChain.Entry e) {
        FakeBlock b = e.block();
        ObjectNode o = N.objectNode();
        o.put("hash", e.hashHex());
        o.put("confirmations", chain().height() - e.height() + 1);
        o.put("height", e.height());
        o.put("version", b.version());
        o.put("versionHex", String.format("%08x", b.version()));
        o.put("merkleroot", Hashes.displayHex(b.merkleRoot()));
        o.put("time", b.time());
        o.put("mediantime", e.medianTime());
        o.put("nonce", b.nonce());
        o.put("bits", String.format("%08x", b.bits()));
        o.put("target", TARGET);
        o.put("difficulty", DIFFICULTY);
        o.put("chainwork", e.chainworkHex());
        o.put("nTx", b.txs().size());
        if (e.height() > 0) {
            o.put("previousblockhash", Hashes.displayHex(b.prevHash()));
        }
        chain().atHeight(e.height() + 1).ifPresent(n -> o.put("nextblockhash", n.hashHex()));
        return o;
    }

    private JsonNode getblock(FakeRpcCall c) throws FakeRpcException {
        FakeChain.Entry e = block(c.str(0, ""));
        JsonNode v = c.param(1);
        int verbosity = v == null ? 1 : v.isBoolean() ? (v.asBoolean() ? 1 : 0) : v.asInt();
        if (verbosity <= 0) {
            return N.textNode(Hashes.hex(e.block().serialize()));
        }
        FakeBlock b = e.block();
        ObjectNode o = header(e);
        o.put("strippedsize", b.strippedSize());
        o.put("size", b.size());
        o.put("weight", b.weight());
        FakeTx cb = b.txs().get(0);
        ObjectNode cbo = o.putObject("coinbase_tx");
        cbo.put("version", cb.version());
        cbo.put("locktime", cb.lockTime());
        cbo.put("sequence", cb.inputs().get(0).sequence());
        cbo.put("coinbase", Hashes.hex(cb.inputs().get(0).scriptSig()));
        if (!cb.inputs().get(0).witness().isEmpty()) {
            cbo.put("witness", Hashes.hex(cb.inputs().get(0).witness().get(0)));
        }
        ArrayNode txs = o.putArray("tx");
        for (int i = 0; i < b.txs().size(); i++) {
            FakeTx t = b.txs().get(i);
            if (verbosity == 1) {
                txs.add(t.txidHex());
            } else {
                long fee = e.txFees().get(i);
                txs.add(decodeTx(t, i == 0 || fee < 0 ? null : fee, true));
            }
        }
        return o;
    }

    /**
     * A transaction decoded as {@code TxToUniv} does: txid, hash, version, size, vsize, weight,
     * locktime, vin, vout, fee (when known, BTC), hex.
     *
     * @param feeSat the fee in sat, or null to leave it out
     */
    public static ObjectNode decodeTx(FakeTx t, Long feeSat, boolean includeHex) {
        ObjectNode o = N.objectNode();
        o.put("txid", t.txidHex());
        o.put("hash", t.wtxidHex());
        o.put("version", t.version());
        o.put("size", t.size());
        o.put("vsize", t.vsize());
        o.put("weight", t.weight());
        o.put("locktime", t.lockTime());
        ArrayNode vin = o.putArray("vin");
        for (FakeTx.Input in : t.inputs()) {
            ObjectNode i = vin.addObject();
            if (t.isCoinbase()) {
                i.put("coinbase", Hashes.hex(in.scriptSig()));
            } else {
                i.put("txid", Hashes.displayHex(in.prevTxid()));
                i.put("vout", in.prevIndex());
                ObjectNode sig = i.putObject("scriptSig");
                sig.put("asm", FakeAddress.asm(in.scriptSig()));
                sig.put("hex", Hashes.hex(in.scriptSig()));
            }
            if (!in.witness().isEmpty()) {
                ArrayNode w = i.putArray("txinwitness");
                in.witness().forEach(x -> w.add(Hashes.hex(x)));
            }
            i.put("sequence", in.sequence());
        }
        ArrayNode vout = o.putArray("vout");
        for (int n = 0; n < t.outputs().size(); n++) {
            FakeTx.Output out = t.outputs().get(n);
            ObjectNode v = vout.addObject();
            v.set("value", amount(out.valueSat()));
            v.put("n", n);
            v.set("scriptPubKey", scriptPubKey(out.scriptPubKey()));
        }
        if (feeSat != null) {
            o.set("fee", amount(feeSat));
        }
        if (includeHex) {
            o.put("hex", Hashes.hex(t.serialize()));
        }
        return o;
    }

    /** @return {@code {asm, desc, hex, address?, type}} of an output script ({@code ScriptToUniv}) */
    public static ObjectNode scriptPubKey(byte[] s) {
        ObjectNode o = N.objectNode();
        o.put("asm", FakeAddress.asm(s));
        o.put("desc", FakeAddress.inferDescriptor(s));
        o.put("hex", Hashes.hex(s));
        FakeAddress.fromScriptPubKey(s).ifPresent(a -> o.put("address", a));
        o.put("type", FakeAddress.type(s));
        return o;
    }

    private ObjectNode blockchainInfo() {
        FakeChain ch = chain();
        FakeChain.Entry tip = ch.tip();
        ObjectNode o = N.objectNode();
        o.put("chain", node.chainName());
        o.put("blocks", tip.height());
        o.put("headers", ch.headers());
        o.put("bestblockhash", tip.hashHex());
        o.put("bits", String.format("%08x", tip.block().bits()));
        o.put("target", TARGET);
        o.put("difficulty", DIFFICULTY);
        o.put("time", tip.block().time());
        o.put("mediantime", tip.medianTime());
        o.put("verificationprogress", ch.verificationProgress());
        o.put("initialblockdownload", ch.isInitialBlockDownload());
        o.put("chainwork", tip.chainworkHex());
        o.put("size_on_disk", ch.sizeOnDisk());
        o.put("pruned", false);
        o.set("warnings", warnings());
        return o;
    }

    private JsonNode blockstats(FakeRpcCall c) throws FakeRpcException {
        JsonNode id = c.param(0);
        FakeChain.Entry e;
        if (id.isNumber()) {
            long h = id.asLong();
            if (h < 0) {
                throw new FakeRpcException(FakeRpcException.INVALID_PARAMETER, "Target block height " + h + " is negative");
            }
            if (h > chain().height()) {
                throw new FakeRpcException(FakeRpcException.INVALID_PARAMETER, "Target block height " + h + " after current tip " + chain().height());
            }
            e = chain().atHeight((int) h).orElseThrow();
        } else {
            e = block(id.asText());
        }
        Set<String> wanted = new LinkedHashSet<>();
        JsonNode sel = c.param(1);
        if (sel != null) {
            for (JsonNode s : sel) {
                if (!STATS.contains(s.asText())) {
                    throw new FakeRpcException(FakeRpcException.INVALID_PARAMETER, "Invalid selected statistic '" + s.asText() + "'");
                }
                wanted.add(s.asText());
            }
        }
        FakeBlock b = e.block();
        List<Long> fees = new ArrayList<>();
        List<Long> feerates = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        long ins = 0;
        long outs = 0;
        long totalOut = 0;
        long totalSize = 0;
        long totalWeight = 0;
        long swTxs = 0;
        long swSize = 0;
        long swWeight = 0;
        long utxoInc = 0;
        long utxoSize = 0;
        long utxoIncActual = 0;
        long utxoSizeActual = 0;
        for (int i = 0; i < b.txs().size(); i++) {
            FakeTx t = b.txs().get(i);
            outs += t.outputs().size();
            for (FakeTx.Output o : t.outputs()) {
                utxoInc++;
                utxoSize += o.scriptPubKey().length + 49;
                if (o.scriptPubKey().length == 0 || (o.scriptPubKey()[0] & 0xff) != 0x6a) {
                    utxoIncActual++;
                    utxoSizeActual += o.scriptPubKey().length + 49;
                }
            }
            if (i == 0) {
                continue;
            }
            ins += t.inputs().size();
            utxoInc -= t.inputs().size();
            utxoIncActual -= t.inputs().size();
            totalOut += t.outputSat();
            long fee = Math.max(0, e.txFees().get(i));
            fees.add(fee);
            feerates.add(fee / Math.max(1, t.vsize()));
            sizes.add((long) t.size());
            totalSize += t.size();
            totalWeight += t.weight();
            if (t.hasWitness()) {
                swTxs++;
                swSize += t.size();
                swWeight += t.weight();
            }
        }
        long txs = b.txs().size();
        long totalFee = fees.stream().mapToLong(Long::longValue).sum();
        TreeMap<String, JsonNode> all = new TreeMap<>();
        all.put("avgfee", N.numberNode(fees.isEmpty() ? 0 : totalFee / fees.size()));
        all.put("avgfeerate", N.numberNode(totalWeight == 0 ? 0 : totalFee * 4 / totalWeight));
        all.put("avgtxsize", N.numberNode(sizes.isEmpty() ? 0 : totalSize / sizes.size()));
        all.put("blockhash", N.textNode(e.hashHex()));
        ArrayNode pct = N.arrayNode();
        List<Long> sortedRates = new ArrayList<>(feerates);
        Collections.sort(sortedRates);
        for (int p : new int[] {10, 25, 50, 75, 90}) {
            pct.add(sortedRates.isEmpty() ? 0 : sortedRates.get(Math.min(sortedRates.size() - 1, sortedRates.size() * p / 100)));
        }
        all.put("feerate_percentiles", pct);
        all.put("height", N.numberNode(e.height()));
        all.put("ins", N.numberNode(ins));
        all.put("maxfee", N.numberNode(fees.stream().mapToLong(Long::longValue).max().orElse(0)));
        all.put("maxfeerate", N.numberNode(feerates.stream().mapToLong(Long::longValue).max().orElse(0)));
        all.put("maxtxsize", N.numberNode(sizes.stream().mapToLong(Long::longValue).max().orElse(0)));
        all.put("medianfee", N.numberNode(median(fees)));
        all.put("mediantime", N.numberNode(e.medianTime()));
        all.put("mediantxsize", N.numberNode(median(sizes)));
        all.put("minfee", N.numberNode(fees.stream().mapToLong(Long::longValue).min().orElse(0)));
        all.put("minfeerate", N.numberNode(feerates.stream().mapToLong(Long::longValue).min().orElse(0)));
        all.put("mintxsize", N.numberNode(sizes.stream().mapToLong(Long::longValue).min().orElse(0)));
        all.put("outs", N.numberNode(outs));
        all.put("subsidy", N.numberNode(FakeChain.subsidy(e.height())));
        all.put("swtotal_size", N.numberNode(swSize));
        all.put("swtotal_weight", N.numberNode(swWeight));
        all.put("swtxs", N.numberNode(swTxs));
        all.put("time", N.numberNode(b.time()));
        all.put("total_out", N.numberNode(totalOut));
        all.put("total_size", N.numberNode(totalSize));
        all.put("total_weight", N.numberNode(totalWeight));
        all.put("totalfee", N.numberNode(totalFee));
        all.put("txs", N.numberNode(txs));
        all.put("utxo_increase", N.numberNode(utxoInc));
        all.put("utxo_size_inc", N.numberNode(utxoSize));
        all.put("utxo_increase_actual", N.numberNode(utxoIncActual));
        all.put("utxo_size_inc_actual", N.numberNode(utxoSizeActual));
        ObjectNode o = N.objectNode();
        for (String k : STATS) {
            if (wanted.isEmpty() || wanted.contains(k)) {
                o.set(k, all.get(k));
            }
        }
        return o;
    }

    private static long median(List<Long> v) {
        if (v.isEmpty()) {
            return 0;
        }
        List<Long> s = new ArrayList<>(v);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private ObjectNode mempoolInfo() {
        List<FakeChain.MempoolEntry> m = chain().mempool();
        long bytes = m.stream().mapToLong(e -> e.tx().vsize()).sum();
        ObjectNode o = N.objectNode();
        o.put("loaded", true);
        o.put("size", m.size());
        o.put("bytes", bytes);
        o.put("usage", m.stream().mapToLong(e -> 400L + 2L * e.tx().size()).sum());
        o.set("total_fee", amount(m.stream().mapToLong(FakeChain.MempoolEntry::feeSat).sum()));
        o.put("maxmempool", 300_000_000L);
        o.set("mempoolminfee", amount(100));
        o.set("minrelaytxfee", amount(100));
        o.set("incrementalrelayfee", amount(100));
        o.put("unbroadcastcount", 0);
        o.put("permitbaremultisig", true);
        o.put("maxdatacarriersize", 100_000);
        o.put("limitclustercount", 64);
        o.put("limitclustersize", 101_000);
        o.put("optimal", true);
        return o;
    }

    private JsonNode rawmempool(FakeRpcCall c) throws FakeRpcException {
        boolean verbose = c.bool(0, false);
        boolean seq = c.bool(1, false);
        if (verbose && seq) {
            throw new FakeRpcException(FakeRpcException.INVALID_PARAMETER, "Verbose results cannot contain mempool sequence values.");
        }
        List<FakeChain.MempoolEntry> m = chain().mempool();
        if (verbose) {
            ObjectNode o = N.objectNode();
            Family f = new Family(m);
            for (FakeChain.MempoolEntry e : m) {
                o.set(e.tx().txidHex(), mempoolEntry(e, f));
            }
            return o;
        }
        ArrayNode ids = N.arrayNode();
        m.forEach(e -> ids.add(e.tx().txidHex()));
        if (!seq) {
            return ids;
        }
        ObjectNode o = N.objectNode();
        o.set("txids", ids);
        o.put("mempool_sequence", chain().mempoolSequence());
        return o;
    }

    /**
     * The mempool's family links, built once per call: parents ({@code depends}) and children ({@code spentby}) of
     * each entry, by txid; ancestors and descendants are their transitive closures (each entry once).
     */
    private static final class Family {
        final Map<String, FakeChain.MempoolEntry> byId = new java.util.LinkedHashMap<>();
        final Map<String, java.util.TreeSet<String>> parents = new java.util.HashMap<>();
        final Map<String, List<String>> children = new java.util.HashMap<>();

        Family(List<FakeChain.MempoolEntry> pool) {
            pool.forEach(p -> byId.put(p.tx().txidHex(), p));
            for (FakeChain.MempoolEntry p : pool) {
                String id = p.tx().txidHex();
                java.util.TreeSet<String> ps = new java.util.TreeSet<>();
                p.tx().inputs().forEach(i -> {
                    String prev = Hashes.displayHex(i.prevTxid());
                    if (byId.containsKey(prev)) {
                        ps.add(prev);
                    }
                });
                parents.put(id, ps);
                ps.forEach(par -> children.computeIfAbsent(par, k -> new ArrayList<>()).add(id));
            }
        }

        /** @return the transitive closure from {@code id} over {@code links}, without {@code id} */
        Set<String> closure(String id, Map<String, ? extends java.util.Collection<String>> links) {
            Set<String> seen = new java.util.LinkedHashSet<>();
            java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>();
            java.util.Collection<String> first = links.get(id);
            if (first != null) {
                todo.addAll(first);
            }
            while (!todo.isEmpty()) {
                String t = todo.pop();
                java.util.Collection<String> next = links.get(t);
                if (seen.add(t) && next != null) {
                    todo.addAll(next);
                }
            }
            return seen;
        }
    }

    /** @return a mempool entry as {@code entryToJSON} writes it */
    ObjectNode mempoolEntry(FakeChain.MempoolEntry e) {
        return mempoolEntry(e, new Family(chain().mempool()));
    }

    private ObjectNode mempoolEntry(FakeChain.MempoolEntry e, Family f) {
        FakeTx t = e.tx();
        String me = t.txidHex();
        Set<String> anc = f.closure(me, f.parents);
        Set<String> desc = f.closure(me, f.children);
        long ancSize = t.vsize() + anc.stream().mapToLong(id -> f.byId.get(id).tx().vsize()).sum();
        long ancFee = e.feeSat() + anc.stream().mapToLong(id -> f.byId.get(id).feeSat()).sum();
        long descSize = t.vsize() + desc.stream().mapToLong(id -> f.byId.get(id).tx().vsize()).sum();
        long descFee = e.feeSat() + desc.stream().mapToLong(id -> f.byId.get(id).feeSat()).sum();
        ObjectNode o = N.objectNode();
        o.put("vsize_adjusted", t.vsize());
        o.put("vsize", t.vsize());
        o.put("vsize_bip141", t.vsize());
        o.put("weight", t.weight());
        o.put("time", e.time());
        o.put("height", e.height());
        o.put("descendantcount", 1 + desc.size());
        o.put("descendantsize", descSize);
        o.put("ancestorcount", 1 + anc.size());
        o.put("ancestorsize", ancSize);
        o.put("wtxid", t.wtxidHex());
        o.put("chunkweight", t.weight());
        ObjectNode fees = o.putObject("fees");
        fees.set("base", amount(e.feeSat()));
        fees.set("modified", amount(e.feeSat()));
        fees.set("ancestor", amount(ancFee));
        fees.set("descendant", amount(descFee));
        fees.set("chunk", amount(e.feeSat()));
        ArrayNode depends = o.putArray("depends");
        f.parents.getOrDefault(me, new java.util.TreeSet<>()).forEach(depends::add);
        ArrayNode spentby = o.putArray("spentby");
        f.children.getOrDefault(me, List.of()).forEach(spentby::add);
        o.put("unbroadcast", false);
        return o;
    }

    /** {@code getmempoolancestors} / {@code getmempooldescendants} ({@code src/rpc/mempool.cpp}): txids, or txid → entry. */
    private JsonNode family(FakeRpcCall c, boolean up) throws FakeRpcException {
        String txid = c.str(0, "");
        if (!txid.matches("[0-9a-fA-F]{64}")) {
            throw new FakeRpcException(FakeRpcException.INVALID_PARAMETER, txid.matches("[0-9a-fA-F]*")
                    ? "txid must be of length 64 (not " + txid.length() + ", for '" + txid + "')"
                    : "txid must be hexadecimal string (not '" + txid + "')");
        }
        Family f = new Family(chain().mempool());
        String id = txid.toLowerCase(java.util.Locale.ROOT);
        if (!f.byId.containsKey(id)) {
            throw new FakeRpcException(FakeRpcException.INVALID_ADDRESS_OR_KEY, "Transaction not in mempool");
        }
        Set<String> members = f.closure(id, up ? f.parents : f.children);
        if (!c.bool(1, false)) {
            ArrayNode a = N.arrayNode();
            members.forEach(a::add);
            return a;
        }
        ObjectNode o = N.objectNode();
        members.forEach(m -> o.set(m, mempoolEntry(f.byId.get(m), f)));
        return o;
    }

    private static FakeTx decodeHexTx(String hex, String error) throws FakeRpcException {
        try {
            return FakeTx.parse(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new FakeRpcException(FakeRpcException.DESERIALIZATION_ERROR, error);
        }
    }

    private JsonNode gettxout(FakeRpcCall c) throws FakeRpcException {
        byte[] txid;
        try {
            txid = Hashes.fromDisplayHex(c.str(0, ""));
        } catch (IllegalArgumentException e) {
            throw new FakeRpcException(FakeRpcException.INVALID_PARAMETER, "txid must be of length 64 (not " + c.str(0, "").length()
                    + ", for '" + c.str(0, "") + "')");
        }
        long n = c.num(1, 0);
        boolean mempool = c.bool(2, true);
        FakeChain.Entry tip = chain().tip();
        FakeChain.Coin coin = chain().coin(txid, n).orElse(null);
        int confirmations;
        if (coin != null) {
            if (mempool && chain().spentInMempool(txid, n)) {
                return NullNode.getInstance();
            }
            confirmations = tip.height() - coin.height() + 1;
        } else if (mempool) {
            FakeChain.MempoolEntry e = chain().mempoolEntry(Hashes.displayHex(txid)).orElse(null);
            if (e == null || n < 0 || n >= e.tx().outputs().size() || chain().spentInMempool(txid, n)) {
                return NullNode.getInstance();
            }
            coin = new FakeChain.Coin(e.tx().outputs().get((int) n), -1, false);
            confirmations = 0;
        } else {
            return NullNode.getInstance();
        }
        ObjectNode o = N.objectNode();
        o.put("bestblock", tip.hashHex());
        o.put("confirmations", confirmations);
        o.set("value", amount(coin.output().valueSat()));
        o.set("scriptPubKey", scriptPubKey(coin.output().scriptPubKey()));
        o.put("coinbase", coin.coinbase());
        return o;
    }

    private JsonNode getrawtransaction(FakeRpcCall c) throws FakeRpcException {
        String id = c.str(0, "").toLowerCase(java.util.Locale.ROOT);
        JsonNode v = c.param(1);
        int verbosity = v == null ? 0 : v.isBoolean() ? (v.asBoolean() ? 1 : 0) : v.asInt();
        if (c.has(2)) {
            FakeChain.Entry b = block(c.str(2, ""));
            for (int i = 0; i < b.block().txs().size(); i++) {
                FakeTx t = b.block().txs().get(i);
                if (t.txidHex().equals(id)) {
                    if (verbosity <= 0) {
                        return N.textNode(Hashes.hex(t.serialize()));
                    }
                    ObjectNode o = N.objectNode();
                    o.put("in_active_chain", true);
                    o.setAll(decodeTx(t, verbosity >= 2 && i > 0 && b.txFees().get(i) >= 0 ? b.txFees().get(i) : null, true));
                    o.put("blockhash", b.hashHex());
                    o.put("confirmations", chain().height() - b.height() + 1);
                    o.put("time", b.block().time());
                    o.put("blocktime", b.block().time());
                    return o;
                }
            }
            throw new FakeRpcException(FakeRpcException.INVALID_ADDRESS_OR_KEY,
                    "No such transaction found in the provided block. Use gettransaction for wallet transactions.");
        }
        FakeChain.MempoolEntry e = chain().mempoolEntry(id).orElseThrow(() -> new FakeRpcException(FakeRpcException.INVALID_ADDRESS_OR_KEY,
                "No such mempool transaction. Use -txindex or provide a block hash to enable blockchain transaction queries. "
                        + "Use gettransaction for wallet transactions."));
        if (verbosity <= 0) {
            return N.textNode(Hashes.hex(e.tx().serialize()));
        }
        return decodeTx(e.tx(), verbosity >= 2 ? e.feeSat() : null, true);
    }

    // ---- control ----------------------------------------------------------------------------

    /** One category on or off, in the reply's map and in debug.log (so that the node logs as it says). */
    private void setLogging(String category, boolean on) {
        logging.put(category, on);
        node.log().setEnabled(category, on);
    }

    private JsonNode logging(FakeRpcCall c) throws FakeRpcException {
        for (int k = 0; k < 2; k++) {
            JsonNode list = c.param(k);
            if (list == null) {
                continue;
            }
            for (JsonNode cat : list) {
                String name = cat.asText();
                if (name.equals("all") || name.equals("1")) {
                    for (String x : LOG_CATEGORIES) {
                        setLogging(x, k == 0);
                    }
                } else if (name.equals("none") || name.equals("0")) {
                    for (String x : LOG_CATEGORIES) {
                        setLogging(x, false);
                    }
                } else if (logging.containsKey(name)) {
                    setLogging(name, k == 0);
                } else {
                    throw new FakeRpcException(FakeRpcException.INVALID_PARAMETER, "unknown logging category " + name);
                }
            }
        }
        ObjectNode o = N.objectNode();
        logging.forEach(o::put);
        return o;
    }

    // ---- mining -----------------------------------------------------------------------------

    private ObjectNode miningInfo() {
        FakeChain.Entry tip = chain().tip();
        ObjectNode o = N.objectNode();
        o.put("blocks", tip.height());
        o.put("bits", String.format("%08x", tip.block().bits()));
        o.put("difficulty", DIFFICULTY);
        o.put("target", TARGET);
        o.put("networkhashps", tip.height() == 0 ? 0.0 : 0.03333333333333333);
        o.put("pooledtx", chain().mempool().size());
        o.set("blockmintxfee", amount(1));
        o.put("chain", node.chainName());
        ObjectNode next = o.putObject("next");
        next.put("height", tip.height() + 1);
        next.put("bits", String.format("%08x", FakeBlock.REGTEST_BITS));
        next.put("difficulty", DIFFICULTY);
        next.put("target", TARGET);
        o.set("warnings", warnings());
        return o;
    }

    private JsonNode generate(long n, byte[] script) throws FakeRpcException {
        if (n < 0) {
            throw new FakeRpcException(FakeRpcException.INVALID_PARAMETER, "Invalid nblocks");
        }
        ArrayNode a = N.arrayNode();
        for (FakeChain.Entry e : chain().generate((int) Math.min(n, 100_000), script)) {
            node.network().blockRelayed(0);
            a.add(e.hashHex());
        }
        return a;
    }

    private JsonNode generateblock(FakeRpcCall c) throws FakeRpcException {
        String out = c.str(0, "");
        byte[] script;
        try {
            script = out.contains("(") ? FakeAddress.descriptorScript(out) : FakeAddress.toScriptPubKey(out);
        } catch (IllegalArgumentException e) {
            throw new FakeRpcException(FakeRpcException.INVALID_ADDRESS_OR_KEY, "Error: Invalid address or descriptor");
        }
        List<FakeTx> txs = new ArrayList<>();
        for (JsonNode t : c.param(1)) {
            String s = t.asText();
            if (s.length() == 64) {
                FakeChain.MempoolEntry e = chain().mempoolEntry(s.toLowerCase(java.util.Locale.ROOT))
                        .orElseThrow(() -> new FakeRpcException(FakeRpcException.INVALID_ADDRESS_OR_KEY, "Transaction " + s + " not in mempool."));
                txs.add(e.tx());
            } else {
                try {
                    txs.add(FakeTx.parse(HexFormat.of().parseHex(s)));
                } catch (IllegalArgumentException e) {
                    throw new FakeRpcException(FakeRpcException.DESERIALIZATION_ERROR,
                            "Transaction decode failed for " + s + ". Make sure the tx has at least one input.");
                }
            }
        }
        ObjectNode o = N.objectNode();
        if (c.bool(2, true)) {
            FakeChain.Entry e = chain().generateBlock(script, txs);
            o.put("hash", e.hashHex());
        } else {
            FakeBlock b = chain().buildBlock(script, txs, null);
            o.put("hash", b.hashHex());
            o.put("hex", Hashes.hex(b.serialize()));
        }
        return o;
    }

    // ---- network ----------------------------------------------------------------------------

    private ObjectNode networkInfo() {
        int peers = node.network().peers(now()).size();
        int in = (int) node.network().peers(now()).stream().filter(FakeNetwork.Peer::inbound).count();
        ObjectNode o = N.objectNode();
        o.put("version", 319900);
        o.put("subversion", "/Satoshi:31.99.0/");
        o.put("protocolversion", 70017);
        o.put("localservices", "0000000000000c09");
        o.putArray("localservicesnames").add("NETWORK").add("WITNESS").add("NETWORK_LIMITED").add("P2P_V2");
        o.put("localrelay", true);
        o.put("timeoffset", 0);
        o.put("tx_send_rate", 14);
        ObjectNode buckets = o.putObject("inv_buckets");
        for (String k : new String[] {"inbound", "outbound"}) {
            ObjectNode b = buckets.putObject(k);
            b.put("backlog", 0);
            b.put("count_tok", 420);
            b.put("size_tok", 12_000_000);
        }
        o.put("networkactive", node.network().isActive());
        o.put("connections", peers);
        o.put("connections_in", in);
        o.put("connections_out", peers - in);
        ArrayNode nets = o.putArray("networks");
        for (String n : new String[] {"ipv4", "ipv6", "onion", "i2p", "cjdns"}) {
            boolean reachable = n.equals("ipv4") || n.equals("ipv6");
            ObjectNode x = nets.addObject();
            x.put("name", n);
            x.put("limited", !reachable);
            x.put("reachable", reachable);
            x.put("proxy", "");
            x.put("proxy_randomize_credentials", false);
        }
        o.set("relayfee", amount(100));
        o.set("incrementalfee", amount(100));
        o.putArray("localaddresses");
        o.set("warnings", warnings());
        return o;
    }

    private ObjectNode netTotals() {
        long now = now();
        ObjectNode o = N.objectNode();
        o.put("totalbytesrecv", node.network().totalBytesRecv(now));
        o.put("totalbytessent", node.network().totalBytesSent(now));
        o.put("timemillis", System.currentTimeMillis());
        ObjectNode u = o.putObject("uploadtarget");
        u.put("timeframe", 86400);
        u.put("target", 0);
        u.put("target_reached", false);
        u.put("serve_historical_blocks", true);
        u.put("bytes_left_in_cycle", 0);
        u.put("time_left_in_cycle", 0);
        return o;
    }

    private ArrayNode peerInfo() {
        long now = now();
        int height = chain().height();
        ArrayNode a = N.arrayNode();
        for (FakeNetwork.Peer p : node.network().peers(now)) {
            ObjectNode o = a.addObject();
            o.put("id", p.id());
            o.put("addr", p.addr());
            if (!p.inbound()) {
                o.put("addrbind", "10.0.0.2:" + (40000 + p.id()));
            }
            o.put("network", p.network());
            o.put("services", "0000000000000c09");
            o.putArray("servicesnames").add("NETWORK").add("WITNESS").add("NETWORK_LIMITED").add("P2P_V2");
            boolean relay = !p.connectionType().equals("block-relay-only");
            o.put("relaytxes", relay);
            o.put("last_inv_sequence", 0);
            o.put("inv_to_send", 0);
            o.put("lastsend", now - 1);
            o.put("lastrecv", now - 2);
            o.put("last_transaction", 0);
            o.put("last_block", chain().tip().block().time());
            long secs = Math.max(1, now - p.conntime());
            o.put("bytessent", 2_000 + secs * 400L);
            o.put("bytesrecv", 3_000 + secs * 1_300L);
            o.put("conntime", p.conntime());
            o.put("timeoffset", 0);
            o.put("pingtime", p.pingMs() / 1000.0);
            o.put("minping", p.pingMs() * 0.8 / 1000.0);
            o.put("version", 70016);
            o.put("subver", p.subver());
            o.put("inbound", p.inbound());
            o.put("bip152_hb_to", false);
            o.put("bip152_hb_from", false);
            o.put("presynced_headers", -1);
            o.put("synced_headers", height);
            o.put("synced_blocks", height);
            o.putArray("inflight");
            o.put("addr_relay_enabled", relay);
            o.put("addr_processed", relay ? 12 : 0);
            o.put("addr_rate_limited", 0);
            o.putArray("permissions");
            o.set("minfeefilter", amount(relay ? 100 : 0));
            long pings = 32 * (secs / 120 + 1);
            ObjectNode sent = o.putObject("bytessent_per_msg");
            ObjectNode recv = o.putObject("bytesrecv_per_msg");
            for (String[] m : new String[][] {{"feefilter", "32"}, {"getaddr", "24"}, {"getheaders", "1053"}, {"headers", "106"},
                {"ping", "P"}, {"pong", "P"}, {"sendaddrv2", "24"}, {"sendcmpct", "33"}, {"verack", "24"}, {"version", "127"},
                {"wtxidrelay", "24"}}) {
                sent.put(m[0], m[1].equals("P") ? pings : Long.parseLong(m[1]));
            }
            for (String[] m : new String[][] {{"feefilter", "32"}, {"getdata", "61"}, {"getheaders", "1053"}, {"headers", "106"},
                {"ping", "P"}, {"pong", "P"}, {"sendaddrv2", "24"}, {"sendcmpct", "66"}, {"sendheaders", "24"}, {"verack", "24"},
                {"version", "127"}, {"wtxidrelay", "24"}}) {
                recv.put(m[0], m[1].equals("P") ? pings : Long.parseLong(m[1]));
            }
            o.put("connection_type", p.connectionType());
            o.put("transport_protocol_type", p.transport());
            o.put("session_id", p.transport().equals("v2") ? String.format("%064x", 0xfeedL + p.id()) : "");
        }
        return a;
    }
}
