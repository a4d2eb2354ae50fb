package org.bitcoinfx.node;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Bitcoin Core version as printed by {@code bitcoin-node -version}, e.g.
 * {@code Bitcoin Core daemon version v31.99.0-58a7869f860f bitcoin-node} gives major 31, minor 99,
 * patch 0, suffix {@code -58a7869f860f}.
 *
 * @param major  the major version (31 for v31.0.0)
 * @param minor  the minor version (99 on master)
 * @param patch  the patch version, 0 if not printed
 * @param suffix whatever follows the numbers (a commit id, {@code rc1}), or empty
 */
public record NodeVersion(int major, int minor, int patch, String suffix) implements Comparable<NodeVersion> {
    /** The oldest major version Bitcoin FX works with: its IPC schema (makeMining @3, makeRpc @4) starts there. */
    public static final int MIN_MAJOR = 31;

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

    /** @return true if this version is v{@value #MIN_MAJOR} or newer */
    public boolean isSupported() {
        return major >= MIN_MAJOR;
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
