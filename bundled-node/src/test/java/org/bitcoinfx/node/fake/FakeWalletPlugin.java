package org.bitcoinfx.node.fake;

import static org.bitcoinfx.node.fake.FakeRpcArg.optional;
import static org.bitcoinfx.node.fake.FakeRpcArg.required;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bitcoinfx.ipc.primitives.Bytes;
import org.bitcoinfx.ipc.primitives.Hashes;
import org.bitcoinfx.node.fake.FakeRpcArg.Type;

/**
 * The wallet of the fake node, a {@link FakeRpcPlugin}: the wallet RPCs Bitcoin FX's Wallet page
 * uses, in Bitcoin Core's shapes, codes and messages (checked against a real regtest node, master
 * 58a7869f86): createwallet, loadwallet, unloadwallet, listwallets, listwalletdir, backupwallet,
 * restorewallet, getbalances, getbalance, getwalletinfo, getnewaddress, setlabel,
 * walletpassphrase, walletlock, walletcreatefundedpsbt, walletprocesspsbt, listtransactions,
 * listsinceblock (its {@code removed} is always empty: the fake does not track what a reorganisation took off),
 * getrawchangeaddress, bumpfee, psbtbumpfee (same inputs; the change, or a cancel's one output, pays the increase),
 * listunspent, lockunspent, listlockunspent (frozen coins kept with the wallet; coin selection skips them;
 * walletcreatefundedpsbt takes {@code inputs}, {@code add_inputs} and {@code change_address}; {@code FakeCoinsShapesTest}),
 * gettransaction, getaddressinfo (the fields the app reads); and, if the chain does not serve them, validateaddress,
 * estimatesmartfee, analyzepsbt, decodepsbt (version 2, as master's walletcreatefundedpsbt makes), combinepsbt and
 * finalizepsbt, enumeratesigners (refused as by a node without {@code -signer}), over the fake's own PSBT text (the magic, then the txid: the draft itself is kept here; signed or not),
 * their shapes held to a real node's by FakePsbtShapesTest. What a wallet owns is found by scanning the chain and mempool for its scripts (as a
 * rescan does); {@code sendrawtransaction} stays the chain's. Signatures are dummies of the right
 * size: the fake chain checks no scripts.
 */
public final class FakeWalletPlugin implements FakeRpcPlugin {
    private static final JsonNodeFactory J = JsonNodeFactory.instance;
    /** Every fake wallet's descriptor key ({@code listdescriptors true}), private: BIP32 test vector 1 on test chains. */
    public static final String TPRV = "tprv8ZgxMBicQKsPeDgjzdC36fs6bMjGApWDNLR9erAXMs5skhMv36j9MV5ecvfavji5khqjWaWSFhN3YcCUUdiKH6isR4Pwy3U5y5egddBr16m";
    /** Every fake wallet's descriptor key ({@code listdescriptors}), public. */
    public static final String TPUB = "tpubD6NzVbkrYhZ4XgiXtGrdW5XDAPFCL9h7we1vwNCpn8tGbBcgfVYjXyhWo4E1xkh56hjod1RhGjxbaTLV3X4FyWuejifB9jusQ46QzG87VKp";
    /** {@code COINBASE_MATURITY}: a coinbase needs more confirmations than this to be spent. */
    static final int MATURITY = 100;
    /** The wallet's {@code -maxtxfee} default, sat. */
    static final long MAX_TX_FEE = 10_000_000;

    private FakeNodeState node;
    private final Map<String, FakeWallet> onDisk = new LinkedHashMap<>();
    private final Set<String> loaded = new LinkedHashSet<>();
    private final Map<String, FakeWallet> backups = new HashMap<>();
    private final Map<String, Draft> drafts = new HashMap<>();
    /** Legacy (Berkeley DB) wallets on disk, by name → passphrase ("" unencrypted): listed with a warning, loaded only after migratewallet. */
    private final Map<String, String> legacyOnDisk = new LinkedHashMap<>();

    /** A funded, unsigned transaction: what the PSBT string stands for. */
    private record Draft(String wallet, FakeTx tx, long feeSat, List<Owned> inputs, int changePos, boolean signed) {
        Draft asSigned() {
            return new Draft(wallet, tx, feeSat, inputs, changePos, true);
        }
    }

    /** An output a wallet owns, found by {@link #scan}. */
    private static final class Owned {
        final String txid;
        final int vout;
        final long valueSat;
        final byte[] script;
        final Seen in;
        boolean spent;

        Owned(String txid, int vout, long valueSat, byte[] script, Seen in) {
            this.txid = txid;
            this.vout = vout;
            this.valueSat = valueSat;
            this.script = script;
            this.in = in;
        }
    }

    /** A wallet transaction, where it was seen. */
    private record Seen(FakeTx tx, String txid, int height, String blockHash, long blockTime, int blockIndex, long time,
                        boolean fromMe, long debitSat) {
        boolean coinbase() {
            return tx.isCoinbase();
        }
    }

    /** What a scan found for one wallet. */
    private record Scan(List<Seen> txs, List<Owned> outputs) {
    }

    @Override
    public void install(FakeNodeState state) {
        this.node = state;
        FakeRpcHandlers r = state.rpc();
        r.register(m("listwallets", "Returns a list of currently loaded wallets.", List.of(), c -> sync(() -> {
            ArrayNode a = J.arrayNode();
            loaded.forEach(a::add);
            return a;
        })));
        r.register(m("listwalletdir", "Returns a list of wallets in the wallet directory.", List.of(), c -> sync(() -> {
            ObjectNode o = J.objectNode();
            ArrayNode a = o.putArray("wallets");
            onDisk.keySet().forEach(n -> a.addObject().put("name", n).putArray("warnings"));
            legacyOnDisk.keySet().forEach(n -> a.addObject().put("name", n).putArray("warnings")
                    .add("This wallet is a legacy wallet and will need to be migrated with migratewallet before it can be loaded"));
            return o;
        })));
        r.register(m("createwallet", "Creates and loads a new wallet.", List.of(
                required("wallet_name", Type.STR, "The name for the new wallet."),
                optional("disable_private_keys", Type.BOOL, "Disable the possibility of private keys."),
                optional("blank", Type.BOOL, "Create a blank wallet."),
                optional("passphrase", Type.STR, "Encrypt the wallet with this passphrase."),
                optional("avoid_reuse", Type.BOOL, "Keep track of coin reuse."),
                optional("descriptors", Type.BOOL, "Create a native descriptor wallet."),
                optional("load_on_startup", Type.BOOL, "Load on startup."),
                optional("external_signer", Type.BOOL, "Use an external signer.")), this::createWallet));
        r.register(m("loadwallet", "Loads a wallet from a wallet file or directory.", List.of(
                required("filename", Type.STR, "The wallet directory or .dat file."),
                optional("load_on_startup", Type.BOOL, "Load on startup.")), c -> sync(() -> {
                    String n = c.str(0, "");
                    if (loaded.contains(n)) {
                        throw new FakeRpcException(-35, "Wallet \"" + n + "\" is already loaded.");
                    }
                    if (!onDisk.containsKey(n)) {
                        throw new FakeRpcException(-18, "Wallet file verification failed. Failed to load database path '" + path(n)
                                + "'. Path does not exist.");
                    }
                    loaded.add(n);
                    return J.objectNode().put("name", n);
                })));
        r.register(new FakeRpcMethod("fakelegacywallet", "hidden", "FakeNode only: puts a legacy (Berkeley DB) wallet in the wallet directory.",
                List.of(required("wallet_name", Type.STR, "Its name."), optional("passphrase", Type.STR, "Its passphrase, if encrypted.")),
                c -> sync(() -> {
                    legacyOnDisk.put(c.str(0, ""), c.str(1, ""));
                    return NullNode.getInstance();
                })));
        r.register(m("migratewallet", "Migrate the wallet to a descriptor wallet.", List.of(
                optional("wallet_name", Type.STR, "The name of the wallet to migrate."),
                optional("passphrase", Type.STR, "The wallet passphrase"),
                optional("load_wallet", Type.BOOL, "Load the wallet after migration.")), c -> sync(() -> {
                    String n = c.has(0) ? c.str(0, "") : c.wallet();
                    if (c.has(0) && c.wallet() != null && !c.wallet().equals(n)) {
                        throw new FakeRpcException(-8, "The RPC endpoint wallet and the wallet name parameter specify different wallets");
                    }
                    if (n == null) {
                        throw new FakeRpcException(-8, "Either the RPC endpoint wallet or the wallet name parameter must be provided");
                    }
                    if (onDisk.containsKey(n)) {
                        throw new FakeRpcException(-4, "Error: This wallet is already a descriptor wallet");
                    }
                    if (!legacyOnDisk.containsKey(n)) {
                        throw new FakeRpcException(-4, "Error: Wallet does not exist");
                    }
                    String pass = legacyOnDisk.get(n);
                    if (!pass.isEmpty() && !pass.equals(c.str(1, ""))) {
                        throw new FakeRpcException(-4, "Error: Wallet decryption failed, the wallet passphrase was not provided or was incorrect.");
                    }
                    legacyOnDisk.remove(n);
                    FakeWallet w = new FakeWallet(n, pass.isEmpty() ? null : pass.toCharArray());
                    onDisk.put(n, w);
                    loaded.add(n);
                    ObjectNode o = J.objectNode().put("wallet_name", n);
                    o.put("backup_path", node.options().networkDir().resolve("wallets").resolve((n.isEmpty() ? "default_wallet" : n) + "_" + node.chain().now() + ".legacy.bak").toString());
                    return o;
                })));
        r.register(m("unloadwallet", "Unloads the wallet referenced by the request endpoint or the name argument.", List.of(
                optional("wallet_name", Type.STR, "The name of the wallet to unload."),
                optional("load_on_startup", Type.BOOL, "Load on startup.")), c -> sync(() -> {
                    String n = c.has(0) ? c.str(0, "") : c.wallet();
                    if (c.has(0) && c.wallet() != null && !c.wallet().equals(n)) {
                        throw new FakeRpcException(-8, "RPC endpoint wallet and wallet_name parameter specify different wallets");
                    }
                    if (n == null || !loaded.remove(n)) {
                        throw new FakeRpcException(-18, "Requested wallet does not exist or is not loaded");
                    }
                    return J.objectNode();
                })));
        r.register(m("restorewallet", "Restores and loads a wallet from backup.", List.of(
                required("wallet_name", Type.STR, "The name that will be applied to the restored wallet."),
                required("backup_file", Type.STR, "The backup file that will be used to restore the wallet."),
                optional("load_on_startup", Type.BOOL, "Load on startup.")), this::restore));
        r.register(m("backupwallet", "Safely copies the current wallet file to the specified destination.", List.of(
                required("destination", Type.STR, "The destination directory or file.")), c -> sync(() -> {
                    FakeWallet w = wallet(c);
                    Path dest = Path.of(c.str(0, ""));
                    try {
                        Files.writeString(dest, "fake wallet backup of " + w.name + "\n", StandardCharsets.UTF_8);
                    } catch (IOException | RuntimeException e) {
                        throw new FakeRpcException(-4, "Error: Wallet backup failed!");
                    }
                    backups.put(dest.toAbsolutePath().toString(), w.copy(w.name));
                    return NullNode.getInstance();
                })));
        r.register(m("getbalances", "Returns an object with all balances in BTC.", List.of(), c -> sync(() -> balances(wallet(c)))));
        r.register(m("getbalance", "Returns the total available balance.", List.of(
                optional("dummy", Type.STR, "Remains for backward compatibility. Must be excluded or set to \"*\"."),
                optional("minconf", Type.NUM, "Only include transactions confirmed at least this many times."),
                optional("include_watchonly", Type.BOOL, "No longer used"),
                optional("avoid_reuse", Type.BOOL, "Do not include balance in dirty outputs")),
                c -> sync(() -> FakeRpcHandlers.amount(trusted(wallet(c))))));
        r.register(m("listdescriptors", "List all descriptors present in a wallet.", List.of(
                optional("private", Type.BOOL, "Show private descriptors.")), c -> sync(() -> {
                    FakeWallet w = wallet(c);
                    boolean priv = c.bool(0, false);
                    ObjectNode d = J.objectNode();
                    d.put("desc", "wpkh(" + (priv ? TPRV : TPUB) + "/84h/1h/0h/0/*)");
                    d.put("timestamp", w.birth).put("active", true).put("internal", false);
                    ObjectNode o = J.objectNode().put("wallet_name", w.name);
                    o.putArray("descriptors").add(d);
                    return o;
                })));
        r.register(m("getwalletinfo", "Returns an object containing various wallet state info.", List.of(), c -> sync(() -> walletInfo(wallet(c)))));
        r.register(m("getrawchangeaddress", "Returns a new Bitcoin address, for receiving change.", List.of(
                optional("address_type", Type.STR, "The address type to use. Options are \"legacy\", \"p2sh-segwit\", \"bech32\", and \"bech32m\".")),
                c -> sync(() -> J.textNode(wallet(c).newAddress("", c.str(0, "bech32"), true).address()))));
        r.register(m("getnewaddress", "Returns a new Bitcoin address for receiving payments.", List.of(
                optional("label", Type.STR, "The label name for the address to be linked to."),
                optional("address_type", Type.STR, "The address type to use. Options are \"legacy\", \"p2sh-segwit\", \"bech32\", and \"bech32m\".")),
                c -> sync(() -> {
                    FakeWallet w = wallet(c);
                    String type = c.str(1, "bech32");
                    if (!List.of("legacy", "p2sh-segwit", "bech32", "bech32m").contains(type)) {
                        throw new FakeRpcException(-5, "Unknown address type '" + type + "'");
                    }
                    return J.textNode(w.newAddress(c.str(0, ""), type, false).address());
                })));
        r.register(m("setlabel", "Sets the label associated with the given address.", List.of(
                required("address", Type.STR, "The bitcoin address to be associated with a label."),
                required("label", Type.STR, "The label to assign to the address.")), c -> sync(() -> {
                    FakeWallet w = wallet(c);
                    try {
                        FakeAddress.toScriptPubKey(c.str(0, ""));
                    } catch (IllegalArgumentException e) {
                        throw new FakeRpcException(-5, "Invalid Bitcoin address");
                    }
                    if (c.str(1, "").equals("*")) {
                        throw new FakeRpcException(-11, "Invalid label name");
                    }
                    w.setLabel(c.str(0, ""), c.str(1, ""));
                    return NullNode.getInstance();
                })));
        r.register(m("listlabels", "Returns the list of all labels, or labels that are assigned to addresses with a specific purpose.", List.of(
                optional("purpose", Type.STR, "Address purpose to list labels for ('send','receive'). An empty string is the same as not providing this argument.")),
                c -> sync(() -> {
                    FakeWallet w = wallet(c);
                    String purpose = c.str(0, "");
                    if (!purpose.isEmpty() && !purpose.equals("send") && !purpose.equals("receive")) {
                        throw new FakeRpcException(-8, "Invalid 'purpose' argument, must be a known purpose string, typically 'send', or 'receive'.");
                    }
                    java.util.TreeSet<String> labels = new java.util.TreeSet<>(); // sorted, as the node's std::set (for text below U+D800 the orders agree)
                    w.addressBook().values().stream().filter(e -> purpose.isEmpty() || e[1].equals(purpose)).forEach(e -> labels.add(e[0]));
                    ArrayNode a = J.arrayNode();
                    labels.forEach(a::add);
                    return a;
                })));
        r.register(m("getaddressesbylabel", "Returns the list of addresses assigned the specified label.", List.of(
                required("label", Type.STR, "The label.")), c -> sync(() -> {
                    FakeWallet w = wallet(c);
                    String label = c.str(0, "");
                    if (label.equals("*")) {
                        throw new FakeRpcException(-11, "Invalid label name");
                    }
                    ObjectNode o = J.objectNode();
                    w.addressBook().forEach((addr, e) -> {
                        if (e[0].equals(label)) {
                            o.putObject(addr).put("purpose", e[1]);
                        }
                    });
                    if (o.isEmpty()) {
                        throw new FakeRpcException(-11, "No addresses with label " + label);
                    }
                    return o;
                })));
        r.register(m("walletpassphrase", "Stores the wallet decryption key in memory for 'timeout' seconds.", List.of(
                required("passphrase", Type.STR, "The wallet passphrase"),
                required("timeout", Type.NUM, "The time to keep the decryption key in seconds")), c -> sync(() -> {
                    FakeWallet w = wallet(c);
                    if (!w.encrypted()) {
                        throw new FakeRpcException(-15, "Error: running with an unencrypted wallet, but walletpassphrase was called.");
                    }
                    long timeout = c.num(1, 0);
                    if (timeout < 0) {
                        throw new FakeRpcException(-8, "Timeout cannot be negative.");
                    }
                    if (!w.checkPassphrase(c.str(0, ""))) {
                        throw new FakeRpcException(-14, "Error: The wallet passphrase entered was incorrect.");
                    }
                    w.unlockedUntil = node.chain().now() + Math.min(timeout, 100_000_000L);
                    return NullNode.getInstance();
                })));
        r.register(m("walletlock", "Removes the wallet encryption key from memory, locking the wallet.", List.of(), c -> sync(() -> {
            FakeWallet w = wallet(c);
            if (!w.encrypted()) {
                throw new FakeRpcException(-15, "Error: running with an unencrypted wallet, but walletlock was called.");
            }
            w.unlockedUntil = 0;
            return NullNode.getInstance();
        })));
        r.register(m("encryptwallet", "Encrypts the wallet with 'passphrase'.", List.of(
                required("passphrase", Type.STR, "The pass phrase to encrypt the wallet with. It must be at least 1 character, but should be long.")),
                c -> sync(() -> {
                    FakeWallet w = wallet(c);
                    if (w.encrypted()) {
                        throw new FakeRpcException(-15, "Error: running with an encrypted wallet, but encryptwallet was called.");
                    }
                    String p = c.str(0, "");
                    if (p.isEmpty()) {
                        throw new FakeRpcException(-8, "passphrase cannot be empty");
                    }
                    w.setPassphrase(p.toCharArray());
                    return J.textNode("wallet encrypted; The keypool has been flushed and a new HD seed was generated. "
                            + "You need to make a new backup with the backupwallet RPC.");
                })));
        r.register(m("walletpassphrasechange", "Changes the wallet passphrase from 'oldpassphrase' to 'newpassphrase'.", List.of(
                required("oldpassphrase", Type.STR, "The current passphrase"),
                required("newpassphrase", Type.STR, "The new passphrase")), c -> sync(() -> {
                    FakeWallet w = wallet(c);
                    if (!w.encrypted()) {
                        throw new FakeRpcException(-15, "Error: running with an unencrypted wallet, but walletpassphrasechange was called.");
                    }
                    String old = c.str(0, "");
                    String neu = c.str(1, "");
                    if (old.isEmpty() || neu.isEmpty()) {
                        throw new FakeRpcException(-8, "passphrase cannot be empty");
                    }
                    if (!w.checkPassphrase(old)) {
                        throw new FakeRpcException(-14, "Error: The wallet passphrase entered was incorrect.");
                    }
                    long until = w.unlockedUntil;
                    w.setPassphrase(neu.toCharArray());
                    w.unlockedUntil = until; // Bitcoin Core's ChangeWalletPassphrase keeps the lock state
                    return NullNode.getInstance();
                })));
        r.register(m("signmessage", "Sign a message with the private key of an address", List.of(
                required("address", Type.STR, "The bitcoin address to use for the private key."),
                required("message", Type.STR, "The message to create a signature of.")), c -> sync(() -> {
                    FakeWallet w = wallet(c);
                    if (!w.unlocked(node.chain().now())) {
                        throw new FakeRpcException(-13, "Error: Please enter the wallet passphrase with walletpassphrase first.");
                    }
                    byte[] script = messageKeyScript(c.str(0, ""));
                    if (w.byScript(script) == null) {
                        throw new FakeRpcException(-4, "Private key not available");
                    }
                    return J.textNode(fakeMessageSignature(script, c.str(1, "")));
                })));
        r.register(m("walletcreatefundedpsbt", "Creates and funds a transaction in the Partially Signed Transaction format.", List.of(
                optional("inputs", Type.ARR, "Leave empty to add inputs automatically."),
                required("outputs", Type.ANY, "The outputs specified as key-value pairs."),
                optional("locktime", Type.NUM, "Raw locktime."),
                optional("options", Type.OBJ, "Options: fee_rate, conf_target, replaceable, subtractFeeFromOutputs, …"),
                optional("bip32derivs", Type.BOOL, "Include BIP 32 derivation paths for public keys if we know them"),
                optional("version", Type.NUM, "Transaction version")), c -> sync(() -> fund(wallet(c), c))));
        r.register(m("walletprocesspsbt", "Update a PSBT with input information from our wallet and then sign inputs that we can sign for.", List.of(
                required("psbt", Type.STR, "The transaction base64 string"),
                optional("sign", Type.BOOL, "Also sign the transaction when updating"),
                optional("sighashtype", Type.STR, "The signature hash type to sign with if not specified by the PSBT."),
                optional("bip32derivs", Type.BOOL, "Include BIP 32 derivation paths for public keys if we know them"),
                optional("finalize", Type.BOOL, "Also finalize inputs if possible")), c -> sync(() -> process(wallet(c), c.str(0, ""), c.bool(4, true)))));
        r.register(m("getaddressinfo", "Return information about the given bitcoin address.", List.of(
                required("address", Type.STR, "The bitcoin address for which to get information.")), c -> sync(() -> addressInfo(wallet(c), c.str(0, "")))));
        r.register(m("listtransactions", "Returns up to 'count' most recent transactions skipping the first 'from' transactions.", List.of(
                optional("label", Type.STR, "If set, should be a valid label name to return only incoming transactions with the specified label, or \"*\" to disable filtering and return all transactions."),
                optional("count", Type.NUM, "The number of transactions to return"),
                optional("skip", Type.NUM, "The number of transactions to skip"),
                optional("include_watchonly", Type.BOOL, "No longer used")), c -> sync(() -> list(wallet(c), c))));
        r.register(m("listsinceblock", "Get all transactions in blocks since block [blockhash], or all transactions if omitted.", List.of(
                optional("blockhash", Type.STR, "If set, the block hash to list transactions since, otherwise list all transactions."),
                optional("target_confirmations", Type.NUM, "Return the nth block hash from the main chain."),
                optional("include_watchonly", Type.BOOL, "No longer used"),
                optional("include_removed", Type.BOOL, "Show transactions that were removed due to a reorg in the \"removed\" array"),
                optional("include_change", Type.BOOL, "Also add entries for change outputs."),
                optional("label", Type.STR, "Return only incoming transactions paying to addresses with the specified label.")),
                c -> sync(() -> sinceBlock(wallet(c), c.str(0, "")))));
        r.register(m("gettransaction", "Get detailed information about in-wallet transaction <txid>", List.of(
                required("txid", Type.STR_HEX, "The transaction id"),
                optional("include_watchonly", Type.BOOL, "No longer used"),
                optional("verbose", Type.BOOL, "Whether to include a `decoded` field containing the decoded transaction")),
                c -> sync(() -> getTransaction(wallet(c), c.str(0, ""), c.bool(2, false)))));
        for (boolean psbt : new boolean[] {false, true}) {
            r.register(m(psbt ? "psbtbumpfee" : "bumpfee", "Bumps the fee of a transaction T, replacing it with a new transaction B.", List.of(
                    required("txid", Type.STR_HEX, "The txid to be bumped"),
                    optional("options", Type.OBJ, "conf_target, fee_rate, replaceable, estimate_mode, outputs, original_change_index")),
                    c -> sync(() -> bump(wallet(c), c.str(0, ""), c.has(1) ? c.param(1) : J.objectNode(), psbt))));
        }
        r.register(m("listunspent", "Returns array of unspent transaction outputs with between minconf and maxconf (inclusive) confirmations.", List.of(
                optional("minconf", Type.NUM, "The minimum confirmations to filter"),
                optional("maxconf", Type.NUM, "The maximum confirmations to filter"),
                optional("addresses", Type.ARR, "The bitcoin addresses to filter"),
                optional("include_unsafe", Type.BOOL, "Include outputs that are not safe to spend"),
                optional("query_options", Type.OBJ, "minimumAmount, maximumAmount, minimumSumAmount, maximumCount, include_immature_coinbase")),
                c -> sync(() -> listUnspent(wallet(c), c.has(0) ? c.num(0, 1) : 1, c.has(1) ? c.num(1, 9999999) : 9999999,
                        !c.has(3) || c.bool(3, true)))));
        r.register(m("lockunspent", "Updates list of temporarily unspendable outputs.", List.of(
                required("unlock", Type.BOOL, "Whether to unlock (true) or lock (false) the specified transactions"),
                optional("transactions", Type.ARR, "The transaction outputs and within each, the txid (string) vout (numeric)."),
                optional("persistent", Type.BOOL, "Whether to write/erase this lock in the wallet database, or keep the change in memory only. Ignored for unlocking.")),
                c -> sync(() -> lockUnspent(wallet(c), c.bool(0, false), c.has(1) ? c.param(1) : J.arrayNode(), c.has(2) && c.bool(2, false)))));
        r.register(m("listlockunspent", "Returns list of temporarily unspendable outputs.", List.of(), c -> sync(() -> {
            ArrayNode a = J.arrayNode();
            for (String op : wallet(c).locked) {
                int i = op.indexOf(':');
                a.addObject().put("txid", op.substring(0, i)).put("vout", Integer.parseInt(op.substring(i + 1)));
            }
            return a;
        })));
        if (r.method("validateaddress").isEmpty()) {
            r.register(new FakeRpcMethod("validateaddress", "util", "Return information about the given bitcoin address.",
                    List.of(required("address", Type.STR, "The bitcoin address to validate")), c -> validate(c.str(0, ""))));
        }
        if (r.method("verifymessage").isEmpty()) {
            r.register(new FakeRpcMethod("verifymessage", "util", "Verify a signed message.",
                    List.of(required("address", Type.STR, "The bitcoin address to use for the signature."),
                            required("signature", Type.STR, "The signature provided by the signer in base 64 encoding (see signmessage)."),
                            required("message", Type.STR, "The message that was signed.")), c -> {
                        byte[] script = messageKeyScript(c.str(0, ""));
                        byte[] sig;
                        try {
                            sig = Base64.getDecoder().decode(c.str(1, ""));
                        } catch (IllegalArgumentException e) {
                            throw new FakeRpcException(-3, "Malformed base64 encoding");
                        }
                        return J.booleanNode(sig.length == 65 && c.str(1, "").equals(fakeMessageSignature(script, c.str(2, ""))));
                    }));
        }
        if (r.method("estimatesmartfee").isEmpty()) {
            r.register(new FakeRpcMethod("estimatesmartfee", "util", "Estimates the approximate fee per kilobyte needed for a transaction to begin confirmation within conf_target blocks if possible.",
                    List.of(required("conf_target", Type.NUM, "Confirmation target in blocks (1 - 1008)"),
                            optional("estimate_mode", Type.STR, "The fee estimate mode.")), c -> {
                        long t = c.num(0, 0);
                        if (t < 1 || t > 1008) {
                            throw new FakeRpcException(-8, "Invalid conf_target, must be between 1 and 1008");
                        }
                        ObjectNode o = J.objectNode();
                        BigDecimal est = node.feeEstimate(t);
                        if (est == null) {
                            o.putArray("errors").add("Insufficient data or no feerate found");
                            o.put("blocks", 0);
                        } else {
                            o.put("feerate", est.movePointLeft(5).setScale(8, RoundingMode.HALF_UP));
                            o.put("blocks", Math.max(2, t));
                        }
                        return o;
                    }));
        }
        if (r.method("decodepsbt").isEmpty()) {
            r.register(new FakeRpcMethod("decodepsbt", "rawtransactions", "Return a JSON object representing the serialized, base64-encoded partially signed Bitcoin transaction.",
                    List.of(required("psbt", Type.STR, "The PSBT base64 string")), c -> sync(() -> decode(c.str(0, "")))));
            r.register(new FakeRpcMethod("combinepsbt", "rawtransactions", "Combine multiple partially signed Bitcoin transactions into one transaction.",
                    List.of(required("txs", Type.ARR, "The base64 strings of partially signed transactions")), c -> sync(() -> combine(c.param(0)))));
            r.register(new FakeRpcMethod("finalizepsbt", "rawtransactions", "Finalize the inputs of a PSBT.",
                    List.of(required("psbt", Type.STR, "A base64 string of a PSBT"),
                            optional("extract", Type.BOOL, "If true and the transaction is complete, extract and return the complete transaction in normal network serialization instead of the PSBT.")),
                    c -> sync(() -> finalizePsbt(c.str(0, ""), c.bool(1, true)))));
        }
        if (r.method("enumeratesigners").isEmpty()) {
            // the fake runs no -signer tool: the real node's answer without -signer
            r.register(new FakeRpcMethod("enumeratesigners", "signer", "Returns a list of external signers from -signer.", List.of(),
                    c -> {
                        throw new FakeRpcException(-1, "Error: restart bitcoind with -signer=<cmd>");
                    }));
        }
        if (r.method("analyzepsbt").isEmpty()) {
            r.register(new FakeRpcMethod("analyzepsbt", "rawtransactions", "Analyzes and provides information about the current status of a PSBT and its inputs",
                    List.of(required("psbt", Type.STR, "A base64 string of a PSBT")), c -> sync(() -> analyze(c.str(0, "")))));
        }
    }

    private static FakeRpcMethod m(String name, String description, List<FakeRpcArg> args, FakeRpcMethod.Handler h) {
        return new FakeRpcMethod(name, "wallet", description, args, h);
    }

    /** Work under the plugin's lock. */
    @FunctionalInterface
    private interface Body {
        JsonNode run() throws FakeRpcException;
    }

    private synchronized JsonNode sync(Body b) throws FakeRpcException {
        return b.run();
    }

    /** The wallet a call is for: the URI's, or the only loaded one ({@code GetWalletForJSONRPCRequest}). */
    /**
     * The P2PKH script of a message-signing address, as {@code signmessage}/{@code verifymessage} check it
     * ({@code src/wallet/rpc/signmessage.cpp}, {@code src/common/signmessage.cpp}): -5 "Invalid address" for a
     * string that is no address, -3 "Address does not refer to key" for any other kind of address.
     */
    private static byte[] messageKeyScript(String address) throws FakeRpcException {
        byte[] script;
        try {
            script = FakeAddress.toScriptPubKey(address);
        } catch (IllegalArgumentException e) {
            throw new FakeRpcException(-5, "Invalid address");
        }
        if (!FakeAddress.type(script).equals("pubkeyhash")) {
            throw new FakeRpcException(-3, "Address does not refer to key");
        }
        return script;
    }

    /**
     * A stand-in for a compact message signature: 65 bytes in base64 like Bitcoin Core's (header byte 31,
     * a compressed key's recovery id 0), the rest a hash of the key's script and the message, so that
     * {@code verifymessage} of this fake accepts exactly what this fake signed. Not ECDSA.
     */
    static String fakeMessageSignature(byte[] script, String message) {
        byte[] h1 = Hashes.sha256(Bytes.concat(script, message.getBytes(StandardCharsets.UTF_8)));
        byte[] h2 = Hashes.sha256(h1);
        return Base64.getEncoder().encodeToString(Bytes.concat(new byte[] {31}, Bytes.concat(h1, h2)));
    }

    private FakeWallet wallet(FakeRpcCall c) throws FakeRpcException {
        String n = c.wallet();
        if (n != null) {
            if (!loaded.contains(n)) {
                throw new FakeRpcException(-18, "Requested wallet does not exist or is not loaded");
            }
            return onDisk.get(n);
        }
        if (loaded.size() == 1) {
            return onDisk.get(loaded.iterator().next());
        }
        if (loaded.isEmpty()) {
            throw new FakeRpcException(-18, "No wallet is loaded. Load a wallet using loadwallet or create a new one with createwallet. "
                    + "(Note: A default wallet is no longer automatically created)");
        }
        throw new FakeRpcException(-19, "Multiple wallets are loaded. Please select which wallet to use by requesting the RPC through "
                + "the /wallet/<walletname> URI path.");
    }

    private String path(String wallet) {
        return node.options().networkDir().resolve("wallets").resolve(wallet).toString();
    }

    private JsonNode createWallet(FakeRpcCall c) throws FakeRpcException {
        return sync(() -> {
            String n = c.str(0, "");
            if (c.has(5) && !c.bool(5, true)) {
                throw new FakeRpcException(-4, "Error: Legacy wallets are no longer supported");
            }
            if (onDisk.containsKey(n)) {
                throw new FakeRpcException(-4, "Wallet file verification failed. Failed to create database path '" + path(n)
                        + "'. Database already exists.");
            }
            FakeWallet w = new FakeWallet(n, c.str(3, "").toCharArray());
            w.noPrivateKeys = c.bool(1, false);
            w.blank = c.bool(2, false);
            onDisk.put(n, w);
            loaded.add(n);
            return J.objectNode().put("name", n);
        });
    }

    private JsonNode restore(FakeRpcCall c) throws FakeRpcException {
        return sync(() -> {
            String name = c.str(0, "");
            Path f = Path.of(c.str(1, ""));
            if (!Files.exists(f)) {
                throw new FakeRpcException(-8, "Backup file does not exist");
            }
            if (onDisk.containsKey(name)) {
                throw new FakeRpcException(-36, "Failed to restore wallet. Database file exists in '" + path(name) + "/wallet.dat'.");
            }
            FakeWallet b = backups.get(f.toAbsolutePath().toString());
            if (b == null) {
                throw new FakeRpcException(-4, "Wallet file verification failed. " + f + " is not a wallet backup");
            }
            onDisk.put(name, b.copy(name));
            loaded.add(name);
            return J.objectNode().put("name", name);
        });
    }

    private static String outpoint(String txid, long n) {
        return txid + ":" + n;
    }

    /** Finds the wallet's transactions and outputs in the chain, then the mempool, in order. */
    private Scan scan(FakeWallet w) {
        Set<String> scripts = w.scriptHexes();
        Map<String, Owned> owned = new LinkedHashMap<>();
        List<Seen> seen = new ArrayList<>();
        for (FakeChain.Entry e : node.chain().blocks()) {
            List<FakeTx> txs = e.block().txs();
            for (int i = 0; i < txs.size(); i++) {
                consider(txs.get(i), e.height(), e.hashHex(), e.block().time(), i, e.block().time(), scripts, owned, seen);
            }
        }
        for (FakeChain.MempoolEntry m : node.chain().mempool()) {
            consider(m.tx(), -1, null, 0, -1, m.time(), scripts, owned, seen);
        }
        return new Scan(seen, new ArrayList<>(owned.values()));
    }

    private static void consider(FakeTx tx, int height, String blockHash, long blockTime, int index, long time, Set<String> scripts,
                                 Map<String, Owned> owned, List<Seen> seen) {
        long debit = 0;
        boolean fromMe = false;
        if (!tx.isCoinbase()) {
            for (FakeTx.Input in : tx.inputs()) {
                Owned o = owned.get(outpoint(Hashes.displayHex(in.prevTxid()), in.prevIndex()));
                if (o != null) {
                    o.spent = true;
                    debit += o.valueSat;
                    fromMe = true;
                }
            }
        }
        boolean credit = tx.outputs().stream().anyMatch(o -> scripts.contains(Hashes.hex(o.scriptPubKey())));
        if (!fromMe && !credit) {
            return;
        }
        String txid = tx.txidHex();
        Seen s = new Seen(tx, txid, height, blockHash, blockTime, index, time, fromMe, debit);
        seen.add(s);
        for (int i = 0; i < tx.outputs().size(); i++) {
            FakeTx.Output o = tx.outputs().get(i);
            if (scripts.contains(Hashes.hex(o.scriptPubKey()))) {
                owned.put(outpoint(txid, i), new Owned(txid, i, o.valueSat(), o.scriptPubKey(), s));
            }
        }
    }

    private int confirmations(Seen s) {
        return s.height() < 0 ? 0 : node.chain().height() - s.height() + 1;
    }

    private boolean immature(Seen s) {
        return s.coinbase() && confirmations(s) <= MATURITY;
    }

    private long[] balanceSat(FakeWallet w) {
        long trusted = 0;
        long pending = 0;
        long immature = 0;
        for (Owned o : scan(w).outputs()) {
            if (o.spent) {
                continue;
            }
            if (immature(o.in)) {
                immature += o.valueSat;
            } else if (o.in.height() < 0 && !o.in.fromMe()) {
                pending += o.valueSat;
            } else {
                trusted += o.valueSat;
            }
        }
        return new long[] {trusted, pending, immature};
    }

    private long trusted(FakeWallet w) {
        return balanceSat(w)[0];
    }

    private void lastProcessed(ObjectNode o) {
        FakeChain.Entry tip = node.chain().tip();
        o.putObject("lastprocessedblock").put("hash", tip.hashHex()).put("height", tip.height());
    }

    private ObjectNode balances(FakeWallet w) {
        long[] b = balanceSat(w);
        ObjectNode o = J.objectNode();
        ObjectNode mine = o.putObject("mine");
        mine.set("trusted", FakeRpcHandlers.amount(b[0]));
        mine.set("untrusted_pending", FakeRpcHandlers.amount(b[1]));
        mine.set("immature", FakeRpcHandlers.amount(b[2]));
        mine.set("nonmempool", FakeRpcHandlers.amount(0));
        lastProcessed(o);
        return o;
    }

    private ObjectNode walletInfo(FakeWallet w) {
        ObjectNode o = w.walletInfoFields(scan(w).txs().size(), node.chain().now());
        lastProcessed(o);
        return o;
    }

    private ObjectNode base(Seen s) {
        ObjectNode e = J.objectNode();
        int conf = confirmations(s);
        e.put("confirmations", conf);
        if (s.coinbase()) {
            e.put("generated", true);
        }
        if (conf == 0) {
            e.put("trusted", s.fromMe());
        } else {
            e.put("blockhash", s.blockHash());
            e.put("blockheight", s.height());
            e.put("blockindex", s.blockIndex());
            e.put("blocktime", s.blockTime());
        }
        e.put("txid", s.txid());
        e.put("wtxid", s.tx().wtxidHex());
        e.putArray("alternate_wtxids"); // wtxids of other witnesses of the same txid: the fake keeps one
        e.putArray("walletconflicts");
        e.putArray("mempoolconflicts");
        e.put("time", s.time());
        e.put("timereceived", s.time());
        return e;
    }

    private long fee(Seen s) {
        return s.fromMe() ? s.debitSat() - s.tx().outputSat() : 0;
    }

    /**
     * A coin's {@code parent_descs} ({@code PushParentDescriptors}, {@code src/wallet/rpc/util.cpp}): the one
     * descriptor of the wallet's receive or change branch, by type and shape only (the fake wallet has no descriptors).
     */
    private static ArrayNode parentDescs(FakeWallet.Addr mine) {
        ArrayNode a = J.arrayNode();
        a.add("wpkh(" + TPUB + "/84h/1h/0h/" + (mine != null && mine.change() ? 1 : 0) + "/*)#fakedesc");
        return a;
    }

    /** The listtransactions entries of one transaction ({@code ListTransactions}): sends (not to our change), then receives. */
    private List<ObjectNode> entries(FakeWallet w, Seen s) {
        List<ObjectNode> out = new ArrayList<>();
        if (s.fromMe()) {
            for (int i = 0; i < s.tx().outputs().size(); i++) {
                FakeTx.Output o = s.tx().outputs().get(i);
                FakeWallet.Addr mine = w.byScript(o.scriptPubKey());
                if (mine != null && mine.change()) {
                    continue;
                }
                ObjectNode e = J.objectNode();
                e.put("address", FakeAddress.fromScriptPubKey(o.scriptPubKey()).orElse(""));
                e.put("category", "send");
                e.set("amount", FakeRpcHandlers.amount(-o.valueSat()));
                e.put("label", w.labelOf(o.scriptPubKey()));
                e.put("vout", i);
                e.set("fee", FakeRpcHandlers.amount(-fee(s)));
                e.setAll(base(s));
                e.put("abandoned", false);
                out.add(e);
            }
        }
        for (int i = 0; i < s.tx().outputs().size(); i++) {
            FakeTx.Output o = s.tx().outputs().get(i);
            FakeWallet.Addr mine = w.byScript(o.scriptPubKey());
            if (mine == null || mine.change()) {
                continue;
            }
            ObjectNode e = J.objectNode();
            e.put("address", mine.address());
            e.set("parent_descs", parentDescs(mine));
            e.put("category", s.coinbase() ? (immature(s) ? "immature" : "generate") : "receive");
            e.set("amount", FakeRpcHandlers.amount(o.valueSat()));
            e.put("label", mine.label());
            e.put("vout", i);
            e.put("abandoned", false);
            e.setAll(base(s));
            out.add(e);
        }
        return out;
    }

    private ArrayNode list(FakeWallet w, FakeRpcCall c) throws FakeRpcException {
        long count = c.num(1, 10);
        long skip = c.num(2, 0);
        if (count < 0) {
            throw new FakeRpcException(-8, "Negative count");
        }
        if (skip < 0) {
            throw new FakeRpcException(-8, "Negative from");
        }
        List<ObjectNode> all = new ArrayList<>();
        for (Seen s : scan(w).txs()) {
            all.addAll(entries(w, s));
        }
        int end = (int) Math.max(0, all.size() - skip);
        int start = (int) Math.max(0, end - count);
        ArrayNode a = J.arrayNode();
        all.subList(start, end).forEach(a::add);
        return a;
    }

    /** {@code listsinceblock blockhash} with target_confirmations 1 ({@code ListSinceBlock}): rows in later blocks and the mempool. */
    private ObjectNode sinceBlock(FakeWallet w, String blockHash) throws FakeRpcException {
        int since = -1;
        if (!blockHash.isEmpty()) {
            if (blockHash.length() != 64) {
                throw new FakeRpcException(-8, "blockhash must be of length 64 (not " + blockHash.length() + ", for '" + blockHash + "')");
            }
            since = node.chain().byHash(blockHash).orElseThrow(() -> new FakeRpcException(-5, "Block not found")).height();
        }
        ObjectNode o = J.objectNode();
        ArrayNode txs = o.putArray("transactions");
        for (Seen s : scan(w).txs()) {
            if (s.height() < 0 || s.height() > since) {
                entries(w, s).forEach(txs::add);
            }
        }
        o.putArray("removed");
        o.put("lastblock", node.chain().tip().hashHex());
        return o;
    }

    private ObjectNode getTransaction(FakeWallet w, String txid, boolean verbose) throws FakeRpcException {
        if (txid.length() != 64) {
            throw new FakeRpcException(-8, "txid must be of length 64 (not " + txid.length() + ", for '" + txid + "')");
        }
        Seen s = scan(w).txs().stream().filter(x -> x.txid().equals(txid)).findFirst()
                .orElseThrow(() -> new FakeRpcException(-5, "Invalid or non-wallet transaction id"));
        long credit = 0;
        for (FakeTx.Output o : s.tx().outputs()) {
            if (w.byScript(o.scriptPubKey()) != null) {
                credit += o.valueSat();
            }
        }
        long net = credit - s.debitSat();
        long fee = s.fromMe() ? -fee(s) : 0;
        ObjectNode o = J.objectNode();
        o.set("amount", FakeRpcHandlers.amount(net - fee));
        if (s.fromMe()) {
            o.set("fee", FakeRpcHandlers.amount(fee));
        }
        o.setAll(base(s));
        ArrayNode details = o.putArray("details");
        for (ObjectNode e : entries(w, s)) {
            ObjectNode d = details.addObject();
            for (String k : List.of("address", "parent_descs", "category", "amount", "label", "vout", "fee", "abandoned")) {
                if (e.has(k)) {
                    d.set(k, e.get(k));
                }
            }
        }
        o.put("hex", Hashes.hex(s.tx().serialize()));
        if (verbose) {
            ObjectNode d = FakeChainRpc.decodeTx(s.tx(), null, false);
            for (int i = 0; i < s.tx().outputs().size(); i++) {
                FakeWallet.Addr mine = w.byScript(s.tx().outputs().get(i).scriptPubKey());
                if (mine != null && mine.change()) {
                    ((ObjectNode) d.path("vout").path(i)).put("ischange", true);
                }
            }
            o.set("decoded", d);
        }
        lastProcessed(o);
        return o;
    }

    /** Replaced transactions ({@code bumpfee}): txid → the replacement's txid. */
    private final Map<String, String> replacedBy = new HashMap<>();

    /** {@code FormatMoney}: BTC with trailing zeros dropped, at least 2 decimals. */
    private static String money(long sat) {
        BigDecimal d = BigDecimal.valueOf(sat, 8).stripTrailingZeros();
        return (d.scale() < 2 ? d.setScale(2) : d).toPlainString();
    }

    /**
     * {@code bumpfee}/{@code psbtbumpfee txid {fee_rate, outputs}} ({@code src/wallet/feebumper.cpp}), with Core's checks and
     * texts: the same inputs; without {@code outputs} the change pays the fee increase, with {@code outputs} paying only
     * the wallet's change address the one output pays it; no inputs are added (the fake refuses when the change cannot
     * pay). bumpfee replaces the transaction in the mempool; psbtbumpfee only returns the PSBT.
     */
    private ObjectNode bump(FakeWallet w, String txid, JsonNode opt, boolean psbt) throws FakeRpcException {
        if (txid.length() != 64) {
            throw new FakeRpcException(-8, "txid must be of length 64 (not " + txid.length() + ", for '" + txid + "')");
        }
        if (!w.unlocked(node.chain().now())) {
            throw new FakeRpcException(-13, "Error: Please enter the wallet passphrase with walletpassphrase first.");
        }
        if (replacedBy.containsKey(txid)) {
            throw new FakeRpcException(-4, "Cannot bump transaction " + txid + " which was already bumped by transaction " + replacedBy.get(txid));
        }
        Scan sc = scan(w);
        Seen s = sc.txs().stream().filter(x -> x.txid().equals(txid)).findFirst()
                .orElseThrow(() -> new FakeRpcException(-5, "Invalid or non-wallet transaction id"));
        if (s.height() >= 0 && !s.tx().inputs().isEmpty()) {
            // its inputs are spent in the chain: the coin lookup before PreconditionChecks fails first (MISC_ERROR)
            FakeTx.Input first = s.tx().inputs().get(0);
            throw new FakeRpcException(-1, Hashes.displayHex(first.prevTxid()) + ":" + first.prevIndex() + " is already spent");
        }
        if (sc.outputs().stream().anyMatch(o -> o.txid.equals(txid) && o.spent)) {
            throw new FakeRpcException(-8, "Transaction has descendants in the wallet");
        }
        for (FakeChain.MempoolEntry m : node.chain().mempool()) {
            for (FakeTx.Input in : m.tx().inputs()) {
                if (Hashes.displayHex(in.prevTxid()).equals(txid)) {
                    throw new FakeRpcException(-8, "Transaction has descendants in the mempool");
                }
            }
        }
        if (s.height() >= 0) {
            throw new FakeRpcException(-4, "Transaction has been mined, or is conflicted with a mined transaction");
        }
        long inSum = 0;
        for (FakeTx.Input in : s.tx().inputs()) {
            String prev = Hashes.displayHex(in.prevTxid());
            Owned o = sc.outputs().stream().filter(x -> x.txid.equals(prev) && x.vout == in.prevIndex()).findFirst().orElse(null);
            if (o == null) {
                throw new FakeRpcException(-4, "Transaction contains inputs that don't belong to this wallet");
            }
            inSum += o.valueSat;
        }
        long oldFee = fee(s);
        BigDecimal rate = opt.has("fee_rate") ? opt.get("fee_rate").decimalValue() : node.feeEstimate(opt.path("conf_target").asInt(6));
        if (rate == null) {
            throw new FakeRpcException(-4, "Fee estimation failed. Fallbackfee is disabled. Wait a few blocks or enable -fallbackfee.");
        }
        List<FakeTx.Output> outs = new ArrayList<>();
        if (opt.has("outputs")) {
            JsonNode given = opt.get("outputs");
            if (given.isArray() && given.isEmpty()) {
                throw new FakeRpcException(-8, "Invalid parameter, output argument cannot be an empty array");
            }
            for (JsonNode o : given.isArray() ? given : J.arrayNode().add(given)) {
                for (var it = o.fields(); it.hasNext(); ) {
                    var f = it.next();
                    byte[] script;
                    try {
                        script = FakeAddress.toScriptPubKey(f.getKey());
                    } catch (IllegalArgumentException ex) {
                        throw new FakeRpcException(-5, "Invalid Bitcoin address: " + f.getKey());
                    }
                    outs.add(new FakeTx.Output(sat(f.getValue()), script));
                }
            }
        } else {
            outs.addAll(s.tx().outputs());
        }
        int changeAt = -1;
        for (int i = 0; i < outs.size(); i++) {
            FakeWallet.Addr a = w.byScript(outs.get(i).scriptPubKey());
            if (a != null && a.change()) {
                changeAt = i;
            }
        }
        long outSum = outs.stream().mapToLong(FakeTx.Output::valueSat).sum();
        boolean toChangeOnly = opt.has("outputs") && outs.size() == 1 && changeAt == 0;
        // outputs paying only the wallet's change: that output pays the fee (SFFO) and what the inputs hold beyond the
        // amount given goes to a new change output, if not dust (feebumper: "a new change output will be created")
        long extra = toChangeOnly ? inSum - outSum : 0;
        byte[] extraScript = null;
        if (toChangeOnly && extra > 0) {
            byte[] probeScript = new byte[22];
            probeScript[1] = 20;
            // a change output only if it is worth its cost (the wallet's cost_of_change: creating it at the rate, spending
            // it later at the 3 sat/vB discard rate); else the excess stays in the one output
            if (extra >= dust(probeScript) + fee(rate, 31) + 3 * 68) {
                extraScript = w.newAddress("", "bech32", true).script();
                outs.add(new FakeTx.Output(extra, extraScript));
            }
        }
        FakeTx probe = new FakeTx(2, s.tx().inputs(), outs, 0);
        long vsize = probe.vsize();
        long newFee = fee(rate, vsize);
        long incremental = (100 * vsize + 999) / 1000;
        if (newFee < oldFee + incremental) {
            throw new FakeRpcException(-8, "Insufficient total fee " + money(newFee) + ", must be at least " + money(oldFee + incremental)
                    + " (oldFee " + money(oldFee) + " + incrementalFee " + money(incremental) + ")");
        }
        if (changeAt < 0) {
            throw new FakeRpcException(-4, "Unable to create transaction. Insufficient funds");
        }
        long change = toChangeOnly ? (extraScript != null ? outSum : inSum) - newFee
                : inSum - newFee - (outSum - outs.get(changeAt).valueSat());
        if (change < dust(outs.get(changeAt).scriptPubKey())) {
            throw new FakeRpcException(-4, "Unable to create transaction. Insufficient funds");
        }
        outs.set(changeAt, new FakeTx.Output(change, outs.get(changeAt).scriptPubKey()));
        newFee = inSum - outs.stream().mapToLong(FakeTx.Output::valueSat).sum(); // a dust remainder goes to the fee
        List<FakeTx.Input> ins = new ArrayList<>();
        for (FakeTx.Input in : s.tx().inputs()) {
            ins.add(new FakeTx.Input(in.prevTxid(), in.prevIndex(), in.scriptSig(), 0xfffffffdL, in.witness()));
        }
        FakeTx tx = new FakeTx(2, ins, outs, 0);
        ObjectNode o = J.objectNode();
        if (psbt) {
            List<Owned> coins = new ArrayList<>();
            for (FakeTx.Input in : s.tx().inputs()) {
                String prev = Hashes.displayHex(in.prevTxid());
                sc.outputs().stream().filter(x -> x.txid.equals(prev) && x.vout == in.prevIndex()).findFirst().ifPresent(coins::add);
            }
            Draft draft = new Draft(w.name, tx, newFee, coins, changeAt, false);
            String p = psbtOf(draft);
            drafts.put(p, draft);
            o.put("psbt", p);
        } else {
            node.chain().removeFromMempool(txid);
            node.chain().addToMempool(tx, newFee);
            replacedBy.put(txid, tx.txidHex());
            o.put("txid", tx.txidHex());
        }
        o.set("origfee", FakeRpcHandlers.amount(oldFee));
        o.set("fee", FakeRpcHandlers.amount(newFee));
        o.putArray("errors");
        return o;
    }

    /** Whether coin selection may spend it ({@code listunspent}'s {@code safe}): confirmed, or our own unconfirmed. */
    private static boolean safe(Owned o) {
        return o.in.height() >= 0 || o.in.fromMe();
    }

    /** {@code listunspent minconf maxconf [] include_unsafe} ({@code src/wallet/rpc/coins.cpp}): unspent, not frozen, mature. */
    private ArrayNode listUnspent(FakeWallet w, long minConf, long maxConf, boolean includeUnsafe) {
        ArrayNode a = J.arrayNode();
        for (Owned o : scan(w).outputs()) {
            int conf = confirmations(o.in);
            if (o.spent || w.locked.contains(outpoint(o.txid, o.vout)) || immature(o.in) || conf < minConf || conf > maxConf
                    || (!includeUnsafe && !safe(o))) {
                continue;
            }
            FakeWallet.Addr mine = w.byScript(o.script);
            String address = FakeAddress.fromScriptPubKey(o.script).orElse("");
            ObjectNode e = a.addObject();
            e.put("txid", o.txid);
            e.put("vout", o.vout);
            e.put("address", address);
            if (mine != null && !mine.change()) {
                e.put("label", mine.label());
            }
            e.put("scriptPubKey", Hashes.hex(o.script));
            e.set("amount", FakeRpcHandlers.amount(o.valueSat));
            e.put("confirmations", conf);
            if (conf == 0) {
                FakeChain.MempoolEntry m = node.chain().mempoolEntry(o.txid).orElse(null);
                if (m != null) {
                    e.put("ancestorcount", 1);
                    e.put("ancestorsize", m.tx().vsize());
                    e.put("ancestorfees", m.feeSat());
                }
            }
            e.put("spendable", true);
            e.put("solvable", true);
            e.put("desc", "addr(" + address + ")#fakedesc");
            e.set("parent_descs", parentDescs(mine));
            e.put("safe", safe(o));
        }
        return a;
    }

    /** {@code lockunspent unlock [{txid, vout}…] persistent}, with Bitcoin Core's checks and texts; all or nothing. */
    private JsonNode lockUnspent(FakeWallet w, boolean unlock, JsonNode txs, boolean persistent) throws FakeRpcException {
        if (unlock && txs.isEmpty()) {
            w.locked.clear();
            return J.booleanNode(true);
        }
        Scan sc = scan(w);
        List<String> ops = new ArrayList<>();
        for (JsonNode t : txs) {
            String txid = t.path("txid").asText();
            if (txid.length() != 64) {
                throw new FakeRpcException(-8, "txid must be of length 64 (not " + txid.length() + ", for '" + txid + "')");
            }
            int n = t.path("vout").asInt();
            if (n < 0) {
                throw new FakeRpcException(-8, "Invalid parameter, vout cannot be negative");
            }
            Seen s = sc.txs().stream().filter(x -> x.txid().equals(txid)).findFirst()
                    .orElseThrow(() -> new FakeRpcException(-8, "Invalid parameter, unknown transaction"));
            if (n >= s.tx().outputs().size()) {
                throw new FakeRpcException(-8, "Invalid parameter, vout index out of bounds");
            }
            String op = outpoint(txid, n);
            boolean spent = sc.outputs().stream().anyMatch(o -> o.txid.equals(txid) && o.vout == n && o.spent);
            if (spent) {
                throw new FakeRpcException(-8, "Invalid parameter, expected unspent output");
            }
            if (unlock && !w.locked.contains(op)) {
                throw new FakeRpcException(-8, "Invalid parameter, expected locked output");
            }
            if (!unlock && w.locked.contains(op) && !persistent) {
                throw new FakeRpcException(-8, "Invalid parameter, output already locked");
            }
            ops.add(op);
        }
        if (unlock) {
            ops.forEach(w.locked::remove);
        } else {
            w.locked.addAll(ops);
        }
        return J.booleanNode(true);
    }

    /** {@code validateaddress}, with Bitcoin Core's error texts. */
    private static ObjectNode validate(String address) {
        ObjectNode o = J.objectNode();
        byte[] script;
        try {
            script = FakeAddress.toScriptPubKey(address);
        } catch (IllegalArgumentException e) {
            o.put("isvalid", false);
            o.putArray("error_locations");
            o.put("error", e.getMessage());
            return o;
        }
        o.put("isvalid", true);
        o.put("address", address);
        o.put("scriptPubKey", Hashes.hex(script));
        int v = FakeAddress.witnessVersion(script);
        o.put("isscript", FakeAddress.type(script).equals("scripthash"));
        o.put("iswitness", v >= 0);
        if (v >= 0) {
            o.put("witness_version", v);
            o.put("witness_program", Hashes.hex(java.util.Arrays.copyOfRange(script, 2, script.length)));
        }
        return o;
    }

    /** {@code GetDustThreshold} at 3000 sat/kvB. */
    static long dust(byte[] script) {
        long size = 8 + 1 + script.length;
        size += FakeAddress.witnessVersion(script) >= 0 ? 32 + 4 + 1 + 107 / 4 + 4 : 32 + 4 + 1 + 107 + 4;
        return size * 3;
    }

    private static long sat(JsonNode v) throws FakeRpcException {
        try {
            BigDecimal d = v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText());
            if (d.signum() < 0 || d.compareTo(BigDecimal.valueOf(21_000_000)) > 0) {
                throw new FakeRpcException(-3, "Amount out of range");
            }
            if (d.stripTrailingZeros().scale() > 8) {
                throw new FakeRpcException(-3, "Invalid amount");
            }
            return d.movePointRight(8).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new FakeRpcException(-3, "Invalid amount");
        }
    }

    private ObjectNode fund(FakeWallet w, FakeRpcCall c) throws FakeRpcException {
        JsonNode outputs = c.param(1);
        Map<String, Long> outs = new LinkedHashMap<>();
        List<JsonNode> objs = new ArrayList<>();
        if (outputs.isArray()) {
            outputs.forEach(objs::add);
        } else if (outputs.isObject()) {
            objs.add(outputs);
        } else {
            throw new FakeRpcException(-3, "Expected type array, got " + FakeRpcArg.jsonTypeName(outputs));
        }
        for (JsonNode o : objs) {
            for (var it = o.fields(); it.hasNext(); ) {
                var f = it.next();
                outs.put(f.getKey(), sat(f.getValue()));
            }
        }
        if (outs.isEmpty()) {
            throw new FakeRpcException(-8, "Invalid parameter, output argument must be non-empty");
        }
        JsonNode opt = c.has(3) ? c.param(3) : J.objectNode();
        BigDecimal rate = opt.has("fee_rate") ? opt.get("fee_rate").decimalValue() : node.feeEstimate(opt.path("conf_target").asInt(6));
        if (rate == null) {
            throw new FakeRpcException(-4, "Fee estimation failed. Fallbackfee is disabled. Wait a few blocks or enable -fallbackfee.");
        }
        if (rate.compareTo(BigDecimal.ONE) < 0) {
            throw new FakeRpcException(-4, "Fee rate (" + rate.setScale(3, RoundingMode.HALF_UP) + " sat/vB) is lower than the minimum fee rate setting (1.000 sat/vB).");
        }
        boolean subtract = opt.has("subtractFeeFromOutputs") && opt.get("subtractFeeFromOutputs").size() > 0;
        List<FakeTx.Output> txOuts = new ArrayList<>();
        long target = 0;
        for (var e : outs.entrySet()) {
            byte[] script;
            try {
                script = FakeAddress.toScriptPubKey(e.getKey());
            } catch (IllegalArgumentException ex) {
                throw new FakeRpcException(-5, "Invalid Bitcoin address: " + e.getKey());
            }
            if (e.getValue() <= 0) {
                throw new FakeRpcException(-3, "Invalid amount");
            }
            if (!subtract && e.getValue() < dust(script)) {
                throw new FakeRpcException(-4, "Transaction amount too small");
            }
            txOuts.add(new FakeTx.Output(e.getValue(), script));
            target += e.getValue();
        }
        int tip = node.chain().height();
        Scan sc = scan(w);
        List<Owned> chosen = new ArrayList<>();
        long in = 0;
        JsonNode inputs = c.has(0) ? c.param(0) : J.arrayNode();
        for (JsonNode i : inputs) {
            String txid = i.path("txid").asText();
            int n = i.path("vout").asInt();
            Owned o = sc.outputs().stream().filter(x -> x.txid.equals(txid) && x.vout == n && !x.spent).findFirst()
                    .orElseThrow(() -> new FakeRpcException(-4, "Not found pre-selected input " + txid + ":" + n));
            chosen.add(o);
            in += o.valueSat;
        }
        long bumpFee = 0; // what unconfirmed parents of preset inputs lack to reach the rate (the wallet's MiniMiner bump fee)
        for (String parent : chosen.stream().filter(o -> o.in.height() < 0).map(o -> o.txid).distinct().toList()) {
            FakeChain.MempoolEntry pe = node.chain().mempoolEntry(parent).orElse(null);
            if (pe != null) {
                bumpFee += Math.max(0, fee(rate, pe.tx().vsize()) - pe.feeSat());
            }
        }
        boolean addInputs = opt.has("add_inputs") ? opt.get("add_inputs").asBoolean() : chosen.isEmpty();
        List<Owned> avail = new ArrayList<>();
        for (Owned o : sc.outputs()) {
            boolean confirmedOk = o.in.height() >= 0 && (!o.in.coinbase() || tip - o.in.height() + 1 > MATURITY);
            if (!o.spent && !w.locked.contains(outpoint(o.txid, o.vout)) && !chosen.contains(o)
                    && (confirmedOk || (o.in.height() < 0 && o.in.fromMe()))) {
                avail.add(o);
            }
        }
        avail.sort(Comparator.comparingLong((Owned o) -> o.valueSat).reversed());
        byte[] changeDummy = new byte[34];
        changeDummy[0] = 0x51;
        changeDummy[1] = 32;
        boolean covered = !chosen.isEmpty() && in >= target + (subtract ? 0 : (fee(rate, build(chosen, txOuts, changeDummy).vsize()) + bumpFee));
        if (!covered && !chosen.isEmpty() && !addInputs) {
            throw new FakeRpcException(-4, "The preselected coins total amount does not cover the transaction target. "
                    + "Please allow other inputs to be automatically selected or include more coins manually");
        }
        for (Owned o : covered ? List.<Owned>of() : avail) {
            chosen.add(o);
            in += o.valueSat;
            if (in >= target + (subtract ? 0 : (fee(rate, build(chosen, txOuts, changeDummy).vsize()) + bumpFee))) {
                break;
            }
        }
        long feeWithChange = (fee(rate, build(chosen, txOuts, changeDummy).vsize()) + bumpFee);
        if (chosen.isEmpty() || in < target + (subtract ? 0 : feeWithChange)) {
            throw new FakeRpcException(-4, "Insufficient funds");
        }
        String changeAddress = opt.path("change_address").asText("");
        byte[] customChange = null;
        if (!changeAddress.isEmpty()) {
            try {
                customChange = FakeAddress.toScriptPubKey(changeAddress);
            } catch (IllegalArgumentException ex) {
                throw new FakeRpcException(-5, "Change address must be a valid bitcoin address");
            }
        }
        List<FakeTx.Output> finalOuts = new ArrayList<>(txOuts);
        long fee;
        int changePos = -1;
        if (subtract) {
            long extra = in - target;
            byte[] changeScript = extra > 0 ? (customChange != null ? customChange : w.newAddress("", "bech32m", true).script()) : null;
            fee = (fee(rate, build(chosen, txOuts, changeScript).vsize()) + bumpFee);
            FakeTx.Output first = finalOuts.get(0);
            finalOuts.set(0, new FakeTx.Output(first.valueSat() - fee, first.scriptPubKey()));
            if (changeScript != null) {
                finalOuts.add(new FakeTx.Output(extra, changeScript));
                changePos = finalOuts.size() - 1;
            }
            if (finalOuts.get(0).valueSat() < dust(first.scriptPubKey())) {
                throw new FakeRpcException(-4, "The transaction amount is too small to pay the fee");
            }
        } else {
            long change = in - target - feeWithChange;
            if (change >= dust(changeDummy)) {
                finalOuts.add(new FakeTx.Output(change, customChange != null ? customChange : w.newAddress("", "bech32m", true).script()));
                changePos = finalOuts.size() - 1;
                fee = feeWithChange;
            } else {
                fee = in - target;
            }
        }
        if (fee > MAX_TX_FEE) {
            throw new FakeRpcException(-4, "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)");
        }
        FakeTx tx = build(chosen, finalOuts, null);
        Draft draft = new Draft(w.name, tx, fee, List.copyOf(chosen), changePos, false);
        String psbt = psbtOf(draft);
        drafts.put(psbt, draft);
        ObjectNode o = J.objectNode();
        o.put("psbt", psbt);
        o.set("fee", FakeRpcHandlers.amount(fee));
        o.put("changepos", changePos);
        return o;
    }

    /** A transaction spending {@code coins} with dummy P2WPKH witnesses of a signature's size (72 + 33 bytes). */
    private static FakeTx build(List<Owned> coins, List<FakeTx.Output> outs, byte[] extraScript) {
        List<FakeTx.Input> ins = new ArrayList<>();
        for (Owned c : coins) {
            byte[] sig = new byte[72];
            sig[0] = 0x30;
            byte[] pub = Bytes.concat(new byte[] {0x02}, Hashes.sha256(c.script));
            ins.add(new FakeTx.Input(Hashes.fromDisplayHex(c.txid), c.vout, new byte[0], 0xfffffffdL, List.of(sig, pub)));
        }
        List<FakeTx.Output> o = new ArrayList<>(outs);
        if (extraScript != null) {
            o.add(new FakeTx.Output(0, extraScript));
        }
        return new FakeTx(2, ins, o, 0);
    }

    private static long fee(BigDecimal satPerVb, long vsize) {
        return satPerVb.multiply(BigDecimal.valueOf(vsize)).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /**
     * The PSBT text standing for a draft: base64 of the PSBT magic, a marker, the txid, 8 bytes of the transaction's
     * hash and whether it is signed (the fake keeps the draft itself in {@link #drafts}, keyed by this text).
     */
    private static String psbtOf(Draft d) {
        byte[] magic = {0x70, 0x73, 0x62, 0x74, (byte) 0xff, 0x01};
        byte[] body = Bytes.concat(d.tx().txid(), java.util.Arrays.copyOf(Hashes.sha256(d.tx().serialize()), 8));
        return Base64.getEncoder().encodeToString(Bytes.concat(Bytes.concat(magic, body), new byte[] {(byte) (d.signed() ? 1 : 0)}));
    }

    /** Registers the signed form of a draft. @return its PSBT text */
    private String signedPsbt(Draft d) {
        Draft s = d.asSigned();
        String p = psbtOf(s);
        drafts.put(p, s);
        return p;
    }

    private Draft draft(String psbt) throws FakeRpcException {
        Draft d = drafts.get(psbt);
        if (d == null) {
            try {
                Base64.getDecoder().decode(psbt);
            } catch (IllegalArgumentException e) {
                throw new FakeRpcException(-22, "TX decode failed invalid base64");
            }
            throw new FakeRpcException(-22, "TX decode failed SpanReader::read(): end of data: iostream error");
        }
        return d;
    }

    /** {@code decodepsbt} of a draft, as a version 2 PSBT (what master's walletcreatefundedpsbt makes). */
    private ObjectNode decode(String psbt) throws FakeRpcException {
        Draft d = draft(psbt);
        ObjectNode o = J.objectNode();
        o.putArray("global_xpubs");
        o.put("tx_version", d.tx().version());
        o.put("fallback_locktime", d.tx().lockTime());
        o.put("input_count", d.tx().inputs().size());
        o.put("output_count", d.tx().outputs().size());
        o.put("psbt_version", 2);
        o.putArray("proprietary");
        o.putObject("unknown");
        ArrayNode ins = o.putArray("inputs");
        for (int i = 0; i < d.inputs().size(); i++) {
            Owned c = d.inputs().get(i);
            FakeTx.Input in = d.tx().inputs().get(i);
            ObjectNode x = ins.addObject();
            ObjectNode u = x.putObject("witness_utxo");
            u.set("amount", FakeRpcHandlers.amount(c.valueSat));
            u.set("scriptPubKey", FakeChainRpc.scriptPubKey(c.script));
            if (d.signed()) {
                x.putObject("partial_signatures").put(Hashes.hex(in.witness().get(1)), Hashes.hex(in.witness().get(0)) + "01");
            }
            x.put("previous_txid", c.txid);
            x.put("previous_vout", c.vout);
            x.put("sequence", in.sequence());
        }
        ArrayNode outs = o.putArray("outputs");
        for (FakeTx.Output out : d.tx().outputs()) {
            ObjectNode x = outs.addObject();
            x.set("amount", FakeRpcHandlers.amount(out.valueSat()));
            x.set("script", FakeChainRpc.scriptPubKey(out.scriptPubKey()));
        }
        o.set("fee", FakeRpcHandlers.amount(d.feeSat()));
        return o;
    }

    /** {@code combinepsbt}: the drafts must be of one transaction; signed if any is. */
    private JsonNode combine(JsonNode txs) throws FakeRpcException {
        if (!txs.isArray() || txs.isEmpty()) {
            throw new FakeRpcException(-8, "Parameter 'txs' cannot be empty");
        }
        Draft first = null;
        boolean signed = false;
        for (JsonNode t : txs) {
            Draft d = draft(t.asText());
            if (first != null && !java.util.Arrays.equals(first.tx().txid(), d.tx().txid())) {
                throw new FakeRpcException(-8, "PSBTs not compatible (different transactions)");
            }
            first = first == null ? d : first;
            signed |= d.signed();
        }
        return J.textNode(signed ? signedPsbt(first) : psbtOf(first));
    }

    /** {@code finalizepsbt}: a signed draft gives its transaction (with {@code extract}), an unsigned one stays as it is. */
    private ObjectNode finalizePsbt(String psbt, boolean extract) throws FakeRpcException {
        Draft d = draft(psbt);
        ObjectNode o = J.objectNode();
        if (d.signed() && extract) {
            o.put("hex", Hashes.hex(d.tx().serialize()));
        } else {
            o.put("psbt", psbt);
        }
        o.put("complete", d.signed());
        return o;
    }

    /** {@code getaddressinfo}: the fields the app reads, in the real node's order (a subset of its reply). */
    private ObjectNode addressInfo(FakeWallet w, String address) throws FakeRpcException {
        byte[] script;
        try {
            script = FakeAddress.toScriptPubKey(address);
        } catch (IllegalArgumentException e) {
            throw new FakeRpcException(-5, "Invalid or unsupported Segwit (Bech32) or Base58 encoding.");
        }
        FakeWalletBase.Addr a = w.byScript(script);
        ObjectNode o = J.objectNode();
        o.put("address", address);
        o.put("scriptPubKey", Hashes.hex(script));
        o.put("ismine", a != null);
        o.put("solvable", a != null);
        o.put("iswatchonly", false);
        o.put("ischange", a != null && a.change());
        o.putArray("labels");
        if (a != null && !a.label().isEmpty()) {
            ((ArrayNode) o.get("labels")).add(a.label());
        }
        return o;
    }

    private ObjectNode analyze(String psbt) throws FakeRpcException {
        Draft d = draft(psbt);
        ObjectNode o = J.objectNode();
        ArrayNode ins = o.putArray("inputs");
        for (Owned c : d.inputs()) {
            ObjectNode i = ins.addObject();
            i.put("has_utxo", true);
            i.put("is_final", false);
            i.put("next", d.signed() ? "finalizer" : "signer");
            if (!d.signed()) {
                i.putObject("missing").putArray("signatures").add(Hashes.hex(java.util.Arrays.copyOfRange(c.script, 2, Math.min(22, c.script.length))));
            }
        }
        long vsize = d.tx().vsize();
        o.put("estimated_vsize", vsize);
        o.set("estimated_feerate", J.numberNode(BigDecimal.valueOf(d.feeSat() * 1000 / vsize, 8)));
        o.set("fee", FakeRpcHandlers.amount(d.feeSat()));
        o.put("next", d.signed() ? "finalizer" : "signer");
        return o;
    }

    private ObjectNode process(FakeWallet w, String psbt, boolean finalize) throws FakeRpcException {
        Draft d = draft(psbt);
        ObjectNode o = J.objectNode();
        if (!d.wallet().equals(w.name) || w.noPrivateKeys) {
            o.put("psbt", psbt);
            o.put("complete", d.signed() && finalize);
            return o;
        }
        if (!w.unlocked(node.chain().now())) {
            throw new FakeRpcException(-13, "Error: Please enter the wallet passphrase with walletpassphrase first.");
        }
        o.put("psbt", signedPsbt(d));
        o.put("complete", finalize);
        if (finalize) {
            o.put("hex", Hashes.hex(d.tx().serialize()));
        }
        return o;
    }
}
