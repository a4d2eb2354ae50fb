package org.bitcoinfx.gui.inspector;

import java.time.Duration;
import java.time.Instant;

/**
 * One IPC call as the node's own {@code -debug=ipc} lines tell it: libmultiprocess's {@code serverInvoke} and
 * {@code PassField<Context>} (MP {@code include/mp/proxy-types.h}, {@code type-context.h}) number each request
 * {@code #N} in the process and log, through BC {@code src/ipc/capnp/protocol.cpp} {@code IpcLogFn}:
 * <pre>
 * [ipc] {bitcoin-node-22861/b-capnp-loop-22874} IPC server recv request  #9 Rpc.executeRpc$Params
 * [ipc] {bitcoin-node-22861/b-capnp-loop-22874} IPC server post request  #9 {bitcoin-node-22861/b-capnp-loop-23892 (from bitcoinfx-rpc)}
 * [ipc] {bitcoin-node-22861/b-capnp-loop-23892 (from bitcoinfx-rpc)} IPC server executing request #9
 * [ipc] {bitcoin-node-22861/b-capnp-loop-22874} IPC server send response #9 Rpc.executeRpc$Results
 * [error] ipc: {…} IPC server error request #12 BlockTemplate.submitSolution$Results kj::Exception: …
 * ipc: {…} IPC server request #14 canceled while executing.
 * </pre>
 * Calls that run inline on the event loop ({@code Init.construct}, {@code ThreadMap.makeThread}) have no post line
 * and no thread ({@code -}).
 *
 * @param process       the node process as its lines name it ({@code bitcoin-node-22861}: executable and pid)
 * @param request       the node's request number {@code #N}
 * @param interfaceName e.g. {@code Rpc}
 * @param method        e.g. {@code executeRpc}
 * @param thread        the client's name of the Thread it was posted to (the {@code (from …)} of the post line), or {@code -}
 * @param received      the recv line's time
 * @param ended         the time of the line that ended it (response sent, error, canceled), or null while in flight
 * @param micros        true when the times have microseconds ({@code -logtimemicros}); else whole seconds (truncated)
 * @param outcome       {@code ok}, {@code error: <the node's words>}, {@code canceled: <the node's words>}, or {@code in flight}
 */
public record NodeIpcCall(String process, long request, String interfaceName, String method, String thread,
                          Instant received, Instant ended, boolean micros, String outcome) {
    /** @return the node-side time from recv to the end line, or null while in flight */
    public Duration nodeTime() {
        return ended == null ? null : Duration.between(received, ended);
    }

    /** @return {@code Interface.method} */
    public String call() {
        return interfaceName + "." + method;
    }
}
