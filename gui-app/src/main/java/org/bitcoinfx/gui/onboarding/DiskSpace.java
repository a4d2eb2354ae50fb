package org.bitcoinfx.gui.onboarding;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Free disk space where a data directory is (or will be). */
public final class DiskSpace {
    private DiskSpace() {
    }

    /**
     * @param dir a directory that may not exist yet; its nearest existing ancestor is measured
     * @return usable bytes on that file system
     * @throws IOException if no ancestor exists or the file store cannot be read
     */
    public static long usableBytes(Path dir) throws IOException {
        Path p = dir.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IOException("no existing directory above " + dir);
        }
        return Files.getFileStore(p).getUsableSpace();
    }
}
