package org.bitcoinfx.gui;

import static org.bitcoinfx.gui.RpcChecks.get;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.bitcoinfx.gui.wallet.AddressType;
import org.bitcoinfx.gui.wallet.Passphrase;
import org.bitcoinfx.gui.wallet.WalletService;
import org.bitcoinfx.gui.wallet.WalletTxDetails;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.ipc.RpcClient;

/**
 * A transaction's details as Activity shows them ({@link WalletService#transactionDetails}, {@code gettransaction
 * txid true true}): for the sender fee, fee rate, vsize, weight, the coinbase spent, both outputs with the change
 * marked, a wtxid apart from the txid, the BIP125 signal; for the receiver no fee and its output labelled; after a
 * block, its hash and height. Run against FakeNode ({@link FakeNodeTxDetailsTest}) and a real node
 * ({@link RealNodeTxDetailsTest}).
 */
final class TxDetailsFlow {
    private TxDetailsFlow() {
    }

    static void run(NodeClient client) throws Exception {
        get(client.rpc().awaitWarmup(java.time.Duration.ofSeconds(120)));
        WalletService ws = new WalletService(client);
        RpcClient rpc = client.rpc();
        get(ws.createWallet("payer", Passphrase.none()));
        get(ws.createWallet("payee", Passphrase.none()));
        String mine = get(ws.newAddress("payer", "", AddressType.BECH32));
        get(rpc.call("generatetoaddress", 101, mine));
        String to = get(ws.newAddress("payee", "rent", AddressType.BECH32M));
        ObjectNode outputs = JsonNodeFactory.instance.objectNode().put(to, 1.0);
        JsonNode funded = get(rpc.callWallet("payer", "walletcreatefundedpsbt", JsonNodeFactory.instance.arrayNode(), outputs, 0,
                JsonNodeFactory.instance.objectNode().put("fee_rate", 2)));
        JsonNode signed = get(rpc.callWallet("payer", "walletprocesspsbt", funded.path("psbt").asText(), true, "DEFAULT", true, true));
        String txid = get(rpc.call("sendrawtransaction", signed.path("hex").asText())).asText();

        WalletTxDetails sent = get(ws.transactionDetails("payer", txid));
        assertEquals(txid, sent.txid());
        assertNotEquals(txid, sent.wtxid(), "a segwit spend: the wtxid commits to the witness");
        assertEquals(0, sent.confirmations());
        assertEquals("", sent.blockHash());
        assertEquals(-100_000_000L, sent.amountSat());
        assertTrue(sent.vsize() > 100 && sent.vsize() < 200, "one P2WPKH input, two outputs: " + sent.vsize());
        assertTrue(sent.weight() > 3 * sent.vsize() && sent.weight() <= 4 * sent.vsize(), sent.weight() + " WU, " + sent.vsize() + " vB");
        assertEquals(2.0, sent.feeRate(), 0.05, "the fee rate asked: " + sent.feeSat() + " sat / " + sent.vsize() + " vB");
        assertEquals(1, sent.inputs().size());
        assertTrue(sent.inputs().get(0).matches("[0-9a-f]{64}:0"), sent.inputs().toString());
        assertTrue(sent.signalsRbf(), "the wallet signals BIP125 (-walletrbf, on by default)");
        assertEquals(2, sent.outputs().size());
        List<String> kinds = sent.outputs().stream().map(o -> o.address().equals(to) ? "payee" : o.wallet()).sorted().toList();
        assertEquals(List.of("change", "payee"), kinds, sent.outputs().toString());

        WalletTxDetails received = get(ws.transactionDetails("payee", txid));
        assertEquals(-1, received.feeSat(), "the payee did not pay the fee");
        assertEquals(100_000_000L, received.amountSat());
        WalletTxDetails.Output ours = received.outputs().stream().filter(o -> o.address().equals(to)).findFirst().orElseThrow();
        assertEquals("receive", ours.wallet());
        assertEquals("rent", ours.label());
        assertEquals(100_000_000L, ours.valueSat());

        String block = get(rpc.call("generatetoaddress", 1, mine)).path(0).asText();
        WalletTxDetails confirmed = get(ws.transactionDetails("payee", txid));
        assertEquals(1, confirmed.confirmations());
        assertEquals(block, confirmed.blockHash());
        assertEquals(102, confirmed.blockHeight());
    }
}
