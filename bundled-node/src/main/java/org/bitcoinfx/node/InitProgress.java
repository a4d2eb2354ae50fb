package org.bitcoinfx.node;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recognises bitcoin-node's initialisation steps in {@code debug.log} lines: {@code init message: …}
 * lines (what Bitcoin Core's splash screen shows: "Loading block index…", "Verifying blocks…",
 * "Loading wallet…", "Done loading") and the bare step lines about loading the block index,
 * verifying blocks (with its percentage) and loading wallets.
 */
public final class InitProgress {
    private static final String INIT_MESSAGE = "init message: ";
    /**
     * Step lines outside {@code init message:}: the step name alone (not e.g. {@code Loading block index db: …}),
     * the chainstate check ({@code Verifying last 6 blocks at level 3}) and its {@code Verification progress: 50%}.
     */
    private static final Pattern STEP = Pattern.compile(
            "^(?:(?:Loading block index|Verifying blocks|Loading wallet)(?:…|\\.\\.\\.)?|Verifying last \\d+ blocks.*|Verification progress: \\d+%)$");
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
        String m = PREFIX.matcher(debugLogLine).replaceFirst("").strip();
        return STEP.matcher(m).matches() ? Optional.of(m) : Optional.empty();
    }
}
