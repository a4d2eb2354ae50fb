package org.bitcoinfx.ipc.rpc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The imports table (Cap'n Proto {@code rpc.capnp}: "imports"): capabilities the peer hosts, by the
 * export ID the peer chose. Receiving an ID again adds one to its remote count; when the last local
 * reference goes, a Release with that count is sent and the entry dropped (the ID may come back
 * later naming another object). An ID received while its entry's last reference is going (count
 * at zero, Release not yet sent) gets a fresh entry; each entry sends its own Release, as each C++
 * {@code ImportClient} does. Guarded by the connection lock.
 */
final class Imports {
    private final Map<Integer, ImportHook> table = new HashMap<>();

    /** A reference to import {@code id}, received once more. */
    Capability receive(RpcConnection connection, int id, boolean promise) {
        ImportHook hook = table.get(id);
        if (hook != null && hook.tryAddRef()) {
            hook.remoteRefs++;
            return new Capability(hook);
        }
        hook = new ImportHook(connection, id, promise);
        table.put(id, hook);
        return new Capability(hook);
    }

    /** Drops the entry if it is still {@code hook}; returns true if it was. */
    boolean remove(ImportHook hook) {
        return table.remove(hook.importId, hook);
    }

    List<ImportHook> drain() {
        List<ImportHook> all = new ArrayList<>(table.values());
        table.clear();
        return all;
    }

    int size() {
        return table.size();
    }
}
