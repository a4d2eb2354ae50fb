package org.bitcoinfx.gui.wallet.psbt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.gui.wallet.FeeChoice;
import org.bitcoinfx.gui.wallet.Passphrase;
import org.bitcoinfx.gui.wallet.SendPreview;
import org.bitcoinfx.gui.wallet.SendRequest;
import org.bitcoinfx.gui.wallet.WalletService;
import org.bitcoinfx.ipc.JsonRpcException;
import org.bitcoinfx.node.net.RegtestNetwork;
import org.bitcoinfx.node.net.RegtestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every RPC of the PSBT flows on a real regtest node ({@code BITCOIN_NODE}; skipped, saying why, without it): a
 * watch-only wallet made of another wallet's public descriptors ({@code getdescriptorinfo}, {@code createwallet}
 * without private keys, {@code importdescriptors}) funds a PSBT ({@code walletcreatefundedpsbt}); the review
 * ({@code decodepsbt}, {@code analyzepsbt}, {@code getaddressinfo}); the encrypted signing wallet signs it
 * ({@code walletpassphrase}, {@code walletprocesspsbt}, {@code walletlock}); {@code combinepsbt},
 * {@code finalizepsbt}, {@code sendrawtransaction}; and the node's refusals in its words. The replies are logged
 * (the shapes FakeNode mirrors).
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class RealNodePsbtServiceTest {
    private static final Logger LOG = LoggerFactory.getLogger(RealNodePsbtServiceTest.class);

    @TempDir
    Path tmp;

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(120, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(120, TimeUnit.SECONDS));
        return e.getCause();
    }

    /** The wallet's active public descriptors, receive then change ({@code listdescriptors}), of {@code type} (wpkh, tr…). */
    static List<String> publicDescriptors(RegtestNode node, String wallet, String type) {
        JsonNode ds = node.callWallet(wallet, "listdescriptors").path("descriptors");
        List<String> r = new ArrayList<>(List.of("", ""));
        for (JsonNode d : ds) {
            if (d.path("active").asBoolean() && d.path("desc").asText().startsWith(type + "(")) {
                r.set(d.path("internal").asBoolean() ? 1 : 0, d.path("desc").asText());
            }
        }
        return r;
    }

    @Test
    void watchOnlyFundsSignerSignsCombineFinalizeBroadcast() throws Exception {
        try (RegtestNetwork net = RegtestNetwork.builder().nodes(1).binary(RegtestNetwork.nodeBinaryOrSkip()).workDir(tmp.resolve("net")).start()) {
            RegtestNode node = net.node(0);
            WalletService wallets = new WalletService(node.client());
            PsbtService psbts = new PsbtService(node.client());
            get(wallets.createWallet("signer", new Passphrase("pw".toCharArray())));
            String mine = node.callWallet("signer", "getnewaddress", "", "bech32").asText();
            node.call("generatetoaddress", 101, mine);

            // a watch-only wallet of signer's public descriptors
            List<String> descs = publicDescriptors(node, "signer", "wpkh");
            String noChecksum = descs.get(0).substring(0, descs.get(0).indexOf('#'));
            PsbtService.DescriptorCheck check = get(psbts.checkDescriptor(noChecksum));
            assertEquals(descs.get(0), check.descriptor(), "the node's checksum added");
            assertTrue(check.ranged());
            assertEquals("watch", get(psbts.createWatchOnly("watch", List.of(noChecksum, descs.get(1)), true)));
            JsonNode info = node.callWallet("watch", "getwalletinfo");
            LOG.info("getwalletinfo of the watch-only wallet: {}", info);
            assertFalse(info.path("private_keys_enabled").asBoolean(true));
            assertEquals(node.callWallet("signer", "getbalances").path("mine").path("trusted").asText(),
                    node.callWallet("watch", "getbalances").path("mine").path("trusted").asText(), "the rescan found signer's coins");

            // the watch-only wallet funds a PSBT to an outside address; the review
            String external = "bcrt1qft5p2uhsdcdc3l2ua4ap5qqfg4pjaqlp250x7us7a8qqhrxrxfsqseac85"; // OP_TRUE P2WSH
            SendPreview funded = get(wallets.preview("watch", new SendRequest(external, 10_000_000, false, FeeChoice.rate(new java.math.BigDecimal("3")), "")));
            LOG.info("decodepsbt: {}", node.call("decodepsbt", funded.psbt()));
            LOG.info("analyzepsbt: {}", node.call("analyzepsbt", funded.psbt()));
            PsbtReview review = get(psbts.review("watch", funded.psbt()));
            assertEquals(2, review.decoded().outputs().size());
            assertEquals(review.decoded().inputs().size(), review.analysis().inputs().size());
            assertTrue(review.decoded().inputs().stream().allMatch(i -> i.amountSat().isPresent()), "witness_utxo amounts");
            assertEquals(funded.feeSat(), review.feeSat().orElseThrow());
            assertEquals(3.0, review.feeRate().orElseThrow(), 0.2);
            assertEquals("signer", review.analysis().next());
            assertTrue(review.analysis().inputs().stream().allMatch(i -> "signer".equals(i.next()) && i.missingSignatures().size() == 1));
            assertEquals(PsbtReview.Ownership.EXTERNAL, review.ownership(external));
            assertTrue(review.decoded().outputs().stream().anyMatch(o -> review.ownership(o.address()) == PsbtReview.Ownership.CHANGE));

            // the watch-only wallet cannot sign: walletprocesspsbt leaves it incomplete
            ProcessedPsbt notSigned = get(psbts.sign("watch", funded.psbt(), null));
            assertFalse(notSigned.complete());

            // wrong passphrase: the node's words, nothing signed, wallet locked again
            Throwable wrong = failure(psbts.sign("signer", funded.psbt(), new Passphrase("nope".toCharArray())));
            assertInstanceOf(JsonRpcException.class, wrong);
            LOG.info("walletpassphrase with a wrong passphrase: {}", wrong.getMessage());
            assertEquals(-14, ((JsonRpcException) wrong).code());
            // locked, no passphrase: walletprocesspsbt refuses
            Throwable locked = failure(psbts.sign("signer", funded.psbt(), null));
            LOG.info("walletprocesspsbt on a locked wallet: {}", locked.getMessage());
            assertEquals(-13, ((JsonRpcException) locked).code());

            ProcessedPsbt signed = get(psbts.sign("signer", funded.psbt(), new Passphrase("pw".toCharArray())));
            LOG.info("walletprocesspsbt (not finalized): complete={}", signed.complete());
            assertEquals(0, node.callWallet("signer", "getwalletinfo").path("unlocked_until").asLong(), "locked again");
            PsbtReview afterSign = get(psbts.review("signer", signed.psbt()));
            LOG.info("analyzepsbt after signing: {}", node.call("analyzepsbt", signed.psbt()));
            assertEquals("finalizer", afterSign.analysis().next());
            assertTrue(afterSign.decoded().inputs().stream().allMatch(i -> i.partialSignatures() == 1));

            // combine the watch wallet's (updated) PSBT with the signed one, finalize, broadcast
            String combined = get(psbts.combine(List.of(notSigned.psbt(), signed.psbt())));
            LOG.info("combinepsbt: {}", combined);
            ProcessedPsbt fin = get(psbts.finalizePsbt(combined));
            LOG.info("finalizepsbt: complete={} hex={}", fin.complete(), fin.hex().length());
            assertTrue(fin.complete());
            String txid = get(psbts.broadcast(fin.hex()));
            assertEquals(64, txid.length());
            assertTrue(node.call("getrawmempool").toString().contains(txid));

            // a version 0 PSBT (what older Bitcoin Core and most other tools make): createpsbt … psbt_version 0, updated by
            // walletprocesspsbt without signing; the review reads tx.vin/tx.vout and the input's UTXO
            // the change of the broadcast above, unconfirmed: picked by its txid, not by its place in the list (the node
            // lists coins in a map's order, salted afresh at each start)
            JsonNode coin = null;
            for (JsonNode c : node.callWallet("signer", "listunspent", 0)) {
                if (c.path("txid").asText().equals(txid)) {
                    coin = c;
                }
            }
            assertTrue(coin != null, "the broadcast's change is a coin of the signer");
            long coinSat = Math.round(coin.path("amount").asDouble() * 1e8);
            String v0 = node.call("createpsbt", List.of(java.util.Map.of("txid", coin.path("txid").asText(), "vout", coin.path("vout").asInt())),
                    List.of(java.util.Map.of(external, new java.math.BigDecimal(coinSat - 1000).movePointLeft(8))), 0, true, 2, 0).asText();
            String v0updated = node.callWallet("signer", "walletprocesspsbt", v0, false).path("psbt").asText();
            LOG.info("decodepsbt of a version 0 PSBT: {}", node.call("decodepsbt", v0updated));
            PsbtReview r0 = get(psbts.review("signer", v0updated));
            assertEquals(0, r0.decoded().version());
            assertEquals(64, r0.decoded().txid().length());
            assertEquals(coin.path("txid").asText(), r0.decoded().inputs().get(0).prevTxid());
            assertEquals(coinSat, r0.decoded().inputs().get(0).amountSat().orElseThrow());
            assertEquals(List.of(new DecodedPsbt.Output(0, external, coinSat - 1000)), r0.decoded().outputs());
            assertEquals(1000, r0.feeSat().orElseThrow());
            assertEquals("signer", r0.analysis().next());

            // the node's refusals, in its words
            assertEquals(txid, get(psbts.broadcast(fin.hex())), "sendrawtransaction of a transaction already in the mempool answers its txid");
            String garbage = java.util.Base64.getEncoder().encodeToString(new byte[] {0x70, 0x73, 0x62, 0x74, (byte) 0xff, 1, 2, 3});
            Throwable bad = failure(psbts.decode(garbage));
            LOG.info("decodepsbt of garbage after the magic: {} / {}", ((JsonRpcException) bad).code(), ((JsonRpcException) bad).rpcMessage());
            assertEquals(-22, ((JsonRpcException) bad).code());
            Throwable badAnalyze = failure(psbts.analyze(garbage));
            LOG.info("analyzepsbt of garbage: {} / {}", ((JsonRpcException) badAnalyze).code(), ((JsonRpcException) badAnalyze).rpcMessage());
            SendPreview other = get(wallets.preview("watch", new SendRequest(external, 20_000_000, false, FeeChoice.rate(new java.math.BigDecimal("3")), "")));
            Throwable incompatible = failure(psbts.combine(List.of(funded.psbt(), other.psbt())));
            LOG.info("combinepsbt of two transactions: {} / {}", ((JsonRpcException) incompatible).code(), ((JsonRpcException) incompatible).rpcMessage());
            assertEquals(-8, ((JsonRpcException) incompatible).code());
            ProcessedPsbt unfinished = get(psbts.finalizePsbt(other.psbt()));
            assertFalse(unfinished.complete());
            assertEquals(other.psbt(), unfinished.psbt());

            // bad descriptors: refused before or by the node; an import the node refuses leaves the wallet closed
            assertInstanceOf(IllegalArgumentException.class, failure(psbts.createWatchOnly("w2", List.of("wpkh(" + "tprv8ZgxMBicQKsPeDgjzdC36fs6bMjGApWDNLR9erAXMs5skhMv36j9MV5ecvfavji5khqjWaWSFhN3YcCUUdiKH6isR4Pwy3U5y5egddBr16m" + "/0/*)"), true)));
            Throwable badDesc = failure(psbts.createWatchOnly("w3", List.of("wpkh(nonsense)"), true));
            LOG.info("getdescriptorinfo of nonsense: {}", badDesc.getMessage());
            assertInstanceOf(JsonRpcException.class, badDesc);
            Throwable badSum = failure(psbts.checkDescriptor(noChecksum + "#aaaaaaaa"));
            LOG.info("getdescriptorinfo with a wrong checksum: {}", badSum.getMessage());
            assertFalse(node.call("listwallets").toString().contains("w3"), "nothing created for a refused descriptor");
        }
    }
}
