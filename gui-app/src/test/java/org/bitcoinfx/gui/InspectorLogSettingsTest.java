package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import org.bitcoinfx.gui.feedback.FeedbackBundle;
import org.bitcoinfx.gui.settings.Settings;
import org.bitcoinfx.gui.settings.SettingsStore;
import org.bitcoinfx.gui.settings.Theme;
import org.bitcoinfx.ipc.IpcEvent;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/** IPC inspector, node log search, settings save + restart, theme switch, feedback bundle. */
class InspectorLogSettingsTest extends AppTestBase {
    @Test
    @SuppressWarnings("unchecked")
    void inspectorShowsAndFiltersIpcCalls() throws Exception {
        waitReady();
        showPage("IPC inspector");
        TableView<IpcEvent> table = lookup("#ipc-table").queryAs(TableView.class);
        waitUntil(() -> table.getItems().stream().anyMatch(e -> e.method().equals("executeRpc")));
        backend.generate(1);
        waitUntil(() -> table.getItems().stream().anyMatch(e -> e.method().equals("waitTipChanged")));
        clickOn("#ipc-filter").write("waitTip");
        waitUntil(() -> !table.getItems().isEmpty() && table.getItems().stream().allMatch(e -> e.method().equals("waitTipChanged")));

        // hidden, the page follows nothing; shown again, it lists every call of the log, the latest on top
        clickOn("#ipc-filter").eraseText("waitTip".length());
        showPage("Status");
        long tipsBefore = WaitForAsyncUtils.asyncFx(() -> app.ipcLog().events().stream().filter(e -> e.method().equals("waitTipChanged")).count()).get();
        backend.generate(2);
        waitUntil(() -> app.ipcLog().events().stream().filter(e -> e.method().equals("waitTipChanged")).count() >= tipsBefore + 2);
        showPage("IPC inspector");
        // both read in one go on the FX thread, where the log and the table change
        java.util.List<java.util.List<IpcEvent>> both = WaitForAsyncUtils.asyncFx(
                () -> java.util.List.of(java.util.List.copyOf(app.ipcLog().events()), java.util.List.copyOf(table.getItems()))).get();
        java.util.List<IpcEvent> log = both.get(0);
        java.util.List<IpcEvent> items = both.get(1);
        assertEquals(new java.util.HashSet<>(log), new java.util.HashSet<>(items), "the table shows the whole log");
        IpcEvent oldestTip = log.stream().filter(e -> e.method().equals("waitTipChanged")).findFirst().orElseThrow();
        IpcEvent latestTip = log.stream().filter(e -> e.method().equals("waitTipChanged")).reduce((a, b) -> b).orElseThrow();
        assertTrue(items.indexOf(latestTip) < items.indexOf(oldestTip), "the latest call above the oldest");
    }

    @Test
    @SuppressWarnings("unchecked")
    void nodeLogSearch() throws Exception {
        waitReady();
        backend.generate(2);
        showPage("Node log");
        ListView<String> log = lookup("#node-log").queryAs(ListView.class);
        waitUntil(() -> log.getItems().stream().filter(l -> l.contains("UpdateTip")).count() == 1);
        clickOn("#log-search").write("UpdateTip");
        waitUntil(() -> log.getItems().size() == 1 && log.getItems().get(0).contains("height=22"));
    }

    @Test
    void settingsSaveRestartsNodeAndThemeSwitches() throws Exception {
        waitReady();
        showPage("Settings");
        clickOn("#settings-extra-args").write("-debug=ipc");
        saveSettings();
        waitUntil(() -> backend.starts() == 2);
        waitReady();
        assertTrue(backend.lastSettings().toArgs().contains("-debug=ipc"));
        assertEquals("-debug=ipc", new SettingsStore(settingsFile).load().extraArgsProperty().get());

        clickOn("#theme-toggle");
        waitUntil(() -> app.context().settings().themeProperty().get() == Theme.DARK);
        waitUntil(() -> new SettingsStore(settingsFile).load().themeProperty().get() == Theme.DARK);
    }

    @Test
    void feedbackBundleHasWindowPictureAndNoSecrets() throws Exception {
        waitReady();
        // -torpassword is a secret the node may be given (-rpcpassword never reaches a node: RefusedExtraArgsAppTest)
        interact(() -> app.context().settings().extraArgsProperty().set("-torpassword=hunter2 -debug=ipc"));
        // the app logs the node's arguments when it starts it: the app log tail must not give the password away
        interact(() -> app.context().session().restart(app.context().settings()));
        waitUntil(() -> backend.starts() == 2);
        waitReady();
        // the bundle sums up the IPC calls answered so far. READY comes before the new connection's first Rpc call is
        // answered, and the restart can cut the first connection's calls short: the stress round once gathered a
        // bundle with no Rpc.executeRpc in it. Wait for one to be logged.
        waitUntil(() -> app.ipcLog().events().stream().anyMatch(e -> "Rpc".equals(e.interfaceName()) && "executeRpc".equals(e.method())));
        Map<String, byte[]> files = WaitForAsyncUtils.asyncFx(
                () -> FeedbackBundle.gather(app.context(), app.ipcLog(), app.root())).get();
        assertTrue(files.keySet().containsAll(java.util.List.of("versions.txt", "settings.json", "ipc-calls.txt",
                "node-log-tail.txt", "app-log-tail.txt", "window.png")), files.keySet().toString());
        assertTrue(new String(files.get("app-log-tail.txt"), StandardCharsets.UTF_8).contains("starting bitcoin-node"));
        byte[] png = files.get("window.png");
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        String settings = new String(files.get("settings.json"), StandardCharsets.UTF_8);
        assertFalse(settings.contains("hunter2"));
        assertTrue(settings.contains("-torpassword=***"));
        assertTrue(new String(files.get("versions.txt"), StandardCharsets.UTF_8).contains("bitcoin-node v32.0.0"));
        assertTrue(new String(files.get("ipc-calls.txt"), StandardCharsets.UTF_8).contains("Rpc.executeRpc"));
        String appLog = new String(files.get("app-log-tail.txt"), StandardCharsets.UTF_8);
        assertTrue(appLog.contains("-torpassword=***"), "the argument is there, its value is not");
        for (var f : files.entrySet()) {
            assertFalse(new String(f.getValue(), StandardCharsets.ISO_8859_1).contains("hunter2"), f.getKey());
        }
    }

    /** bitcoin-node with -debug=ipc writes executeRpc requests, walletpassphrase's included, to debug.log; the Node log page shows them. */
    @Test
    @SuppressWarnings("unchecked")
    void anIpcTraceWithAPassphraseIsBlankInTheFeedbackPicture() throws Exception {
        waitReady();
        String trace = "[ipc:trace] {bitcoin-node-1/b-capnp-loop-2} IPC server recv request  #12 Rpc.executeRpc$Params (request = "
                + "\"{\\\"jsonrpc\\\":\\\"2.0\\\",\\\"method\\\":\\\"walletpassphrase\\\",\\\"params\\\":[\\\"hunter2\\\",60],\\\"id\\\":7}\", uri = \"/wallet/w\")";
        backend.log(trace);
        showPage("Node log");
        ListView<String> log = lookup("#node-log").queryAs(ListView.class);
        waitUntil(() -> log.getItems().stream().anyMatch(l -> l.contains("hunter2")));
        interact(() -> log.scrollTo(log.getItems().size() - 1));
        // a cell takes its line at the layout pass that follows the scroll: wait for it to show the request
        waitUntil(() -> WaitForAsyncUtils.asyncFx(() -> FeedbackBundle.secretNodes(app.root()).stream()
                .filter(n -> n instanceof javafx.scene.control.ListCell<?> c && c.getText() != null && c.getText().contains("hunter2"))
                .count() == 1L).get());
        Map<String, byte[]> files = WaitForAsyncUtils.asyncFx(() -> FeedbackBundle.gather(app.context(), app.ipcLog(), app.root())).get();
        String nodeLog = new String(files.get("node-log-tail.txt"), StandardCharsets.UTF_8);
        assertFalse(nodeLog.contains("hunter2"), nodeLog);
        assertTrue(nodeLog.contains("(parameters of walletpassphrase redacted)"), nodeLog);
        interact(() -> assertTrue(lookup("#node-log").query().isVisible(), "shown again after the picture"));
    }
}
