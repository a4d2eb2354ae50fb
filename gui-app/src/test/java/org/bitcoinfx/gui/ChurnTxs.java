package org.bitcoinfx.gui;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bitcoinfx.node.net.RegtestNode;

/**
 * Transactions to churn a node's mempool with (issue #16: 10 new transactions a second), prepared on a peer of the
 * test network that holds the economy's wallets ({@link org.bitcoinfx.node.net.ChainSpec#bigMempool}): a coinbase to
 * the wallet matured by {@value #MATURITY} empty blocks, then one fan-out transaction from it to {@code n} new addresses
 * of the wallet, mined alone in a block ({@code generateblock}, {@value #BLOCKS} blocks in all, none taking a mempool
 * transaction; the app's node gets them from the peer), then one signed spend of each output, one input
 * and one output, at fee rates from {@link #RATES} in turn. The spends are returned, not sent: whoever churns sends
 * them ({@code sendrawtransaction}) at its own pace; none depends on another or on the mempool.
 */
final class ChurnTxs {
    /** Fee rates of the spends, sat/vB, in turn. */
    static final int[] RATES = {1, 3, 7, 15, 30, 60, 120};
    /** Blocks on top of a coinbase before the wallet spends it ({@code COINBASE_MATURITY}). */
    static final int MATURITY = 100;
    /** Blocks {@link #prepare} mines on the peer: the coinbase, {@value #MATURITY} empty ones, the fan-out's. */
    static final int BLOCKS = MATURITY + 2;
    /** A 1-input 1-output P2WPKH transaction, vB (rounded up, 72-byte signature). */
    static final long VSIZE = 110;

    private ChurnTxs() {
    }

    /**
     * @param peer   a node with {@code wallet} loaded, at the network's mocktime
     * @param wallet the economy wallet paying
     * @param n      how many spends
     * @return the spends' raw hex, in order
     * @throws IllegalStateException if the wallet cannot sign one
     */
    static List<String> prepare(RegtestNode peer, String wallet, int n) {
        // the economy's mempool spends every confirmed coin the wallets have: a coinbase to the wallet, matured by
        // 100 empty blocks (generateblock with no transactions: the mempool stays as it is), pays for the fan-out
        peer.call("generateblock", peer.callWallet(wallet, "getnewaddress").asText(), List.of());
        for (int i = 0; i < MATURITY; i++) {
            peer.call("generateblock", RegtestNode.OP_TRUE_ADDRESS, List.of());
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        Set<String> addresses = new HashSet<>();
        for (int i = 0; i < n; i++) {
            String a = peer.callWallet(wallet, "getnewaddress").asText();
            addresses.add(a);
            outputs.put(a, new BigDecimal("0.001"));
        }
        // send (sendmany's minconf is ignored now): confirmed coins only (the matured coinbase), 20 sat/vB
        JsonNode sent = peer.callWallet(wallet, "send", outputs, null, "unset", 20, Map.of("minconf", 1));
        if (!sent.path("complete").asBoolean()) {
            throw new IllegalStateException(wallet + " could not send the fan-out: " + sent);
        }
        String fanout = sent.path("txid").asText();
        String block = peer.call("generateblock", RegtestNode.OP_TRUE_ADDRESS, List.of(fanout)).path("hash").asText();
        List<String> spends = new ArrayList<>();
        for (JsonNode out : peer.call("getrawtransaction", fanout, true, block).path("vout")) {
            String address = out.path("scriptPubKey").path("address").asText();
            if (!addresses.contains(address)) {
                continue; // the change
            }
            int rate = RATES[spends.size() % RATES.length];
            long value = out.path("value").decimalValue().movePointRight(8).longValueExact();
            String raw = peer.call("createrawtransaction", List.of(Map.of("txid", fanout, "vout", out.path("n").asInt())),
                    List.of(Map.of(address, BigDecimal.valueOf(value - rate * VSIZE, 8).toPlainString()))).asText();
            JsonNode signed = peer.callWallet(wallet, "signrawtransactionwithwallet", raw);
            if (!signed.path("complete").asBoolean()) {
                throw new IllegalStateException(wallet + " could not sign a churn spend: " + signed);
            }
            spends.add(signed.path("hex").asText());
        }
        if (spends.size() != n) {
            throw new IllegalStateException("the fan-out has " + spends.size() + " outputs to the wallet, not " + n);
        }
        return spends;
    }
}
