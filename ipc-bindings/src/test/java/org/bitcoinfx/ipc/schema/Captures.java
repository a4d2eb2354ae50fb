package org.bitcoinfx.ipc.schema;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Test helper: the recorded bitcoin-node connections in {@code shared/ipc-captures/*.capnpcap}. */
public final class Captures {
    private Captures() {
    }

    /** One recorded message: direction 'C' (client to node) or 'S', time in ns, framed bytes. */
    public record Record(char direction, long nanos, byte[] frame) {
    }

    /** @return the {@code shared/ipc-captures} directory, found by walking up from the working directory */
    public static Optional<Path> dir() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path c = d.resolve("shared").resolve("ipc-captures");
            if (Files.isDirectory(c)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Parses one capture file: records of 1 byte direction, u64 LE ns, u32 LE length, the frame. */
    public static List<Record> read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<Record> out = new ArrayList<>();
        while (b.hasRemaining()) {
            char dir = (char) b.get();
            long ns = b.getLong();
            int n = b.getInt();
            byte[] f = new byte[n];
            b.get(f);
            out.add(new Record(dir, ns, f));
        }
        return out;
    }

    /** @return every record of every {@code *.capnpcap} file in {@code dir}, files in name order */
    public static List<Record> readAll(Path dir) throws IOException {
        List<Record> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".capnpcap")).sorted().toList()) {
                out.addAll(read(f));
            }
        }
        return out;
    }
}
