package org.bitcoinfx.ipc.cli;

import static org.bitcoinfx.ipc.cli.ConformanceCheck.expect;
import static org.bitcoinfx.ipc.cli.ConformanceCheck.get;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The check's rows from Bitcoin Core's {@code test/functional/interface_ipc_cli.py}: what
 * {@code bitcoin-cli -ipcconnect} asks of the node, a JSON-RPC call carried over IPC
 * ({@code echo foo} answers {@code ["foo"]}).
 */
final class IpcCliChecks {
    static final String SOURCE = "interface_ipc_cli.py";
    private final ConformanceCheck c;

    IpcCliChecks(ConformanceCheck c) {
        this.c = c;
    }

    void run() {
        c.check(SOURCE, "test_cli", "Rpc.executeRpc echo foo = [\"foo\"]", () -> {
            JsonNode r = get(c.client().rpc().call("echo", "foo"));
            expect(r.isArray() && r.size() == 1 && r.get(0).asText().equals("foo"), "echo foo answered " + r);
            return r.toString();
        });
    }
}
