package org.bitcoinfx.gui.settings;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the "extra node arguments" setting into arguments as a POSIX shell would split a command
 * line without expansions: white space separates arguments; {@code '…'} quotes everything up to
 * the next {@code '}; {@code "…"} quotes up to the next unescaped {@code "}, inside which
 * {@code \"} and {@code \\} stand for {@code "} and {@code \}; outside quotes {@code \} makes the
 * next character plain. Quotes may appear inside an argument: {@code -datadir="/my data"} is the
 * one argument {@code -datadir=/my data}. No variables, globs or other shell syntax.
 *
 * <p>Hand-written, not a library: commons-exec's {@code CommandLine} quotes arguments again when
 * read back and knows no escapes, and commons-text's {@code StringTokenizer} reads an unbalanced
 * quote to the end without a word; this needs neither more nor less than the above.
 */
public final class NodeArgs {
    private NodeArgs() {
    }

    /**
     * @param line the setting, e.g. {@code -debug=ipc -datadir="/my data" -uacomment='a b'}
     * @return the arguments, e.g. {@code [-debug=ipc, -datadir=/my data, -uacomment=a b]}; empty for a blank line
     * @throws IllegalArgumentException for an unbalanced quote or a {@code \} at the end, naming its column (from 1)
     */
    public static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        if (line == null) {
            return out;
        }
        StringBuilder cur = new StringBuilder();
        boolean inArg = false;
        int n = line.length();
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            if (c == '\'' || c == '"') {
                int open = i;
                inArg = true;
                for (i++; i < n && line.charAt(i) != c; i++) {
                    char d = line.charAt(i);
                    if (c == '"' && d == '\\' && i + 1 < n && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                        d = line.charAt(++i);
                    }
                    cur.append(d);
                }
                if (i >= n) {
                    throw new IllegalArgumentException("unbalanced " + c + " quote at column " + (open + 1)
                            + ": close it, or put a \\ before it to pass it as it is");
                }
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    throw new IllegalArgumentException("a \\ at the end (column " + (i + 1) + ") escapes nothing");
                }
                cur.append(line.charAt(++i));
                inArg = true;
            } else if (Character.isWhitespace(c)) {
                if (inArg) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inArg = false;
                }
            } else {
                cur.append(c);
                inArg = true;
            }
        }
        if (inArg) {
            out.add(cur.toString());
        }
        return out;
    }
}
