package org.bitcoinfx.node;

import java.nio.file.Path;

/**
 * A bitcoin-node executable that passed {@link NodeLocator}'s checks.
 *
 * @param path        absolute path of the executable
 * @param version     its version, supported ({@link NodeVersion#REQUIRED})
 * @param versionLine the first line it printed for {@code -version}
 */
public record NodeBinary(Path path, NodeVersion version, String versionLine) {
}
