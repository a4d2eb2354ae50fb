package org.bitcoinfx.gui.console;

import java.util.ArrayList;
import java.util.List;

/** Console history navigated with up/down, like a shell. Newest last; duplicates in a row kept once. */
public final class CommandHistory {
    /** Entries kept. */
    public static final int MAX = 500;
    private final List<String> entries = new ArrayList<>();
    private int cursor;

    /** Records a command and resets the cursor past the newest entry. */
    public void add(String cmd) {
        if (cmd.isBlank()) {
            return;
        }
        if (entries.isEmpty() || !entries.get(entries.size() - 1).equals(cmd)) {
            entries.add(cmd);
            if (entries.size() > MAX) {
                entries.remove(0);
            }
        }
        cursor = entries.size();
    }

    /** @return the previous (older) command, or null at the oldest */
    public String previous() {
        if (cursor == 0) {
            return entries.isEmpty() ? null : entries.get(0);
        }
        return entries.get(--cursor);
    }

    /** @return the next (newer) command, or "" past the newest */
    public String next() {
        if (cursor >= entries.size() - 1) {
            cursor = entries.size();
            return "";
        }
        return entries.get(++cursor);
    }

    /** @return the entries, oldest first */
    public List<String> entries() {
        return List.copyOf(entries);
    }
}
