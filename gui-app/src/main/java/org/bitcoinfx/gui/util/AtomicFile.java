package org.bitcoinfx.gui.util;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a file's content so that a crash, a power cut or a full disk leaves either the old
 * content or the new, never a mix or an empty file: the bytes go to a temporary file in the same
 * directory, which is flushed to the disk ({@code fsync}), moved over the file
 * ({@link StandardCopyOption#ATOMIC_MOVE}), and then the directory is flushed too (so that the
 * rename itself survives a power cut), as {@code AtomicFile}/{@code RenameOver} do elsewhere.
 * Works on any {@link java.nio.file.FileSystem}.
 */
public final class AtomicFile {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicFile.class);

    private AtomicFile() {
    }

    /**
     * Writes {@code content} to {@code file} atomically; creates the parent directories.
     *
     * @param file    the file to replace (or create)
     * @param content its new content
     * @throws IOException if it cannot be written (a full disk: "No space left on device"); the old
     *                     file is then as it was and no temporary file is left
     */
    public static void write(Path file, byte[] content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(content);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                LOG.warn("atomic move not supported in {}; replacing {}", dir, file.getFileName());
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(dir);
    }

    /**
     * Flushes a directory's entries to the disk. Some systems cannot open a directory for this
     * (Windows; some virtual file systems): the file is written then, only the rename may not yet
     * be on the disk, which is logged and not an error.
     */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("cannot flush directory {} ({}); the file is written", dir, e.toString());
        }
    }
}
