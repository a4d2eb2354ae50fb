package org.bitcoinfx.node;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Bitcoin Core version as printed by {@code bitcoin-node -version}, e.g.
 * {@code Bitcoin Core daemon version v31.99.0-58a7869f860f bitcoin-node} gives major 31, minor 99,
 * patch 0, suffix {@code -58a7869f860f}.
 *
 * @param major  the major version (32 for v32.0.0)
 * @param minor  the minor version (99 on master)
 * @param patch  the patch version, 0 if not printed
 * @param suffix whatever follows the numbers (a commit id, {@code rc1}), or empty
 */
public record NodeVersion(int major, int minor, int patch, String suffix) implements Comparable<NodeVersion> {
    /**
     * The oldest release Bitcoin FX works with. {@code Init.makeRpc @4}, which the whole app needs,
     * was merged into master (bitcoin/bitcoin#32297, 2026-03-30) after the 31.x branch was cut
     * (master became 31.99 on 2026-03-06), so no v31.x release serves it: the first release that
     * does is v32.0.
     */
    public static final int MIN_MAJOR = 32;
    /** Master builds of the cycle before {@link #MIN_MAJOR} ({@code v31.99}) are accepted too. */
    public static final int MASTER_MINOR = 99;
    /**
     * What the app needs, in the words every refusal uses. A v31.99 build from before the makeRpc
     * merge passes this check and is refused at connect, when {@code makeRpc} answers UNIMPLEMENTED
     * (ipc-bindings {@code OldNodeException}).
     */
    public static final String REQUIRED = "v" + MIN_MAJOR + " or newer, or a v" + (MIN_MAJOR - 1) + "." + MASTER_MINOR
            + " master build with makeRpc (from 2026-03-30 on)";

    private static final Pattern VERSION = Pattern.compile("\\bversion v(\\d+)\\.(\\d+)(?:\\.(\\d+))?(\\S*)");

    /**
     * Finds the version in one line of {@code -version} output.
     *
     * @return the version, or empty if the line has no {@code version vX.Y[.Z]}
     */
    public static Optional<NodeVersion> parse(String versionLine) {
        Matcher m = VERSION.matcher(versionLine);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
            return Optional.of(new NodeVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch, m.group(4)));
        } catch (NumberFormatException e) { // numbers too large for an int
            return Optional.empty();
        }
    }

    /**
     * @return true if this version may serve the IPC methods the app needs: v{@value #MIN_MAJOR} or
     *         newer, or a v31.99 master build (see {@link #REQUIRED})
     */
    public boolean isSupported() {
        return major >= MIN_MAJOR || (major == MIN_MAJOR - 1 && minor >= MASTER_MINOR);
    }

    @Override
    public int compareTo(NodeVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    /** @return e.g. {@code v31.99.0-58a7869f860f} */
    @Override
    public String toString() {
        return "v" + major + "." + minor + "." + patch + suffix;
    }
}
