package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Node;
import javafx.scene.control.Label;
import org.bitcoinfx.gui.console.ConsoleEntry;
import org.bitcoinfx.gui.console.ConsolePage;
import org.bitcoinfx.gui.console.ConsoleViewModel;
import org.bitcoinfx.gui.util.Json;
import org.bitcoinfx.gui.util.PrettyJson;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The console with a multi-MB answer: {@code getblock <hash> 2} of a FakeNode block of thousands of
 * transactions ({@code FakeNode.seedMempool} then one block). Its formatting is held on a latch the test
 * owns while the console goes on answering (the JavaFX thread is free: shown by events, not timing); then
 * the first screen only is shown (streamed from the reply: the first 100 lines of the whole text {@link Json#pretty}
 * makes of the node's own reply), "Show more" adds a chunk (printed on the formatter thread: held there, the JavaFX
 * thread goes on), "Save to file…" writes the whole answer as the console formats it (byte-identical to
 * {@link Json#pretty}'s), a save into a directory that cannot be written says so and loses nothing, and "Show
 * more" to the end shows the whole text.
 */
class ConsoleBigAnswerTest extends AppTestBase {
    /** Transactions in the big block: about 1.6 KB of pretty JSON each. */
    static final int TXS = 3_500;
    /** Reads a reply as IpcRpc does (decimals exact, as the node sent them). */
    private static final ObjectMapper EXACT = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private ConsolePage page() {
        return (ConsolePage) app.mainWindow().currentPage();
    }

    private ConsoleEntry last() throws Exception {
        return WaitForAsyncUtils.asyncFx(this::lastNow).get();
    }

    /** The last entry; on the JavaFX thread. */
    private ConsoleEntry lastNow() {
        var es = page().viewModel().entries();
        return es.get(es.size() - 1);
    }

    private void run(String command) {
        interact(() -> {
            javafx.scene.control.TextField in = lookup("#console-input").query();
            in.setText(command);
            in.getOnAction().handle(null);
        });
    }

    @Test
    void bigBlockFirstScreenFormattedOffTheFxThreadAndSavedWhole() throws Exception {
        waitReady();
        backend.node().seedMempool(TXS);
        String hash = backend.node().generate(1).hashHex();
        showPage("Console");

        // the console's formatter: each task on a thread of its own, the next one held on a latch when the test asks
        AtomicReference<CountDownLatch> holdNext = new AtomicReference<>();
        CountDownLatch held = new CountDownLatch(1);
        java.util.Set<String> formatThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Executor holding = r -> {
            CountDownLatch gate = holdNext.getAndSet(null);
            Thread t = new Thread(() -> {
                formatThreads.add(Thread.currentThread().getName() + (javafx.application.Platform.isFxApplicationThread() ? " (FX)" : ""));
                if (gate != null) {
                    held.countDown();
                    try {
                        gate.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                r.run();
            }, "test-format");
            t.setDaemon(true);
            t.start();
        };
        CountDownLatch release = new CountDownLatch(1);
        holdNext.set(release); // the big answer's formatting waits until the test lets it go
        interact(() -> page().viewModel().setFormatter(holding));

        run("getblock " + hash + " 2");
        ConsoleEntry big = last();
        assertTrue(held.await(60, TimeUnit.SECONDS), "the node answered; its formatting waits on the test's latch");
        waitUntil(60, () -> ConsoleViewModel.FORMATTING.equals(big.textProperty().get()));
        assertEquals(ConsoleEntry.Kind.PENDING, big.kindProperty().get(), "still pending while the answer is formatted");
        // meanwhile the JavaFX thread is free: another command runs and shows its answer
        run("getblockcount");
        waitUntil(60, () -> lastNow() != big && lastNow().kindProperty().get() == ConsoleEntry.Kind.RESULT);
        assertEquals("21", last().textProperty().get());
        assertEquals(ConsoleEntry.Kind.PENDING, big.kindProperty().get(), "the big answer still waits for the latch");

        // the node's own answer, pretty-printed by Json.pretty from its tree: what the console must show and save
        String request = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getblock\",\"params\":[\"" + hash + "\",2]}";
        String raw = backend.client().rpc().executeRaw(request, "/").get(60, TimeUnit.SECONDS);
        JsonNode nodeResult = EXACT.readTree(raw).get("result");
        String pretty = Json.pretty(nodeResult);
        byte[] expected = (pretty + "\n").getBytes(StandardCharsets.UTF_8);

        release.countDown();
        waitUntil(120, () -> big.kindProperty().get() == ConsoleEntry.Kind.RESULT);
        assertTrue(big.isStreamed(), "a multi-MB answer is streamed, not held whole");
        String shown = big.textProperty().get();
        assertEquals(String.join("\n", pretty.lines().limit(ConsoleViewModel.FIRST_SCREEN_LINES).toList()), shown,
                "the first screen: the first 100 lines of Json.pretty's whole text");
        waitUntil(120, () -> big.hiddenCharsProperty().get() >= 0); // measured after the first screen
        String full = big.fullText();
        assertEquals(pretty, full, "the whole text, printed again from the reply, is Json.pretty's");
        assertEquals(pretty.length(), big.totalChars());
        assertEquals(pretty.split("\n", -1).length, big.totalLines());
        System.out.printf("getblock %s 2: %,d chars, %,d lines; first screen %,d chars%n", hash, full.length(), big.totalLines(), shown.length());
        assertTrue(full.length() > 4_000_000, "a multi-MB answer: " + full.length());
        assertTrue(full.startsWith(shown));
        assertTrue(shown.length() <= ConsoleViewModel.FIRST_SCREEN_CHARS, "the first screen only: " + shown.length());
        assertTrue(shown.split("\n", -1).length <= ConsoleViewModel.FIRST_SCREEN_LINES);
        assertEquals(full.length() - shown.length(), big.hiddenCharsProperty().get());

        // the view shows the first screen and the bar under it
        Label label = WaitForAsyncUtils.asyncFx(() -> (Label) lookup(".console-result").queryAll().stream()
                .filter(n -> ((Label) n).getText().equals(shown)).findFirst().orElseThrow()).get();
        assertTrue(label.getText().startsWith("{"), "pretty JSON");
        Node more = WaitForAsyncUtils.asyncFx(() -> label.getGraphic().lookup("#console-show-more")).get();
        assertTrue(more.isVisible());
        // "Show more" prints its chunk on the formatter thread: held there, the JavaFX thread runs another command
        CountDownLatch releaseMore = new CountDownLatch(1);
        holdNext.set(releaseMore);
        clickOn(more);
        waitUntil(60, () -> holdNext.get() == null); // the chunk's task took the latch
        run("getblockcount");
        waitUntil(60, () -> lastNow() != big && "21".equals(lastNow().textProperty().get()));
        assertEquals(shown, big.textProperty().get(), "nothing more shown while its printing is held");
        releaseMore.countDown();
        waitUntil(() -> big.textProperty().get().length() > shown.length());
        String more1 = big.textProperty().get();
        assertTrue(full.startsWith(more1));
        assertTrue(more1.split("\n", -1).length <= ConsoleViewModel.FIRST_SCREEN_LINES + ConsoleViewModel.MORE_LINES, "one chunk more");
        int end1 = PrettyJson.cut(pretty, shown.length(), ConsoleViewModel.MORE_LINES + 1, ConsoleViewModel.MORE_CHARS);
        assertEquals(pretty.substring(0, end1), more1, "the chunk the whole text's cut gives");
        assertEquals(full.length() - more1.length(), big.hiddenCharsProperty().get());
        assertTrue(formatThreads.stream().allMatch(n -> n.equals("test-format")), "formatting only on the formatter: " + formatThreads);

        String shots = System.getProperty("bitcoinfx.test.consoleShots");
        if (shots != null) { // -Dbitcoinfx.test.consoleShots=DIR: the first screen and its bar
            var img = WaitForAsyncUtils.asyncFx(() -> app.root().snapshot(null, null)).get();
            Path png = Files.createDirectories(Path.of(shots)).resolve("console-big-answer.png");
            javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(img, null), "png", png.toFile());
        }

        // a save into a directory that cannot be written fails, says so, and loses nothing
        Path ro = Files.createDirectory(tmp.resolve("read-only"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        Path bad = ro.resolve("block.json");
        if (Files.isWritable(ro)) { // root: permissions do not stop it; /sys refuses new files to root too
            bad = Path.of("/sys/bitcoinfx-console-test.json");
        }
        Path badTarget = bad;
        AtomicReference<Path> target = new AtomicReference<>(badTarget);
        interact(() -> page().setSaveFileChooser(w -> target.get()));
        Node save = WaitForAsyncUtils.asyncFx(() -> label.getGraphic().lookup("#console-save")).get();
        clickOn(save);
        waitUntil(60, () -> !big.savingProperty().get() && !big.saveMessageProperty().get().isEmpty()
                && !big.saveMessageProperty().get().equals("Saving…"));
        assertTrue(big.saveFailedProperty().get(), big.saveMessageProperty().get());
        String msg = big.saveMessageProperty().get();
        assertTrue(msg.startsWith("Could not save to " + badTarget + ": "), msg);
        System.out.println("failed save: " + msg);
        assertFalse(Files.exists(badTarget), "no partial file");
        assertEquals(full, big.fullText(), "the answer is all still there");
        assertEquals(ConsoleEntry.Kind.RESULT, big.kindProperty().get());
        Label shownMsg = WaitForAsyncUtils.asyncFx(() -> (Label) label.getGraphic().lookup("#console-save-message")).get();
        assertEquals(msg, shownMsg.getText());

        // saved again where it can be: the whole answer, byte for byte
        Path good = tmp.resolve("block.json");
        target.set(good);
        clickOn(save);
        waitUntil(60, () -> !big.savingProperty().get() && big.saveMessageProperty().get().startsWith("Saved"));
        assertFalse(big.saveFailedProperty().get());
        byte[] file = Files.readAllBytes(good);
        assertEquals(expected.length, file.length, "the whole answer");
        assertArrayEquals(expected, file, "the node's JSON pretty-printed, byte for byte");
        assertEquals(nodeResult, EXACT.readTree(file), "and it reads back as the node's result");
        try (var left = Files.list(tmp)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no temporary file left");
        }

        // "Show more" to the end: the chunks, one after the other, are the whole text. Off the page: a label of
        // MBs laid out again at each chunk (the view's cost, not the stream's) would make this minutes
        ConsoleViewModel vm = page().viewModel();
        showPage("Status");
        CompletableFuture<Void> all = new CompletableFuture<>();
        AtomicInteger clicks = new AtomicInteger();
        Runnable[] step = new Runnable[1];
        step[0] = () -> {
            if (big.hiddenCharsProperty().get() == 0 || !big.restErrorProperty().get().isEmpty()) {
                all.complete(null);
            } else {
                clicks.incrementAndGet();
                vm.showMore(big).thenRun(step[0]);
            }
        };
        interact(step[0]);
        all.get(300, TimeUnit.SECONDS);
        assertEquals("", big.restErrorProperty().get());
        assertEquals(pretty, big.textProperty().get(), "all shown: the whole text, after " + clicks.get() + " more");
        assertTrue(formatThreads.stream().allMatch(n -> n.equals("test-format")), "formatting only on the formatter: " + formatThreads);
    }
}
