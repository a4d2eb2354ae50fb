package org.bitcoinfx.gui.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * {@link PrettyJson} prints from a parser the very text {@link Json#pretty} prints from the tree of the same answer
 * (read as IpcRpc reads replies: decimals exact), whole, measured, or in the console's chunks.
 */
class PrettyJsonTest {
    /** Reads as IpcRpc does (decimals exact, as the node sent them). */
    private static final ObjectMapper EXACT = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    /** The console's chunks: its first screen, then "Show more" (ConsoleViewModel's numbers). */
    private static final int FIRST_LINES = 100;
    private static final int FIRST_CHARS = 8 * 1024;
    private static final int MORE_LINES = 1_000;
    private static final int MORE_CHARS = 64 * 1024;

    private static JsonParser parser(String json) {
        try {
            return EXACT.getFactory().createParser(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tree(String json) throws IOException {
        return Json.pretty(EXACT.readTree(json));
    }

    /**
     * A {@code getblock <hash> 2} answer shaped as the node writes it ({@code src/rpc/blockchain.cpp} blockToJSON,
     * {@code src/core_io.cpp} TxToUniv): amounts with 8 decimals, regtest's difficulty in exponent form, a
     * coinbase, witnesses, and labels with escapes and non-ASCII text.
     */
    static String block(int txs) {
        StringBuilder b = new StringBuilder(txs * 900);
        String h = "3f".repeat(32);
        b.append("{\"hash\":\"").append(h).append("\",\"confirmations\":1,\"height\":201,\"version\":536870912,")
                .append("\"versionHex\":\"20000000\",\"merkleroot\":\"").append(h).append("\",\"time\":1733500000,")
                .append("\"mediantime\":1733499000,\"nonce\":0,\"bits\":\"207fffff\",\"target\":\"7fffff").append("0".repeat(58))
                .append("\",\"difficulty\":4.656542373906925e-10,\"chainwork\":\"").append("0".repeat(61)).append("194\",")
                .append("\"nTx\":").append(txs).append(",\"previousblockhash\":\"").append(h).append("\",")
                .append("\"strippedsize\":123456,\"size\":234567,\"weight\":604935,\"tx\":[");
        for (int i = 0; i < txs; i++) {
            String id = String.format(Locale.ROOT, "%064x", i * 7919L + 1);
            b.append(i == 0 ? "" : ",").append("{\"txid\":\"").append(id).append("\",\"hash\":\"").append(id)
                    .append("\",\"version\":2,\"size\":222,\"vsize\":141,\"weight\":561,\"locktime\":").append(i).append(",\"vin\":[");
            if (i == 0) {
                b.append("{\"coinbase\":\"02c9000101\",\"txinwitness\":[\"").append("0".repeat(64)).append("\"],\"sequence\":4294967295}");
            } else {
                b.append("{\"txid\":\"").append(id).append("\",\"vout\":").append(i % 3).append(",\"scriptSig\":{\"asm\":\"\",\"hex\":\"\"},")
                        .append("\"txinwitness\":[\"3044").append("ab".repeat(34)).append("01\",\"02").append("cd".repeat(32))
                        .append("\"],\"sequence\":4294967293}");
            }
            b.append("],\"vout\":[{\"value\":").append(i == 0 ? "50.00001000" : "0.00001000").append(",\"n\":0,\"scriptPubKey\":{")
                    .append("\"asm\":\"0 ").append("ef".repeat(20)).append("\",\"desc\":\"addr(bcrt1q").append(i)
                    .append(")#abcdefgh\",\"hex\":\"0014").append("ef".repeat(20)).append("\",\"address\":\"bcrt1q").append(i)
                    .append("\",\"type\":\"witness_v0_keyhash\"}},{\"value\":").append(i % 2 == 0 ? "1.50000000" : "0E-8")
                    .append(",\"n\":1,\"scriptPubKey\":{\"asm\":\"OP_RETURN\",\"desc\":\"raw(6a)#q\",\"hex\":\"6a\",\"type\":\"nulldata\"}}]");
            if (i > 0) {
                b.append(",\"fee\":0.00000141");
            }
            if (i % 97 == 5) {
                b.append(",\"label\":\"caf\\u00e9 \\\"q\\\" \\\\ \\n\\t \\u0001 \uD83D\uDE00 \u20bf \\u2028 \\/\",\"empty\":{},\"none\":[],")
                        .append("\"nested\":[[1,[2,{}]],[],{\"a\":null,\"b\":true,\"c\":false,\"d\":-0,\"e\":18446744073709551616,")
                        .append("\"f\":-9223372036854775808,\"g\":2147483648,\"h\":1.0E+2,\"i\":-0.0}]");
            }
            b.append(",\"hex\":\"02000000").append("00".repeat(100)).append("\"}");
        }
        return b.append("]}").toString();
    }

    @Test
    void sameTextAsJsonPrettyOfTheTree() throws IOException {
        List<String> answers = new ArrayList<>(List.of("101", "-7", "0.00001000", "50.00000000", "4.656542373906925e-10", "1e-5",
                "18446744073709551616", "true", "false", "null", "{}", "[]", "[[]]", "{\"a\":{}}", "[1,\"x\",null,[2,[3]],{\"k\":[]}]",
                "\"plain text, printed without quotes\"", "\"caf\u00e9 \\\"q\\\"\\n second line \uD83D\uDE00\"", "\"\"",
                "{\"warnings\":[\"\\\"quoted\\\" \\\\ back\\tslash\"],\"relayfee\":0.00001000,\"incrementalfee\":0.00000100}"));
        answers.add(block(40));
        for (String a : answers) {
            String expected = tree(a);
            assertEquals(expected, PrettyJson.toString(parser(a)), a.length() > 100 ? a.substring(0, 100) : a);
            PrettyJson.Size size = PrettyJson.measure(parser(a));
            assertEquals(expected.length(), size.chars(), a);
            assertEquals(expected.split("\n", -1).length, size.lines(), a);
            StringWriter w = new StringWriter();
            PrettyJson.write(parser(a), w);
            assertEquals(expected, w.toString());
        }
        assertTrue(PrettyJson.toString(parser("0.00001000")).equals("0.00001000"), "as the node wrote it");
        assertTrue(tree(block(3)).contains("\"difficulty\": 0.0000000004656542373906925"), "plain, as today");
    }

    /** The old way's chunks: the whole text cut (ConsoleViewModel.cut) into the first screen, then "Show more"'s. */
    private static List<String> cutWhole(String whole) {
        List<String> out = new ArrayList<>();
        int end = PrettyJson.cut(whole, 0, FIRST_LINES, FIRST_CHARS);
        out.add(whole.substring(0, end));
        while (end < whole.length()) {
            int next = PrettyJson.cut(whole, end, MORE_LINES + 1, MORE_CHARS);
            out.add(whole.substring(end, next));
            end = next;
        }
        return out;
    }

    private static List<String> streamed(String json) {
        List<String> out = new ArrayList<>();
        try (PrettyJson s = PrettyJson.over(parser(json))) {
            out.add(s.next(FIRST_LINES, FIRST_CHARS));
            while (!s.done()) {
                out.add(s.next(MORE_LINES + 1, MORE_CHARS));
            }
        }
        return out;
    }

    @Test
    void streamedChunksAreTheWholeTextsChunks() throws IOException {
        String json = block(1_200); // about 1.9 MB of text
        String whole = tree(json);
        List<String> chunks = streamed(json);
        assertEquals(cutWhole(whole), chunks, "the same chunks, in the same places");
        assertEquals(whole, String.join("", chunks), "and together the whole");
        assertTrue(whole.length() > 1_000_000, "a big answer: " + whole.length());
        String first100 = String.join("\n", whole.lines().limit(FIRST_LINES).toList());
        assertEquals(first100, chunks.get(0), "the first screen: the first 100 lines of the whole text");
        assertTrue(chunks.size() > 10);
    }

    /** One long line (a {@code getblock <hash> 0}'s hex): chunks by chars, never cutting a surrogate pair. */
    @Test
    void longLinesAreCutByCharsAndNeverInsideASurrogatePair() throws IOException {
        String emoji = "\uD83D\uDE00";
        for (int at : new int[] {FIRST_CHARS - 1, FIRST_CHARS - 2, FIRST_CHARS, FIRST_CHARS + MORE_CHARS - 1}) {
            String text = "a".repeat(at) + emoji + "b".repeat(200_000);
            for (String json : new String[] {"\"" + text + "\"", "[\"" + text + "\"]"}) {
                String whole = tree(json);
                List<String> chunks = streamed(json);
                assertEquals(cutWhole(whole), chunks, "at " + at);
                for (String c : chunks) {
                    assertFalse(!c.isEmpty() && Character.isHighSurrogate(c.charAt(c.length() - 1)), "a pair cut in two at " + at);
                }
            }
        }
        assertEquals("", PrettyJson.over(parser("\"\"")).next(FIRST_LINES, FIRST_CHARS));
    }

    /** A truncated value: the chunks before the break stand (the whole text's start), then a clear error. */
    @Test
    void aTruncatedValueFailsClearlyAndKeepsWhatWasPrinted() throws IOException {
        String json = block(400);
        String whole = tree(json);
        String truncated = json.substring(0, json.length() / 2);
        List<String> got = new ArrayList<>();
        PrettyJson s = PrettyJson.over(parser(truncated));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> {
            got.add(s.next(FIRST_LINES, FIRST_CHARS));
            while (!s.done()) {
                got.add(s.next(MORE_LINES + 1, MORE_CHARS));
            }
        });
        assertTrue(e.getMessage().contains("the answer is not whole JSON") && e.getMessage().contains("end-of-input"), e.getMessage());
        assertTrue(got.size() > 1, "chunks were printed before the break");
        assertTrue(whole.startsWith(String.join("", got)), "what was printed is the whole text's start");
        assertThrows(UncheckedIOException.class, () -> PrettyJson.toString(parser(truncated)));
        assertThrows(UncheckedIOException.class, () -> PrettyJson.measure(parser("{\"a\":[1,2}")));
    }
}
