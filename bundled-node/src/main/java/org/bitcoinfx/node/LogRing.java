package org.bitcoinfx.node;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A bounded, thread-safe buffer of the most recent log lines: adding beyond the capacity drops the
 * oldest line.
 */
public final class LogRing {
    /** Default capacity: 2000 lines. */
    public static final int DEFAULT_CAPACITY = 2000;

    private final int capacity;
    private final ArrayDeque<String> lines;
    private long total;

    /** @param capacity the number of lines kept, at least 1 */
    public LogRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(Math.min(capacity, 4096));
    }

    /** Adds one line, dropping the oldest if full. */
    public synchronized void add(String line) {
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(line);
        total++;
    }

    /** @return up to {@code n} most recent lines, oldest first */
    public synchronized List<String> last(int n) {
        int skip = Math.max(0, lines.size() - n);
        List<String> out = new ArrayList<>(lines.size() - skip);
        int i = 0;
        for (String l : lines) {
            if (i++ >= skip) {
                out.add(l);
            }
        }
        return out;
    }

    /** @return every line kept, oldest first */
    public List<String> all() {
        return last(capacity);
    }

    /** @return how many lines were ever added, kept or dropped */
    public synchronized long totalAdded() {
        return total;
    }

    /** @return the maximum number of lines kept */
    public int capacity() {
        return capacity;
    }
}
