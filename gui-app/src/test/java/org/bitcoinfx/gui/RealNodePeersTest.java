package org.bitcoinfx.gui;

import static org.bitcoinfx.gui.MiningTableChecks.fx;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TableView;
import org.bitcoinfx.gui.peers.PeerInfo;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.node.net.ChainSpec;
import org.bitcoinfx.node.net.RegtestNetwork;
import org.bitcoinfx.node.net.RegtestNode;
import org.junit.jupiter.api.Test;

/**
 * The Peers page with 11 real peers, live (issue #16; {@code BITCOIN_NODE}, skipped without it): the app's node
 * connects to 11 of a {@link RegtestNetwork} of 12 ({@code -connect} each) serving a 200-block chain; the table
 * lists all 11 with their addresses and synced heights (200 once the app's node has synced); a peer killed
 * ({@code SIGKILL}) leaves the table, and the twelfth, connected later ({@code addnode … onetry} on the app's node),
 * comes into it. Waits follow the page's own poll (every {@value org.bitcoinfx.gui.peers.PeersViewModel#POLL_SECONDS} s).
 */
class RealNodePeersTest extends RegtestNetworkAppTest {
    static final int PEERS = 12;
    static final int AT_START = 11;
    static final ChainSpec CHAIN = ChainSpec.economy(200, 5, 20);

    @Override
    ChainSpec spec() {
        return CHAIN;
    }

    @Override
    int peerCount() {
        return PEERS;
    }

    @Override
    boolean connectAtStart(int index) {
        return index < AT_START;
    }

    /** @return what the table shows: address → synced height (read on the FX thread) */
    Map<String, Integer> shown() throws Exception {
        @SuppressWarnings("unchecked")
        TableView<PeerInfo> table = lookup("#peers-table").queryAs(TableView.class);
        return fx(() -> {
            Map<String, Integer> m = new TreeMap<>();
            table.getItems().forEach(p -> m.put(p.addr(), p.syncedBlocks()));
            return m;
        });
    }

    /** @return address → {@code height} for these peers */
    Map<String, Integer> expected(int height, int... peers) {
        Map<String, Integer> m = new TreeMap<>();
        for (int i : peers) {
            m.put(net.node(i).p2pAddress(), height);
        }
        return m;
    }

    void waitShown(Map<String, Integer> want) throws Exception {
        Map<String, Integer>[] last = new Map[1];
        try {
            RegtestNetwork.waitUntil("the Peers table shows " + want, Duration.ofSeconds(NODE_WAIT), () -> {
                try {
                    last[0] = shown();
                    return last[0].equals(want);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        } catch (IllegalStateException e) {
            assertEquals(want, last[0], e.getMessage());
        }
    }

    @Test
    void elevenPeersListedWithHeightsAndTheTableFollowsOneGoingAndOneComing() throws Exception {
        NodeClient client = awaitClient();
        showPage("Peers");
        int height = CHAIN.blocks();
        int[] first = new int[AT_START];
        for (int i = 0; i < AT_START; i++) {
            first[i] = i;
        }
        waitShown(expected(height, first));
        assertEquals(AT_START, call(client, "getconnectioncount").asInt());

        // one goes away: killed, no goodbye
        RegtestNode gone = net.node(4);
        ProcessHandle p = ProcessHandle.of(gone.pid()).orElseThrow();
        p.destroyForcibly();
        p.onExit().get(NODE_WAIT, TimeUnit.SECONDS);
        int[] left = new int[AT_START - 1];
        for (int i = 0, k = 0; i < AT_START; i++) {
            if (i != 4) {
                left[k++] = i;
            }
        }
        waitShown(expected(height, left));

        // a new one comes: the twelfth, connected now
        RegtestNode newcomer = net.node(PEERS - 1);
        call(client, "addnode", newcomer.p2pAddress(), "onetry");
        int[] now = java.util.Arrays.copyOf(left, left.length + 1);
        now[left.length] = PEERS - 1;
        waitShown(expected(height, now));
    }
}
