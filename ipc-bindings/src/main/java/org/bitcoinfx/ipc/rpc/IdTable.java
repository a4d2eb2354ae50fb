package org.bitcoinfx.ipc.rpc;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * IDs chosen by this side (questions, exports), as Cap'n Proto's C++ {@code ExportTable} hands
 * them out: from 0, reusing the smallest freed ID first (CP {@code rpc.c++:183-230}).
 * Not thread-safe: the connection lock guards it.
 */
final class IdTable<T> {
    private final Map<Integer, T> entries = new HashMap<>();
    private final TreeSet<Integer> free = new TreeSet<>();
    private int next;

    int allocate(T entry) {
        int id = free.isEmpty() ? next++ : free.pollFirst();
        entries.put(id, entry);
        return id;
    }

    T get(int id) {
        return entries.get(id);
    }

    T erase(int id) {
        T e = entries.remove(id);
        if (e != null) {
            free.add(id);
        }
        return e;
    }

    Iterable<T> values() {
        return entries.values();
    }

    int size() {
        return entries.size();
    }

    void clear() {
        entries.clear();
        free.clear();
        next = 0;
    }
}
