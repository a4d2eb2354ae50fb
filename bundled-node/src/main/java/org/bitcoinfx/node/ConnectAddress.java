package org.bitcoinfx.node;

import java.nio.file.Path;

/** Parses the attach-mode address {@code --connect unix:/path/to/node.sock}. */
public final class ConnectAddress {
    private ConnectAddress() {
    }

    /**
     * @param spec {@code unix:<path>}; a relative path is resolved against the working directory
     * @return the absolute socket path
     * @throws IllegalArgumentException if the form is not {@code unix:<path>}
     */
    public static Path parse(String spec) {
        String s = spec.strip();
        if (!s.startsWith("unix:") || s.length() == "unix:".length()) {
            throw new IllegalArgumentException("--connect expects unix:<path to node.sock>, e.g. unix:"
                    + System.getProperty("user.home") + "/.bitcoin/regtest/node.sock; got '" + spec + "'");
        }
        return Path.of(s.substring("unix:".length())).toAbsolutePath().normalize();
    }
}
