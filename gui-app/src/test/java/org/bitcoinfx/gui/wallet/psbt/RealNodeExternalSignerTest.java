package org.bitcoinfx.gui.wallet.psbt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.gui.wallet.FeeChoice;
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
 * The external-signer RPCs on a real regtest node started with {@code -signer=} our own fake signer
 * ({@code fake-signer.py} in test resources: Bitcoin Core's tool protocol, {@code doc/external-signer.md}), whose
 * "device" keys are those of a normal wallet {@code device} on the same node: {@code enumeratesigners},
 * {@code createwallet … external_signer} (the node fetches the device's descriptors: the same addresses as
 * {@code device}), a PSBT funded in it, {@code walletprocesspsbt} that goes to the device's {@code signtx} (refused,
 * then answered), finalize and broadcast. Skipped, saying why, without {@code BITCOIN_NODE}.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class RealNodeExternalSignerTest {
    private static final Logger LOG = LoggerFactory.getLogger(RealNodeExternalSignerTest.class);
    private static final String OUTSIDE = "bcrt1qft5p2uhsdcdc3l2ua4ap5qqfg4pjaqlp250x7us7a8qqhrxrxfsqseac85";

    @TempDir
    Path tmp;

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(120, TimeUnit.SECONDS);
    }

    @Test
    void walletOnTheFakeDeviceReceivesAndSignsThroughSigntx() throws Exception {
        Path signerDir = tmp.resolve("signer");
        Path script = FakeSignerTool.install(signerDir);
        try (RegtestNetwork net = RegtestNetwork.builder().nodes(1).binary(RegtestNetwork.nodeBinaryOrSkip()).workDir(tmp.resolve("net"))
                .nodeArgs(0, List.of("-signer=" + script)).start()) {
            RegtestNode node = net.node(0);
            PsbtService psbts = new PsbtService(node.client());
            WalletService wallets = new WalletService(node.client());
            node.call("createwallet", "device");
            String fingerprint = FakeSignerTool.configure(signerDir, node.callWallet("device", "listdescriptors"), "");

            List<ExternalSigner> signers = get(psbts.enumerateSigners());
            LOG.info("enumeratesigners: {}", node.call("enumeratesigners"));
            assertEquals(List.of(new ExternalSigner(fingerprint, "fake_t")), signers);

            assertEquals("hww", get(psbts.createExternalSignerWallet("hww")));
            JsonNode info = node.callWallet("hww", "getwalletinfo");
            LOG.info("getwalletinfo of the signer wallet: {}", info);
            assertTrue(info.path("external_signer").asBoolean());
            String addr = node.callWallet("hww", "getnewaddress", "", "bech32").asText();
            assertEquals(node.callWallet("device", "getnewaddress", "", "bech32").asText(), addr, "the device's own keys");

            node.call("generatetoaddress", 101, addr);
            SendPreview p = get(wallets.preview("hww", new SendRequest(OUTSIDE, 100_000_000, false, FeeChoice.rate(new java.math.BigDecimal("2")), "")));
            // the device refuses: the node's words
            ExecutionException refused = assertThrows(ExecutionException.class, () -> psbts.sign("hww", p.psbt(), null).get(120, TimeUnit.SECONDS));
            LOG.info("walletprocesspsbt when signtx refuses: {}", refused.getCause().getMessage());
            assertInstanceOf(JsonRpcException.class, refused.getCause());
            // the device signs (its answer: what wallet device, holding the same keys, signs)
            String signedByDevice = node.callWallet("device", "walletprocesspsbt", p.psbt(), true, "DEFAULT", true, false).path("psbt").asText();
            FakeSignerTool.configure(signerDir, node.callWallet("device", "listdescriptors"), signedByDevice);
            ProcessedPsbt signed = get(psbts.sign("hww", p.psbt(), null));
            LOG.info("walletprocesspsbt through signtx: complete={}", signed.complete());
            assertEquals("finalizer", get(psbts.analyze(signed.psbt())).next());
            ProcessedPsbt fin = get(psbts.finalizePsbt(signed.psbt()));
            assertTrue(fin.complete());
            String txid = get(psbts.broadcast(fin.hex()));
            assertTrue(node.call("getrawmempool").toString().contains(txid));
            String log = Files.readString(signerDir.resolve("fake-signer.log"));
            LOG.info("fake signer calls: {}", log);
            assertTrue(log.contains("\"signtx\"") && log.contains("\"getdescriptors\"") && log.contains("\"enumerate\""), log);
        }
    }
}
