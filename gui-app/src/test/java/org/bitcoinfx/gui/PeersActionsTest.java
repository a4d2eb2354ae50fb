package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.scene.control.MenuButton;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import org.bitcoinfx.gui.peers.BanEntry;
import org.bitcoinfx.gui.peers.PeerInfo;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Peers page's actions on FakeNode: ban (24 hours, a week, a typed time), the ban list with unban and clear,
 * disconnect, add a peer; each asked first (Confirm/Cancel), bad input refused inline with no call, the node's
 * refusals in its words; and the details' transport, session id and bytes by message.
 */
class PeersActionsTest extends AppTestBase {
    @SuppressWarnings("unchecked")
    private TableView<PeerInfo> peers() {
        return lookup("#peers-table").queryAs(TableView.class);
    }

    @SuppressWarnings("unchecked")
    private TableView<BanEntry> banned() {
        return lookup("#banned-table").queryAs(TableView.class);
    }

    private List<String> addrs() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> peers().getItems().stream().map(PeerInfo::addr).toList()).get();
    }

    private List<String> bans() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> banned().getItems().stream().map(BanEntry::address).toList()).get();
    }

    private void select(String addr) throws Exception {
        interact(() -> peers().getItems().stream().filter(p -> p.addr().equals(addr)).findFirst()
                .ifPresent(p -> peers().getSelectionModel().select(p)));
        waitUntil(() -> peers().getSelectionModel().getSelectedItem() != null);
    }

    private void banMenu(int item) {
        interact(() -> ((MenuButton) lookup("#peer-ban").query()).getItems().get(item).fire());
    }

    private void type(String id, String text) {
        interact(() -> ((TextField) lookup(id).query()).setText(text));
    }

    @Test
    void banConfirmedListedUnbannedAndCleared() throws Exception {
        waitReady();
        showPage("Peers");
        waitUntil(() -> peers().getItems().size() == 3);
        select("127.0.0.1:18444");
        banMenu(0); // for 24 hours
        waitText("#peer-confirm-text", "Ban 127.0.0.1 (peer 0) for 24 hours? Every peer from it is disconnected.");
        assertEquals(0, backend.client().rpcCount("setban"), "asked, not done");
        clickOn("#peer-confirm-yes");
        waitUntil(() -> bans().equals(List.of("127.0.0.1/32")));
        waitText("#peer-action-done", "Banned 127.0.0.1 for 24 hours.");
        waitUntil(() -> !addrs().contains("127.0.0.1:18444"));
        BanEntry b = WaitForAsyncUtils.asyncFx(() -> banned().getItems().get(0)).get();
        assertEquals(86_400, b.banDuration());

        // a week, after a Cancel that sends nothing
        select("203.0.113.7:18444");
        banMenu(1);
        waitText("#peer-confirm-text", "Ban 203.0.113.7 (peer 1) for 1 week? Every peer from it is disconnected.");
        clickOn("#peer-confirm-no");
        waitUntil(() -> !lookup("#peer-confirm").query().isVisible());
        assertEquals(1, backend.client().rpcCount("setban"));
        banMenu(1);
        clickOn("#peer-confirm-yes");
        waitUntil(() -> bans().size() == 2);

        // unban the first: its peer comes back
        interact(() -> banned().getItems().stream().filter(e -> e.address().equals("127.0.0.1/32")).findFirst()
                .ifPresent(e -> banned().getSelectionModel().select(e)));
        clickOn("#unban");
        waitUntil(() -> bans().equals(List.of("203.0.113.7/32")));
        waitUntil(() -> addrs().contains("127.0.0.1:18444"));

        // clear all, confirmed
        clickOn("#clear-banned");
        waitText("#peer-confirm-text", "Lift the ban of 203.0.113.7/32?");
        clickOn("#peer-confirm-yes");
        waitUntil(() -> bans().isEmpty());
        waitUntil(() -> addrs().size() == 3);
        assertEquals(1, backend.client().rpcCount("clearbanned"));
    }

    /**
     * A selected ban stays selected, and Unban enabled, across the page's refreshes: the node's {@code time_remaining}
     * changes every second, and a ban list replaced on each refresh lost the table's selection (the robot's click on
     * Unban then did nothing).
     */
    @Test
    void aSelectedBanStaysSelectedAcrossRefreshes() throws Exception {
        waitReady();
        showPage("Peers");
        waitUntil(() -> peers().getItems().size() == 3);
        select("127.0.0.1:18444");
        banMenu(0);
        clickOn("#peer-confirm-yes");
        waitUntil(() -> bans().equals(List.of("127.0.0.1/32")));
        interact(() -> banned().getSelectionModel().select(0));
        waitUntil(() -> !lookup("#unban").query().isDisabled());
        long remaining = backend.node().rpc(null, "listbanned").get(0).path("time_remaining").asLong();
        waitUntil(() -> backend.node().rpc(null, "listbanned").get(0).path("time_remaining").asLong() != remaining);
        org.bitcoinfx.gui.peers.PeersPage page = WaitForAsyncUtils.asyncFx(() -> (org.bitcoinfx.gui.peers.PeersPage) app.mainWindow().currentPage()).get();
        long runs = WaitForAsyncUtils.asyncFx(() -> page.viewModel().refreshes().runs()).get();
        interact(page::refresh);
        // the refresh asked after the node's answer changed has run and ended (its answers applied)
        waitUntil(() -> WaitForAsyncUtils.asyncFx(() -> page.viewModel().refreshes().runs() > runs && !page.viewModel().refreshes().inFlight()).get());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("127.0.0.1/32", WaitForAsyncUtils.asyncFx(() -> {
            BanEntry sel = banned().getSelectionModel().getSelectedItem();
            return sel == null ? null : sel.address();
        }).get(), "the ban stays selected");
        assertFalse(lookup("#unban").query().isDisabled(), "Unban stays enabled");
        clickOn("#unban");
        waitUntil(() -> bans().isEmpty());
    }

    /**
     * At most one refresh in flight: refreshes asked while one is out (poll ticks, actions) make one more run when it
     * ends, never a pile of calls; and a run queued before the page is hidden asks nothing.
     */
    @Test
    void refreshesDoNotPileUpAndAQueuedOneAsksNothingOnceHidden() throws Exception {
        waitReady();
        var client = backend.client();
        showPage("Peers");
        waitUntil(() -> peers().getItems().size() == 3);
        org.bitcoinfx.gui.peers.PeersPage page = WaitForAsyncUtils.asyncFx(() -> (org.bitcoinfx.gui.peers.PeersPage) app.mainWindow().currentPage()).get();
        var flight = page.viewModel().refreshes();
        // no run out: one held from here on
        waitUntil(() -> WaitForAsyncUtils.asyncFx(() -> !flight.inFlight()).get());
        client.holdRpc("getpeerinfo");
        long asked = client.rpcCount("getpeerinfo");
        interact(page::refresh);
        waitUntil(() -> client.rpcCount("getpeerinfo") == asked + 1);
        long runs = WaitForAsyncUtils.asyncFx(flight::runs).get();
        interact(() -> {
            page.refresh();
            page.refresh();
            page.refresh();
        });
        assertEquals(asked + 1, client.rpcCount("getpeerinfo"), "asked while one is out: nothing sent yet");
        showPage("Status");
        client.releaseRpc("getpeerinfo");
        // the queued run starts in the FX event that ends the held one, so no run in flight means both are over
        waitUntil(() -> WaitForAsyncUtils.asyncFx(() -> !flight.inFlight()).get());
        assertEquals(runs + 1, WaitForAsyncUtils.asyncFx(flight::runs).get(), "the three requests made one queued run");
        assertEquals(asked + 1, client.rpcCount("getpeerinfo"), "the queued run asked nothing for the hidden page");
    }

    @Test
    void aCustomBanTimeIsCheckedBeforeAnyCall() throws Exception {
        waitReady();
        showPage("Peers");
        waitUntil(() -> peers().getItems().size() == 3);
        select("198.51.100.23:52113");
        type("#ban-custom", "forever");
        clickOn("#ban-custom-button");
        waitText("#peer-input-problem", "A ban time is a whole number and m, h, d or w, e.g. 36h or 3d (at most 3650 days).");
        assertFalse(lookup("#peer-confirm").query().isVisible());
        type("#ban-custom", "36h");
        clickOn("#ban-custom-button");
        waitText("#peer-confirm-text", "Ban 198.51.100.23 (peer 2) for 36 hours? Every peer from it is disconnected.");
        assertEquals("", text("#peer-input-problem"));
        clickOn("#peer-confirm-yes");
        waitUntil(() -> bans().equals(List.of("198.51.100.23/32")));
        assertEquals(36 * 3600, WaitForAsyncUtils.asyncFx(() -> banned().getItems().get(0).banDuration()).get());
        assertEquals(1, backend.client().rpcCount("setban"));
    }

    @Test
    void disconnectConfirmedAndARefusalInTheNodesWords() throws Exception {
        waitReady();
        showPage("Peers");
        waitUntil(() -> peers().getItems().size() == 3);
        select("203.0.113.7:18444");
        clickOn("#peer-disconnect");
        waitText("#peer-confirm-text", "Disconnect peer 1 (203.0.113.7:18444)?");
        clickOn("#peer-confirm-yes");
        waitUntil(() -> !addrs().contains("203.0.113.7:18444"));
        waitText("#peer-action-done", "Disconnected peer 1 (203.0.113.7:18444).");

        // the peer leaves between the question and the answer: the node says so
        select("127.0.0.1:18444");
        clickOn("#peer-disconnect");
        waitText("#peer-confirm-text", "Disconnect peer 0 (127.0.0.1:18444)?");
        backend.node().rpc(null, "disconnectnode", "", 0);
        clickOn("#peer-confirm-yes");
        waitText("#peer-action-error", "Node not found in connected nodes");
        assertEquals("", text("#peer-action-done"));
    }

    @Test
    void addPeerChecksTheAddressThenTriesOnce() throws Exception {
        waitReady();
        showPage("Peers");
        waitUntil(() -> peers().getItems().size() == 3);
        type("#addnode-address", "192.0.2.200:99999");
        clickOn("#addnode-button");
        waitText("#peer-input-problem", "The port must be a number from 1 to 65535, not \"99999\".");
        assertEquals(0, backend.client().rpcCount("addnode"));
        assertEquals("192.0.2.200:99999", WaitForAsyncUtils.asyncFx(() -> ((TextField) lookup("#addnode-address").query()).getText()).get(),
                "the typed address is kept");
        type("#addnode-address", "192.0.2.200:18444");
        clickOn("#addnode-button");
        waitUntil(() -> addrs().contains("192.0.2.200:18444"));
        waitText("#peer-action-done", "Trying to connect to 192.0.2.200:18444.");
        PeerInfo p = WaitForAsyncUtils.asyncFx(() -> peers().getItems().stream().filter(x -> x.addr().equals("192.0.2.200:18444"))
                .findFirst().orElseThrow()).get();
        assertEquals("manual", p.connectionType());
    }

    @Test
    void detailsShowTransportSessionRelayAndBytesByMessage() throws Exception {
        waitReady();
        showPage("Peers");
        waitUntil(() -> peers().getItems().size() == 3);
        select("127.0.0.1:18444"); // v2 in the fake
        PeerInfo p = WaitForAsyncUtils.asyncFx(() -> peers().getSelectionModel().getSelectedItem()).get();
        assertEquals("v2", p.transportProtocolType());
        assertEquals(64, p.sessionId().length());
        assertTrue(p.bytesRecvPerMsg().containsKey("headers"));
        waitUntil(() -> labels("#peer-details").contains(p.sessionId()));
        assertTrue(labels("#peer-details").contains("BIP324 session id"));
        assertTrue(labels("#peer-bytes-per-msg").contains("headers"));
    }

    private List<String> labels(String id) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> lookup(id).lookup(".label").queryAll().stream()
                .map(n -> ((javafx.scene.control.Label) n).getText()).toList()).get();
    }
}
