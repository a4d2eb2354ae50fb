package org.bitcoinfx.gui.settings;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.ipc.ServerThread;

/** The Settings page's node calls: the reachability of each network ({@code getnetworkinfo}, BC {@code src/rpc/net.cpp}). */
public final class ConnectionsService {
    private final NodeClient client;

    /** @param client the connected node */
    public ConnectionsService(NodeClient client) {
        this.client = client;
    }

    /** @return the connection's one ConnectionsService */
    public static ConnectionsService of(ConnectionScope scope) {
        return scope.service(ConnectionsService.class, s -> new ConnectionsService(s.client()));
    }

    /** @return {@code getnetworkinfo}'s networks, on the poll Thread */
    public CompletableFuture<List<NetworkReachability>> reachability() {
        return client.rpc(ServerThread.POLL).call("getnetworkinfo").thenApply(NetworkReachability::parseAll);
    }
}
