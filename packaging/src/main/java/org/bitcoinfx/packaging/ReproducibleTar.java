package org.bitcoinfx.packaging;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Writes a directory tree as a {@code .tar.gz} that depends only on the tree's names, bytes and
 * executable bits: entries in name order, every time the given timestamp, owner root:root (0:0),
 * modes 0755 (directories, executables) or 0644, POSIX (pax) headers for long names, and a gzip
 * header without file name or time. Symbolic links are refused (the app image has none).
 */
public final class ReproducibleTar {
    private ReproducibleTar() {
    }

    /**
     * @param root         the directory to archive
     * @param topName      the name of the archive's top directory (entries are {@code topName/…})
     * @param tarGz        the file to write
     * @param epochSeconds every entry's modification time
     * @throws IOException if reading or writing fails, or the tree holds a symbolic link or special file
     */
    public static void write(Path root, String topName, Path tarGz, long epochSeconds) throws IOException {
        List<Path> paths;
        try (Stream<Path> s = Files.walk(root)) {
            paths = s.sorted((a, b) -> root.relativize(a).toString().compareTo(root.relativize(b).toString())).toList();
        }
        FileTime time = FileTime.from(Instant.ofEpochSecond(epochSeconds));
        GzipParameters gz = new GzipParameters();
        gz.setModificationTime(0);
        gz.setOperatingSystem(3); // Unix, whatever the builder's OS
        try (OutputStream fout = new BufferedOutputStream(Files.newOutputStream(tarGz));
             GzipCompressorOutputStream gzout = new GzipCompressorOutputStream(fout, gz);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gzout, "UTF-8")) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Path p : paths) {
                String rel = root.relativize(p).toString();
                String name = rel.isEmpty() ? topName + "/" : topName + "/" + rel;
                TarArchiveEntry e;
                if (Files.isSymbolicLink(p)) {
                    throw new IOException(p + " is a symbolic link; the app image must not hold any");
                } else if (Files.isDirectory(p)) {
                    e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR);
                    e.setMode(0040755);
                } else if (Files.isRegularFile(p)) {
                    e = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
                    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                    e.setMode(perms.contains(PosixFilePermission.OWNER_EXECUTE) ? 0100755 : 0100644);
                    e.setSize(Files.size(p));
                } else {
                    throw new IOException(p + " is neither a file nor a directory");
                }
                e.setModTime(time);
                e.setIds(0, 0);
                e.setNames("root", "root");
                tar.putArchiveEntry(e);
                if (Files.isRegularFile(p)) {
                    Files.copy(p, tar);
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
    }
}
