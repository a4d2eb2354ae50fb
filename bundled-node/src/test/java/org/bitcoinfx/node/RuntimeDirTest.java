package org.bitcoinfx.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeDirTest {
    @TempDir
    Path tmp;

    @Test
    void isPrivateFromCreationAndHoldsTheSocket() throws Exception {
        RuntimeDir rd = RuntimeDir.create(tmp);
        try {
            assertEquals(RuntimeDir.PRIVATE, Files.getPosixFilePermissions(rd.path()));
            assertEquals(RuntimeDir.currentUid(), ((Number) Files.getAttribute(rd.path(), "unix:uid")).longValue());
            assertTrue(rd.path().getFileName().toString().matches("bitcoinfx-[0-9a-f]{8}"), rd.path().toString());
            assertEquals(rd.path().resolve("node.sock"), rd.socket());
            rd.assertPrivate();
        } finally {
            rd.delete();
        }
        assertFalse(Files.exists(rd.path()));
        rd.delete(); // idempotent
    }

    @Test
    void underTmpTheNameCarriesTheUid() throws Exception {
        RuntimeDir rd = RuntimeDir.create(Path.of("/tmp"));
        try {
            assertTrue(rd.path().getFileName().toString().matches("bitcoinfx-" + RuntimeDir.currentUid() + "-[0-9a-f]{8}"), rd.path().toString());
            assertEquals(RuntimeDir.PRIVATE, Files.getPosixFilePermissions(rd.path()));
        } finally {
            rd.delete();
        }
    }

    @Test
    void defaultParentPrefersXdgRuntimeDir() throws Exception {
        assertEquals(tmp, RuntimeDir.defaultParent(Map.of("XDG_RUNTIME_DIR", tmp.toString())));
        assertEquals(Path.of("/tmp"), RuntimeDir.defaultParent(Map.of()));
        assertEquals(Path.of("/tmp"), RuntimeDir.defaultParent(Map.of("XDG_RUNTIME_DIR", tmp.resolve("missing").toString())));
    }

    @Test
    void widenedPermissionsAreRefused() throws Exception {
        RuntimeDir rd = RuntimeDir.create(tmp);
        try {
            Files.setPosixFilePermissions(rd.path(), PosixFilePermissions.fromString("rwxr-xr-x"));
            NodeStartException e = assertThrows(NodeStartException.class, rd::assertPrivate);
            assertTrue(e.getMessage().contains("has mode rwxr-xr-x; it must be rwx------ (0700)"), e.getMessage());
        } finally {
            rd.delete();
        }
    }

    @Test
    void tooLongSocketPathFailsBeforeCreatingAnything() throws Exception {
        Path deep = Files.createDirectories(tmp.resolve("d".repeat(100)));
        NodeStartException e = assertThrows(NodeStartException.class, () -> RuntimeDir.create(deep));
        int bytes = (deep + "/bitcoinfx-00000000/node.sock").getBytes(StandardCharsets.UTF_8).length;
        assertEquals("The IPC socket path under " + deep + " would be " + bytes
                + " bytes; Unix sockets allow at most 107. Set XDG_RUNTIME_DIR to a shorter directory.", e.getMessage());
        try (var s = Files.list(deep)) {
            assertEquals(0, s.count());
        }
    }
}
