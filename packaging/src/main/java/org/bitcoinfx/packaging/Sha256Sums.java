package org.bitcoinfx.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code SHA256SUMS} file as {@code sha256sum} writes it and Bitcoin Core publishes it beside its
 * release tarballs: one {@code <64 hex digits><space><space or *><file name>} per line. Bitcoin Core's
 * file names carry no directory ({@code bitcoin-32.0-x86_64-linux-gnu.tar.gz}); a leading
 * {@code ./} or directory is ignored when looking a name up.
 */
public final class Sha256Sums {
    private static final Pattern LINE = Pattern.compile("^([0-9a-fA-F]{64}) [ *](.+)$");

    private final Map<String, String> byName;

    private Sha256Sums(Map<String, String> byName) {
        this.byName = byName;
    }

    /**
     * Parses the text of a SHA256SUMS file. Blank lines are skipped.
     *
     * @throws IllegalArgumentException naming the first malformed line (1-based), or a file name listed
     *                                  twice with different hashes
     */
    public static Sha256Sums parse(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            Matcher x = LINE.matcher(line);
            if (!x.matches()) {
                throw new IllegalArgumentException("line " + (i + 1) + " is not '<sha256>  <file>': " + abbreviate(line));
            }
            String hash = x.group(1).toLowerCase(Locale.ROOT);
            String name = baseName(x.group(2));
            String old = m.putIfAbsent(name, hash);
            if (old != null && !old.equals(hash)) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + name + " is listed twice with different hashes");
            }
        }
        return new Sha256Sums(m);
    }

    /**
     * Reads and parses a SHA256SUMS file.
     *
     * @throws IOException              if it cannot be read
     * @throws IllegalArgumentException if it is malformed (see {@link #parse})
     */
    public static Sha256Sums read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** @return the hash (64 lower-case hex digits) listed for this file name (its directory is ignored) */
    public Optional<String> lookup(String fileName) {
        return Optional.ofNullable(byName.get(baseName(fileName)));
    }

    /** @return how many files are listed */
    public int size() {
        return byName.size();
    }

    /**
     * Writes a SHA256SUMS file, lines sorted by name, {@code sha256sum -c} compatible.
     *
     * @param hashes file name (relative to the SHA256SUMS file's directory) to 64 hex digits
     * @throws IOException if it cannot be written
     */
    public static void write(Path file, Map<String, String> hashes) throws IOException {
        SortedMap<String, String> sorted = new TreeMap<>(hashes);
        List<String> lines = new ArrayList<>();
        sorted.forEach((name, hash) -> lines.add(hash + "  " + name));
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    private static String baseName(String name) {
        String n = name.strip();
        int slash = n.lastIndexOf('/');
        return slash >= 0 ? n.substring(slash + 1) : n;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
