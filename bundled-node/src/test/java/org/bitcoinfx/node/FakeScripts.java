package org.bitcoinfx.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Test helper: writes small executable shell scripts that stand in for bitcoin-node. */
final class FakeScripts {
    private FakeScripts() {
    }

    /** Writes {@code body} as an executable bash script at {@code path}. */
    static Path bash(Path path, String body) throws IOException {
        Files.createDirectories(path.getParent());
        Files.writeString(path, "#!/bin/bash\n" + body + "\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
        return path;
    }

    /** A script answering {@code -version} with {@code versionLine}. */
    static Path versionOnly(Path path, String versionLine) throws IOException {
        return bash(path, "if [ \"$1\" = -version ]; then echo '" + versionLine + "'; echo 'Copyright (C) 2009-2026 The Bitcoin Core developers'; exit 0; fi\nexit 2");
    }
}
