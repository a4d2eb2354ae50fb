package org.bitcoinfx.ipc;

import java.time.Instant;

/**
 * One IPC call, as the node's {@code -debug=ipc} log shows it.
 *
 * @param interfaceName e.g. {@code Mining}
 * @param method        e.g. {@code waitTipChanged}
 * @param thread        the server Thread's name the call ran on, or {@code -} for calls without a Context
 * @param start         when the Call was sent
 * @param durationNanos from sending the Call to receiving the Return, in ns
 * @param requestBytes  size of the Call message on the wire, bytes
 * @param responseBytes size of the Return message on the wire, bytes (0 if none arrived)
 * @param outcome       {@code ok}, or the failure: {@code FAILED: reason}, {@code canceled}, {@code disconnected}
 * @param rpcMethod     for {@code Rpc.executeRpc}, the JSON-RPC method the call carries (e.g. {@code getblockcount});
 *                      "" for other calls or when it is not known. Never its parameters.
 */
public record IpcEvent(String interfaceName, String method, String thread, Instant start, long durationNanos,
                       int requestBytes, int responseBytes, String outcome, String rpcMethod) {
    /** Normalises a null {@code rpcMethod} to "". */
    public IpcEvent {
        rpcMethod = rpcMethod == null ? "" : rpcMethod;
    }

    /** An event without a JSON-RPC method ({@code rpcMethod} ""). */
    public IpcEvent(String interfaceName, String method, String thread, Instant start, long durationNanos,
                    int requestBytes, int responseBytes, String outcome) {
        this(interfaceName, method, thread, start, durationNanos, requestBytes, responseBytes, outcome, "");
    }

    /** @return {@code Interface.method}, and for an executeRpc the JSON-RPC method: {@code Rpc.executeRpc getblockcount} */
    public String call() {
        return interfaceName + "." + method + (rpcMethod.isEmpty() ? "" : " " + rpcMethod);
    }
    /** @return true if the call returned results */
    public boolean ok() {
        return "ok".equals(outcome);
    }

    /** One log line, e.g. {@code Mining.getTip thread=fx-1 312us 96B/120B ok} or {@code Rpc.executeRpc getblockcount thread=…}. */
    public String toLogLine() {
        return String.format("%s thread=%s %dus %dB/%dB %s", call(), thread,
                durationNanos / 1000, requestBytes, responseBytes, outcome);
    }
}
