package org.bitcoinfx.gui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hand-off of a payment link from a second start to the running app, over a Unix socket in a private directory. */
class UriHandoffTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @Test
    void aSecondStartHandsItsLinkToTheRunningApp() throws Exception {
        Path dir = tmp.resolve("h");
        LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
        try (UriHandoff h = UriHandoff.listen(dir, got::add)) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
            UriHandoff.send(dir, "bitcoin:bcrt1qxyz?amount=1&message=%C3%BC", WAIT);
            assertEquals("bitcoin:bcrt1qxyz?amount=1&message=%C3%BC", got.poll(30, TimeUnit.SECONDS));
            UriHandoff.send(dir, "BITCOIN:second", WAIT);
            assertEquals("BITCOIN:second", got.poll(30, TimeUnit.SECONDS));

            IOException e = assertThrows(IOException.class, () -> UriHandoff.send(dir, "https://example.com", WAIT));
            assertEquals("refused: not a bitcoin: URI", e.getMessage());
            e = assertThrows(IOException.class, () -> UriHandoff.send(dir, "bitcoin:" + "a".repeat(UriHandoff.MAX_BYTES), WAIT));
            assertEquals("the link is 4105 bytes; at most 4096 are handed over", e.getMessage());
            assertTrue(got.isEmpty(), "nothing refused reached the app");
            assertTrue(Files.exists(h.socket()));
        }
        assertFalse(Files.exists(dir.resolve(UriHandoff.SOCKET_NAME)), "the socket is removed on close");
        IOException e = assertThrows(IOException.class, () -> UriHandoff.send(dir, "bitcoin:x", WAIT));
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "nobody listens: " + e);
    }

    @Test
    void aSocketLeftByACrashIsReplacedAndADirectoryNotPrivateIsNotUsed() throws Exception {
        Path dir = tmp.resolve("h");
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.writeString(dir.resolve(UriHandoff.SOCKET_NAME), "stale");
        LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
        try (UriHandoff h = UriHandoff.listen(dir, got::add)) {
            UriHandoff.send(dir, "bitcoin:after-crash", WAIT);
            assertEquals("bitcoin:after-crash", got.poll(30, TimeUnit.SECONDS));
        }
        Path open = tmp.resolve("open");
        Files.createDirectory(open, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        IOException e = assertThrows(IOException.class, () -> UriHandoff.listen(open, got::add));
        assertTrue(e.getMessage().startsWith("the hand-off directory " + open + " is not a private directory of ours (mode 0700"), e.getMessage());
        e = assertThrows(IOException.class, () -> UriHandoff.send(open, "bitcoin:x", WAIT));
        assertTrue(e.getMessage().contains("is not a private directory of ours"), e.getMessage());
    }

    @Test
    void eachSettingsDirectoryHasItsOwnHandoffDirectory() {
        Map<String, String> env = Map.of("XDG_RUNTIME_DIR", tmp.toString());
        Path a = UriHandoff.directoryFor(Path.of("/home/u/.config/bitcoinfx"), env);
        assertEquals(tmp, a.getParent());
        assertTrue(a.getFileName().toString().matches("bitcoinfx-[0-9]+-ui-[0-9a-f]{8}"), a.toString());
        assertEquals(a, UriHandoff.directoryFor(Path.of("/home/u/.config/bitcoinfx/"), env));
        assertFalse(a.equals(UriHandoff.directoryFor(Path.of("/home/u/other"), env)));
    }
}
