package org.bitcoinfx.node;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recognises bitcoin-node's initialisation steps in {@code debug.log} lines: {@code init message: …}
 * lines (what Bitcoin Core's splash screen shows) and the lines about loading the block index,
 * verifying blocks and loading wallets.
 */
public final class InitProgress {
    private static final String INIT_MESSAGE = "init message: ";
    private static final String[] KEYWORDS = {"Loading block index", "Verifying blocks", "Loading wallet"};
    /** {@code 2026-11-22T03:56:54Z} or with microseconds, then optional {@code [thread]} / {@code [category]} tags. */
    private static final Pattern PREFIX = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\\s+(?:\\[[^\\]]*\\]\\s+)*");

    private InitProgress() {
    }

    /**
     * @param debugLogLine one line of debug.log
     * @return the progress message to show (e.g. {@code "Loading block index…"}), or empty if the
     *         line is not about initialisation progress
     */
    public static Optional<String> parse(String debugLogLine) {
        int i = debugLogLine.indexOf(INIT_MESSAGE);
        if (i >= 0) {
            String m = debugLogLine.substring(i + INIT_MESSAGE.length()).strip();
            return m.isEmpty() ? Optional.empty() : Optional.of(m);
        }
        for (String k : KEYWORDS) {
            if (debugLogLine.contains(k)) {
                return Optional.of(PREFIX.matcher(debugLogLine).replaceFirst("").strip());
            }
        }
        return Optional.empty();
    }
}
