package org.bitcoinfx.gui.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.ipc.RpcClient;
import org.bitcoinfx.ipc.ServerThread;

/**
 * The Status page's node calls, as records: chain, network and mempool state, the chainstates (AssumeUTXO),
 * the peers' heights, uptime, and the network switch. Polls go to the node's {@link ServerThread#POLL} thread, the switch to the main
 * one. Futures complete on IPC threads.
 */
public final class StatusService {
    private final NodeClient client;

    /** @param client the connected node */
    public StatusService(NodeClient client) {
        this.client = client;
    }

    /** @return the connection's one StatusService */
    public static StatusService of(ConnectionScope scope) {
        return scope.service(StatusService.class, s -> new StatusService(s.client()));
    }

    private RpcClient poll() {
        return client.rpc(ServerThread.POLL);
    }

    /** {@code getblockchaininfo} ({@code src/rpc/blockchain.cpp}). */
    public CompletableFuture<BlockchainInfo> blockchainInfo() {
        return poll().call("getblockchaininfo").thenApply(BlockchainInfo::parse);
    }

    /**
     * {@code getchainstates} ({@code src/rpc/blockchain.cpp}): the chainstates, two while a UTXO snapshot is validated
     * in the background.
     */
    public CompletableFuture<Chainstates> chainstates() {
        return poll().call("getchainstates").thenApply(Chainstates::parse);
    }

    /** {@code getnetworkinfo} ({@code src/rpc/net.cpp}). */
    public CompletableFuture<NetworkInfo> networkInfo() {
        return poll().call("getnetworkinfo").thenApply(NetworkInfo::parse);
    }

    /** {@code getmempoolinfo} ({@code src/rpc/mempool.cpp}). */
    public CompletableFuture<MempoolInfo> mempoolInfo() {
        return poll().call("getmempoolinfo").thenApply(MempoolInfo::parse);
    }

    /** {@code getpeerinfo} ({@code src/rpc/net.cpp}), reduced to the heights the peers show. */
    public CompletableFuture<PeerHeights> peerHeights() {
        return poll().call("getpeerinfo").thenApply(PeerHeights::parse);
    }

    /** {@code uptime} ({@code src/rpc/server.cpp}): seconds since the node started; -1 if the reply is not a number. */
    public CompletableFuture<Long> uptime() {
        return poll().call("uptime").thenApply(StatusService::seconds);
    }

    /** {@code setnetworkactive} ({@code src/rpc/net.cpp}): turns p2p networking on or off; completes with the new state. */
    public CompletableFuture<Boolean> setNetworkActive(boolean on) {
        return client.rpc().call("setnetworkactive", on).thenApply(n -> n.asBoolean(on));
    }

    static long seconds(JsonNode n) {
        return n.asLong(-1);
    }
}
