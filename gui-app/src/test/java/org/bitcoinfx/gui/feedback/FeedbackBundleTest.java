package org.bitcoinfx.gui.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipInputStream;
import org.bitcoinfx.ipc.IpcEvent;
import org.junit.jupiter.api.Test;

class FeedbackBundleTest {
    @Test
    void redactsSecrets() {
        assertEquals("-debug=ipc -rpcpassword=*** -rpcauth=*** -listen=0",
                FeedbackBundle.redact("-debug=ipc -rpcpassword=hunter2 -rpcauth=u:salt$hash -listen=0"));
        assertEquals("", FeedbackBundle.redact(""));
    }

    @Test
    void redactsQuotedAndProxyArguments() {
        assertEquals("-rpcpassword=*** -torpassword=*** -proxy=***@127.0.0.1:9050 -listen=0",
                FeedbackBundle.redact("-rpcpassword=\"two words\"  -torpassword='a b' -proxy=alice:pw@127.0.0.1:9050 -listen=0"));
    }

    /** Lines as the app (NodeSession's argument list) and bitcoin-node's debug.log with -debug=ipc write them. */
    @Test
    void logTailsLoseEverySecret() {
        String tprv = "tprv8ZgxMBicQKsPeDgjzdC36fs6bMjGApWDNLR9erAXMs5skhMv36j9MV5ecvfavji5khqjWaWSFhN3YcCUUdiKH6isR4Pwy3U5y5egddBr16m";
        String wif = "cNBc3SWUip9PPm1GjRoLEJT6T41iNzCYtD7qro84FMnM5zEqeJsE";
        List<String> lines = List.of(
                "2026-12-02T17:00:00Z INFO [JavaFX Application Thread] org.bitcoinfx.gui.node.NodeSession - starting bitcoin-node: "
                        + "[-chain=regtest, -datadir=/tmp/d, -rpcpassword=hunter2, -torpassword=s3cret, -rpcauth=alice:salt$hash, "
                        + "-proxy=alice:pw1@127.0.0.1:9050, -listen=0]",
                "2026-12-02T17:00:01Z [ipc:trace] {bitcoin-node-1/b-capnp-loop-2} IPC server recv request  #12 Rpc.executeRpc$Params "
                        + "(context = (thread = <external capability>), request = \"{\\\"jsonrpc\\\":\\\"2.0\\\",\\\"method\\\":\\\"walletpassphrase\\\","
                        + "\\\"params\\\":[\\\"correct horse\\\",60],\\\"id\\\":3}\", uri = \"/wallet/w\", user = \"\")",
                "{\"jsonrpc\":\"2.0\",\"method\":\"createwallet\",\"params\":[\"w\",false,false,\"correct horse\"],\"id\":4}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"deriveaddresses\",\"params\":[\"wpkh(" + tprv.substring(0, 40) + "\"],\"id\":5}",
                "IPC server send response #13 Rpc.executeRpc$Results (result = \"{\\\"descriptors\\\":[{\\\"desc\\\":\\\"wpkh(" + tprv + "/84h/1h/0h/0/*)#abc\\\"}]}\")",
                "dumpprivkey result " + wif,
                "java.lang.IllegalStateException: boom\n\tat x.y(Z.java:1) -walletpassphrase=hunter2");
        String out = FeedbackBundle.redactLines(lines);
        for (String secret : List.of("hunter2", "s3cret", "salt$hash", "alice:pw1", "correct horse", tprv.substring(0, 40), wif)) {
            assertFalse(out.contains(secret), secret + " in\n" + out);
        }
        assertTrue(out.contains("-chain=regtest, -datadir=/tmp/d, -rpcpassword=***, -torpassword=***, -rpcauth=***, -proxy=***@127.0.0.1:9050, -listen=0]"), out);
        assertTrue(out.contains("(parameters of walletpassphrase redacted)"), out);
        assertTrue(out.contains("uri") == false || out.contains("walletpassphrase"), out);
        assertTrue(out.contains("\tat x.y(Z.java:1)"), "stack traces are kept, line by line");
        assertEquals(8, out.lines().count(), "one line out per line in");
    }

    @Test
    void summaryAndZip() throws Exception {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        String s = FeedbackBundle.ipcSummary(List.of(
                new IpcEvent("Mining", "getTip", "t1", t, 300_000, 80, 120, "ok"),
                new IpcEvent("Mining", "getTip", "t1", t, 500_000, 80, 120, "FAILED: x")));
        assertTrue(s.contains("Mining.getTip"));
        assertTrue(s.lines().anyMatch(l -> l.startsWith("Mining.getTip") && l.contains(" 2 ") && l.contains(" 1 ")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FeedbackBundle.writeZip(Map.of("a.txt", "x".getBytes(), "b.txt", "y".getBytes()), out);
        List<String> names = new ArrayList<>();
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            for (var e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                names.add(e.getName());
            }
        }
        assertEquals(List.of("bitcoinfx-feedback/a.txt", "bitcoinfx-feedback/b.txt"), names.stream().sorted().toList());
    }
}
