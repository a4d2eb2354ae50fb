package org.bitcoinfx.gui.log;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.ipc.NodeClient;

/**
 * The Node log page's node calls: the {@code logging} RPC (BC {@code src/rpc/node.cpp} {@code logging}), which reads
 * and changes the debug categories at run time. Futures complete on IPC threads.
 *
 * <p>The {@code ipc} category: turning it on at run time does not bring the IPC call lines (libmultiprocess fixes its
 * log level when the node's IPC loop starts, BC {@code src/ipc/capnp/protocol.cpp}); they need {@code -debug=ipc} at
 * start. Turning it off does stop them.
 */
public final class LoggingService {
    private final NodeClient client;

    /** @param client the connected node */
    public LoggingService(NodeClient client) {
        this.client = client;
    }

    /** @return the connection's one LoggingService */
    public static LoggingService of(ConnectionScope scope) {
        return scope.service(LoggingService.class, s -> new LoggingService(s.client()));
    }

    /** {@code logging}: each category and whether it is debug-logged, sorted by name. */
    public CompletableFuture<Map<String, Boolean>> categories() {
        return client.rpc().call("logging").thenApply(LoggingService::parse);
    }

    /**
     * {@code logging [include] [exclude]}.
     *
     * @return the categories after the change, as {@link #categories()}
     * @throws org.bitcoinfx.ipc.JsonRpcException (in the future) for an unknown category, in the node's words
     */
    public CompletableFuture<Map<String, Boolean>> set(List<String> include, List<String> exclude) {
        return client.rpc().call("logging", include, exclude).thenApply(LoggingService::parse);
    }

    /** Parses the {@code logging} reply ({@code {"net": false, "ipc": true, …}}) into a sorted map. */
    static Map<String, Boolean> parse(JsonNode r) {
        Map<String, Boolean> m = new TreeMap<>();
        r.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asBoolean()));
        return m;
    }
}
