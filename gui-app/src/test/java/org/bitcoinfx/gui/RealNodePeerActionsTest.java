package org.bitcoinfx.gui;

import static org.bitcoinfx.gui.MiningTableChecks.fx;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.MenuButton;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import org.bitcoinfx.gui.peers.BanEntry;
import org.bitcoinfx.gui.peers.PeerInfo;
import org.bitcoinfx.gui.settings.Theme;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.node.net.ChainSpec;
import org.bitcoinfx.node.net.RegtestNode;
import org.junit.jupiter.api.Test;

/**
 * The Peers page's actions on a real node (issue #18; {@code BITCOIN_NODE}, skipped without it): the app's node is
 * connected ({@code -connect}) to the first of a two-node {@link org.bitcoinfx.node.net.RegtestNetwork}; the second
 * is added from the page ({@code addnode … onetry}), disconnected (confirmed), added again, then refused in the
 * node's words when it left between the question and the answer; banned for a week (confirmed; the node's
 * {@code listbanned} holds {@code 127.0.0.1/32} for 604,800 s), unbanned, banned for a typed time and cleared. Every
 * check reads the app's node itself. With {@code -Dbitcoinfx.test.peersShots=DIR} it saves
 * {@code light-peers-actions.png} and {@code dark-peers-actions.png} (a peer selected, a ban listed).
 */
class RealNodePeerActionsTest extends RegtestNetworkAppTest {
    private final String shots = System.getProperty("bitcoinfx.test.peersShots", "");

    @Override
    ChainSpec spec() {
        return ChainSpec.economy(200, 5, 20);
    }

    @Override
    boolean connectAtStart(int index) {
        return index == 0;
    }

    @SuppressWarnings("unchecked")
    private TableView<PeerInfo> peers() {
        return lookup("#peers-table").queryAs(TableView.class);
    }

    @SuppressWarnings("unchecked")
    private TableView<BanEntry> banned() {
        return lookup("#banned-table").queryAs(TableView.class);
    }

    private boolean shown(String addr) throws Exception {
        return fx(() -> peers().getItems().stream().anyMatch(p -> p.addr().equals(addr)));
    }

    private static List<String> addrs(NodeClient client) {
        List<String> out = new ArrayList<>();
        call(client, "getpeerinfo").forEach(p -> out.add(p.path("addr").asText()));
        return out;
    }

    private void select(String addr) throws Exception {
        waitUntil(NODE_WAIT, () -> shown(addr));
        interact(() -> peers().getItems().stream().filter(p -> p.addr().equals(addr)).findFirst()
                .ifPresent(p -> peers().getSelectionModel().select(p)));
    }

    private void addPeer(String addr) throws Exception {
        interact(() -> ((TextField) lookup("#addnode-address").query()).setText(addr));
        clickOn("#addnode-button");
        waitUntil(NODE_WAIT, () -> shown(addr));
    }

    @Test
    void addDisconnectBanUnbanAndClearOnTheNode() throws Exception {
        NodeClient client = awaitClient();
        showPage("Peers");
        RegtestNode second = net.node(1);
        String addr = second.p2pAddress();
        waitUntil(NODE_WAIT, () -> shown(net.node(0).p2pAddress()));

        // add the second peer: the node connects to it (a manual connection)
        addPeer(addr);
        assertEquals("manual", fx(() -> peers().getItems().stream().filter(p -> p.addr().equals(addr)).findFirst().orElseThrow().connectionType()));

        // disconnect it, confirmed: gone from the node and the table
        select(addr);
        clickOn("#peer-disconnect");
        clickOn("#peer-confirm-yes");
        waitUntil(NODE_WAIT, () -> !addrs(client).contains(addr) && !shown(addr));

        // again, but it leaves between the question and the answer: the node's words
        addPeer(addr);
        select(addr);
        clickOn("#peer-disconnect");
        int id = fx(() -> peers().getSelectionModel().getSelectedItem().id());
        call(client, "disconnectnode", "", id);
        // Core marks it and drops it at the socket thread's next pass (CConnman::DisconnectNode, DisconnectNodes): till then
        // the app's disconnectnode would find it
        waitUntil(NODE_WAIT, () -> !addrs(client).contains(addr));
        clickOn("#peer-confirm-yes");
        waitText("#peer-action-error", "Node not found in connected nodes");

        // ban its IP for a week: the node lists it, with the week
        addPeer(addr);
        select(addr);
        interact(() -> ((MenuButton) lookup("#peer-ban").query()).getItems().get(1).fire());
        clickOn("#peer-confirm-yes");
        waitUntil(NODE_WAIT, () -> call(client, "listbanned").size() == 1);
        JsonNode ban = call(client, "listbanned").get(0);
        assertEquals("127.0.0.1/32", ban.path("address").asText());
        assertEquals(7 * 86_400, ban.path("ban_duration").asLong());
        waitUntil(NODE_WAIT, () -> !addrs(client).contains(addr));
        waitUntil(NODE_WAIT, () -> fx(() -> banned().getItems().size()) == 1);
        if (!shots.isEmpty()) {
            // the -connect peer comes back (the node does not check a -connect address against bans): show its details
            String first = net.node(0).p2pAddress();
            try {
                waitUntil(60, () -> shown(first));
                interact(() -> peers().getItems().stream().filter(p -> p.addr().equals(first)).findFirst()
                        .ifPresent(p -> peers().getSelectionModel().select(p)));
            } catch (java.util.concurrent.TimeoutException e) {
                System.out.println("the -connect peer did not come back within 60 s: the shots show no details");
            }
            Path dir = Files.createDirectories(Path.of(shots));
            snapLater(dir.resolve("light-peers-actions.png")).get(60, TimeUnit.SECONDS);
            interact(() -> app.context().settings().themeProperty().set(Theme.DARK));
            snapLater(dir.resolve("dark-peers-actions.png")).get(60, TimeUnit.SECONDS);
        }

        // unban from the list
        interact(() -> banned().getSelectionModel().select(0));
        clickOn("#unban");
        waitUntil(NODE_WAIT, () -> call(client, "listbanned").isEmpty());
        waitUntil(NODE_WAIT, () -> fx(() -> banned().getItems().isEmpty()));

        // a typed time, then clear all
        addPeer(addr);
        select(addr);
        interact(() -> ((TextField) lookup("#ban-custom").query()).setText("36h"));
        clickOn("#ban-custom-button");
        clickOn("#peer-confirm-yes");
        waitUntil(NODE_WAIT, () -> call(client, "listbanned").size() == 1);
        assertEquals(36 * 3600, call(client, "listbanned").get(0).path("ban_duration").asLong());
        waitUntil(NODE_WAIT, () -> fx(() -> banned().getItems().size()) == 1);
        clickOn("#clear-banned");
        clickOn("#peer-confirm-yes");
        waitUntil(NODE_WAIT, () -> call(client, "listbanned").isEmpty());
    }
}
