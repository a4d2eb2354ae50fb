package org.bitcoinfx.ipc.rpc;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exports table (Cap'n Proto {@code rpc.capnp}: "exports"): capabilities this side hosts and
 * has sent to the peer, by the ID this side chose (smallest freed first). Each time an export goes
 * out as {@code senderHosted} its count rises by one; the peer's Release lowers it; at zero the
 * entry and its reference go. Guarded by the connection lock.
 */
final class Exports {
    static final class Export {
        int id;
        final CapHook hook;
        int refcount;

        Export(CapHook hook) {
            this.hook = hook;
        }
    }

    private final IdTable<Export> table = new IdTable<>();
    private final Map<CapHook, Export> byHook = new IdentityHashMap<>();

    /** Exports {@code hook} (once more), taking a reference to it the first time; returns the ID. */
    int export(CapHook hook) {
        Export e = byHook.get(hook);
        if (e == null) {
            hook.addRef();
            e = new Export(hook);
            e.id = table.allocate(e);
            byHook.put(hook, e);
        }
        e.refcount++;
        return e.id;
    }

    Export get(int id) {
        return table.get(id);
    }

    /**
     * Lowers export {@code id} by {@code count}.
     *
     * @return the hook whose reference the caller must now drop (the count reached zero), or null
     * @throws IllegalArgumentException for an unknown ID or a count over the reference count
     */
    CapHook release(int id, int count) {
        Export e = table.get(id);
        if (e == null) {
            throw new IllegalArgumentException("Release of unknown export " + id);
        }
        if (count < 0 || count > e.refcount) {
            throw new IllegalArgumentException("Release of export " + id + " by " + count + ", more than its " + e.refcount + " references");
        }
        e.refcount -= count;
        if (e.refcount == 0) {
            table.erase(id);
            byHook.remove(e.hook);
            return e.hook;
        }
        return null;
    }

    List<CapHook> drain() {
        List<CapHook> all = new ArrayList<>();
        table.values().forEach(e -> all.add(e.hook));
        table.clear();
        byHook.clear();
        return all;
    }

    int size() {
        return table.size();
    }
}
