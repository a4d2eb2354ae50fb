package org.bitcoinfx.gui.peers;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.ipc.ServerThread;

/**
 * The Peers page's node calls, as records, on the node's {@link ServerThread#POLL} thread. Futures complete on IPC
 * threads; a refusal fails them with {@link org.bitcoinfx.ipc.JsonRpcException}, whose {@code rpcMessage()} is the
 * node's words (e.g. "Error: IP/Subnet already banned", "Node not found in connected nodes").
 */
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

    /** {@code listbanned} ({@code src/rpc/net.cpp}). */
    public CompletableFuture<List<BanEntry>> banned() {
        return client.rpc(ServerThread.POLL).call("listbanned").thenApply(BanEntry::parseAll);
    }

    /**
     * {@code disconnectnode "" nodeid}: disconnects the peer with this id.
     *
     * @param peerId the peer's {@code getpeerinfo} id
     */
    public CompletableFuture<Void> disconnect(int peerId) {
        return client.rpc(ServerThread.POLL).call("disconnectnode", "", peerId).thenApply(r -> null);
    }

    /**
     * {@code setban host add seconds}: bans an IP or subnet (and disconnects its peers).
     *
     * @param host    an IP or subnet, no port ({@link PeerAddress#host})
     * @param seconds the ban's length, s (over 0: Core takes 0 as its default, 24 h)
     */
    public CompletableFuture<Void> ban(String host, long seconds) {
        return client.rpc(ServerThread.POLL).call("setban", host, "add", seconds).thenApply(r -> null);
    }

    /** {@code setban address remove}: lifts a ban ({@code address} as {@code listbanned} writes it). */
    public CompletableFuture<Void> unban(String address) {
        return client.rpc(ServerThread.POLL).call("setban", address, "remove").thenApply(r -> null);
    }

    /** {@code clearbanned}: lifts every ban. */
    public CompletableFuture<Void> clearBanned() {
        return client.rpc(ServerThread.POLL).call("clearbanned").thenApply(r -> null);
    }

    /** {@code addnode address onetry}: tries one connection to the address (checked first: {@link PeerAddress#addNodeProblem}). */
    public CompletableFuture<Void> addNode(String address) {
        return client.rpc(ServerThread.POLL).call("addnode", address, "onetry").thenApply(r -> null);
    }
}
