package org.bitcoinfx.gui.peers;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.ipc.ServerThread;

/** The Peers page's node calls, as records, on the node's {@link ServerThread#POLL} thread. Futures complete on IPC threads. */
public final class PeersService {
    private final NodeClient client;

    /** @param client the connected node */
    public PeersService(NodeClient client) {
        this.client = client;
    }

    /** @return the connection's one PeersService */
    public static PeersService of(ConnectionScope scope) {
        return scope.service(PeersService.class, s -> new PeersService(s.client()));
    }

    /** {@code getpeerinfo} ({@code src/rpc/net.cpp}). */
    public CompletableFuture<List<PeerInfo>> peerInfo() {
        return client.rpc(ServerThread.POLL).call("getpeerinfo").thenApply(PeerInfo::parseAll);
    }

    /** {@code getnettotals} ({@code src/rpc/net.cpp}). */
    public CompletableFuture<NetTotals> netTotals() {
        return client.rpc(ServerThread.POLL).call("getnettotals").thenApply(NetTotals::parse);
    }
}
