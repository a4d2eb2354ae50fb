package org.bitcoinfx.node.net;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bitcoinfx.node.net.ChainManifest.Replacement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the chain of a {@link ChainSpec} on one node, deterministically: the same spec gives the same
 * block hashes on every machine and run.
 * <ul>
 *   <li>Wallets: blank descriptor wallets importing fixed BIP84 keys ({@link RegtestKeys}).</li>
 *   <li>Block {@code h} is mined by {@code generateblock} at mocktime {@link ChainSpec#blockTime(int) blockTime(h)},
 *       its coinbase paying wallet {@code h mod W}'s first address, with exactly the transactions sent for it, in
 *       that order.</li>
 *   <li>Transactions are made by hand, not by the wallet's coin selection (which shuffles and picks change
 *       positions at random): one input (the oldest spendable coin of the chosen sender, so chains of
 *       unconfirmed transactions are rare), one or two payments of 10–50 % of it to other wallets' new
 *       addresses, change last; fee = rate × vsize estimate ({@link #vsize}), rates from {@link #FEE_RATES};
 *       {@code createrawtransaction}, {@code signrawtransactionwithwallet} (ECDSA, RFC 6979: deterministic),
 *       {@code sendrawtransaction}. The choices come from {@code java.util.Random(seed)}, whose sequence Java
 *       specifies.</li>
 *   <li>RBF: the first transaction of every {@value #RBF_EVERY}th economy block is sent, then replaced by the
 *       same payment at {@value #RBF_BUMP} sat/vB more (BIP125 signalling; full RBF anyway); the replacement is
 *       mined.</li>
 * </ul>
 * Coins are tracked here (not read back with {@code listunspent}), so the build costs about 6 RPCs a transaction.
 */
final class EconomyBuilder {
    private static final Logger log = LoggerFactory.getLogger(EconomyBuilder.class);

    /** Fee rates drawn from, sat/vB. */
    static final int[] FEE_RATES = {1, 2, 3, 5, 8, 12, 20, 35, 60, 100};
    /** Coins smaller than this are left alone, sat (0.01 BTC). */
    static final long MIN_INPUT = 1_000_000;
    /** One replacement every this many economy blocks. */
    static final int RBF_EVERY = 10;
    /** The replacement's extra fee rate, sat/vB (at least {@code -incrementalrelayfee}, 0.1 sat/vB). */
    static final int RBF_BUMP = 5;
    /** nSequence that signals BIP125 replaceability. */
    static final long SEQUENCE_RBF = 0xfffffffdL;

    private record Coin(String txid, int vout, long sats, int spendableAt) {
    }

    private static final class Wallet {
        final String name;
        final ArrayDeque<Coin> spendable = new ArrayDeque<>();
        final ArrayDeque<Coin> immature = new ArrayDeque<>(); // coinbases, by height
        String miningAddress;

        Wallet(String name) {
            this.name = name;
        }

        /** @return the oldest coin spendable in a block at {@code height}, taken, or null */
        Coin take(int height) {
            while (!immature.isEmpty() && immature.peekFirst().spendableAt() <= height) {
                spendable.addLast(immature.pollFirst());
            }
            return spendable.pollFirst();
        }
    }

    private final RegtestNode node;
    private final ChainSpec spec;
    private final Random random;
    private final List<Wallet> wallets = new ArrayList<>();
    private final List<Replacement> replacements = new ArrayList<>();
    private int txCount;

    EconomyBuilder(RegtestNode node, ChainSpec spec) {
        this.node = node;
        this.spec = spec;
        this.random = new Random(spec.seed());
    }

    /** Creates the wallets, mines the blocks and fills the mempool. @throws RegtestRpcException if an RPC fails */
    void build() {
        for (String name : spec.walletNames()) {
            wallets.add(createWallet(name));
        }
        long started = System.nanoTime();
        for (int h = 1; h <= spec.blocks(); h++) {
            node.call("setmocktime", ChainSpec.blockTime(h));
            List<String> txids = new ArrayList<>();
            if (h >= ChainSpec.ECONOMY_START) {
                for (int i = 0; i < spec.txsPerBlock(); i++) {
                    boolean replace = i == 0 && (h - ChainSpec.ECONOMY_START) % RBF_EVERY == 0;
                    txids.add(send(h, replace));
                }
            }
            Wallet miner = wallets.isEmpty() ? null : wallets.get(h % wallets.size());
            String hash = node.call("generateblock", miner == null ? RegtestNode.OP_TRUE_ADDRESS : miner.miningAddress, txids)
                    .path("hash").asText();
            if (miner != null) {
                String coinbase = node.call("getblock", hash, 1).path("tx").path(0).asText();
                miner.immature.addLast(new Coin(coinbase, 0, ChainSpec.subsidy(h), h + ChainSpec.COINBASE_MATURITY));
            }
            if (h % 500 == 0) {
                log.info("chain {}: block {} of {}, {} transactions, {} s", spec.cacheKey(), h, spec.blocks(), txCount,
                        (System.nanoTime() - started) / 1_000_000_000);
            }
        }
        for (int i = 0; i < spec.mempoolTxs(); i++) {
            send(spec.blocks() + 1, false);
        }
    }

    /** @return the replacements made, in order */
    List<Replacement> replacements() {
        return List.copyOf(replacements);
    }

    /** @return how many transactions were mined or left in the mempool (replaced ones not counted) */
    int transactions() {
        return txCount;
    }

    private Wallet createWallet(String name) {
        Wallet w = new Wallet(name);
        w.miningAddress = createKeyedWallet(node, name, spec.seed());
        return w;
    }

    /**
     * Creates a blank descriptor wallet importing the fixed BIP84 keys of {@code name} and {@code seed}
     * ({@link RegtestKeys#bip84Descriptors}).
     *
     * @return its first receive address ({@code getnewaddress}), the same on every machine
     * @throws RegtestRpcException if an RPC fails; IllegalStateException if an import fails
     */
    static String createKeyedWallet(RegtestNode node, String name, long seed) {
        node.call("createwallet", name, false, true); // disable_private_keys=false, blank=true
        String[] descs = RegtestKeys.bip84Descriptors(name, seed);
        List<Map<String, Object>> requests = new ArrayList<>();
        for (int i = 0; i < descs.length; i++) {
            String checksum = node.call("getdescriptorinfo", descs[i]).path("checksum").asText();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("desc", descs[i] + "#" + checksum);
            r.put("active", true);
            r.put("internal", i == 1);
            r.put("timestamp", "now");
            requests.add(r);
        }
        JsonNode result = node.callWallet(name, "importdescriptors", requests);
        for (JsonNode r : result) {
            if (!r.path("success").asBoolean()) {
                throw new IllegalStateException("importdescriptors into " + name + " failed: " + result);
            }
        }
        return node.callWallet(name, "getnewaddress").asText();
    }

    /**
     * Makes, signs and sends one transaction to be mined in the block at {@code height}.
     *
     * @param replace send it, then replace it at a higher fee rate
     * @return the txid that stays in the mempool
     */
    private String send(int height, boolean replace) {
        int start = random.nextInt(wallets.size());
        Wallet from = null;
        Coin coin = null;
        for (int k = 0; k < wallets.size() && coin == null; k++) {
            from = wallets.get((start + k) % wallets.size());
            coin = from.take(height);
        }
        if (coin == null) {
            throw new IllegalStateException("no wallet has a spendable coin at height " + height);
        }
        int payments = random.nextInt(4) == 0 ? 2 : 1;
        long paid = coin.sats() * (10 + random.nextInt(41)) / 100;
        List<Wallet> payees = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (int j = 0; j < payments; j++) {
            Wallet to = wallets.get((wallets.indexOf(from) + 1 + random.nextInt(wallets.size() - 1)) % wallets.size());
            payees.add(to);
            addresses.add(node.callWallet(to.name, "getnewaddress").asText());
        }
        payees.add(from);
        addresses.add(node.callWallet(from.name, "getrawchangeaddress").asText());
        long[] amounts = new long[payments + 1];
        for (int j = 0; j < payments; j++) {
            amounts[j] = paid / payments;
        }
        int rate = FEE_RATES[random.nextInt(FEE_RATES.length)];
        long vsize = vsize(1, payments + 1);
        amounts[payments] = coin.sats() - (paid / payments) * payments - rate * vsize;
        String txid = sendSigned(from, coin, addresses, amounts);
        if (replace) {
            amounts[payments] -= RBF_BUMP * vsize;
            String replacement = sendSigned(from, coin, addresses, amounts);
            replacements.add(new Replacement(from.name, txid, replacement));
            txid = replacement;
        }
        txCount++;
        for (int j = 0; j < amounts.length; j++) {
            if (amounts[j] >= MIN_INPUT) {
                payees.get(j).spendable.addLast(new Coin(txid, j, amounts[j], 0));
            }
        }
        return txid;
    }

    private String sendSigned(Wallet from, Coin coin, List<String> addresses, long[] amounts) {
        List<Map<String, Object>> outputs = new ArrayList<>();
        for (int j = 0; j < amounts.length; j++) {
            outputs.add(Map.of(addresses.get(j), btc(amounts[j])));
        }
        List<Map<String, Object>> inputs = List.of(Map.of("txid", coin.txid(), "vout", coin.vout(), "sequence", SEQUENCE_RBF));
        String unsigned = node.call("createrawtransaction", inputs, outputs, 0, true).asText();
        JsonNode signed = node.callWallet(from.name, "signrawtransactionwithwallet", unsigned);
        if (!signed.path("complete").asBoolean()) {
            throw new IllegalStateException(from.name + " could not sign a spend of " + coin + ": " + signed.path("errors"));
        }
        return node.call("sendrawtransaction", signed.path("hex").asText()).asText();
    }

    /**
     * Virtual size of a transaction with P2WPKH inputs and outputs, vB, rounded up, counting 72-byte
     * signatures (the largest; Bitcoin Core grinds low-R ones of 71): base 10 + 41 a input + 31 an
     * output bytes, witness 2 + 108 an input (BIP141 weight = 4 × base + witness).
     */
    static long vsize(int inputs, int outputs) {
        long weight = 4L * (10 + 41L * inputs + 31L * outputs) + 2 + 108L * inputs;
        return (weight + 3) / 4;
    }

    /** @return {@code sats} as a BTC amount string with 8 decimals (Bitcoin Core's {@code AmountFromValue} takes strings) */
    static String btc(long sats) {
        return BigDecimal.valueOf(sats, 8).toPlainString();
    }
}
