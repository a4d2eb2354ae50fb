package org.bitcoinfx.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.node.BundledNodeManifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The signing and verifying steps of packaging/README.md ("Signing SHA256SUMS"), run as written on
 * a SHA256SUMS from {@link Sha256Sums#write} with a throwaway key in a temporary {@code GNUPGHOME}:
 * {@code gpg --detach-sign --armor SHA256SUMS}, then {@code gpg --verify SHA256SUMS.asc SHA256SUMS}
 * and {@code sha256sum --ignore-missing -c SHA256SUMS}; a changed SHA256SUMS fails the signature and
 * a changed file fails the hash check. Skips, saying why, without gpg or sha256sum.
 */
class Sha256SumsSigningTest {
    private static final String UID = "Bitcoin FX test signer <signer@bitcoinfx.invalid>";
    private Path dir;
    private Path gnupgHome;

    @BeforeEach
    void setUp() throws IOException {
        Assumptions.assumeTrue(JdkTools.onPath("gpg"), "gpg is not installed (Debian: apt-get install gnupg)");
        Assumptions.assumeTrue(JdkTools.onPath("sha256sum"), "sha256sum is not installed (coreutils)");
        dir = Files.createTempDirectory("sums");
        // short path: gpg-agent's socket lives in it
        gnupgHome = Files.createTempDirectory(Path.of("/tmp"), "gpg", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (gnupgHome != null) {
            // gpgconf --kill returns once the agent has the request; the agent then removes its sockets as it exits.
            // Deleting the home before that exit raced with it (NoSuchFileException for S.gpg-agent.extra, found by
            // a stress round): wait for the agent's process to end first
            java.util.Optional<ProcessHandle> agent = agentProcess();
            run(List.of("gpgconf", "--kill", "all"), gnupgHome);
            if (agent.isPresent()) {
                agent.get().onExit().get(60, TimeUnit.SECONDS);
            }
            Packager.deleteTree(gnupgHome);
        }
        if (dir != null) {
            Packager.deleteTree(dir);
        }
    }

    @Test
    void signedSumsVerifyAndATamperedListOrFileIsCaught() throws Exception {
        Path tar = Files.writeString(dir.resolve("bitcoinfx-experimental-0.1.0-linux-x86_64.tar.gz"), "tarball bytes");
        Path sbom = Files.writeString(dir.resolve("bitcoinfx-experimental-0.1.0-linux-x86_64.cdx.json"), "{}\n");
        Files.writeString(dir.resolve("bitcoinfx-experimental_0.1.0-1_amd64.deb"), "deb bytes");
        Sha256Sums.write(dir.resolve("SHA256SUMS"), Map.of(
                tar.getFileName().toString(), BundledNodeManifest.sha256(tar),
                sbom.getFileName().toString(), BundledNodeManifest.sha256(sbom),
                "bitcoinfx-experimental_0.1.0-1_amd64.deb", BundledNodeManifest.sha256(dir.resolve("bitcoinfx-experimental_0.1.0-1_amd64.deb"))));

        Result key = run(List.of("gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", "",
                "--quick-generate-key", UID, "ed25519", "sign", "1d"), dir);
        assertEquals(0, key.exit, key.output);

        // the README's signing step
        Result sign = run(List.of("gpg", "--batch", "--local-user", "signer@bitcoinfx.invalid", "--detach-sign", "--armor", "SHA256SUMS"), dir);
        assertEquals(0, sign.exit, sign.output);
        assertTrue(Files.readString(dir.resolve("SHA256SUMS.asc")).startsWith("-----BEGIN PGP SIGNATURE-----"));

        // the README's verifying steps, where someone downloaded only the tarball
        Files.delete(dir.resolve("bitcoinfx-experimental_0.1.0-1_amd64.deb"));
        Result verify = run(List.of("gpg", "--verify", "SHA256SUMS.asc", "SHA256SUMS"), dir);
        assertEquals(0, verify.exit, verify.output);
        assertTrue(verify.output.contains("Good signature from \"" + UID + "\""), verify.output);
        Result check = run(List.of("sha256sum", "--ignore-missing", "-c", "SHA256SUMS"), dir);
        assertEquals(0, check.exit, check.output);
        assertTrue(check.output.contains(tar.getFileName() + ": OK"), check.output);

        // a file changed after signing: the signature still holds, the hash check fails
        Files.writeString(tar, "tarball bytes, changed");
        Result badFile = run(List.of("sha256sum", "--ignore-missing", "-c", "SHA256SUMS"), dir);
        assertNotEquals(0, badFile.exit, badFile.output);
        assertTrue(badFile.output.contains(tar.getFileName() + ": FAILED"), badFile.output);

        // SHA256SUMS changed to match: now the signature fails
        Files.writeString(dir.resolve("SHA256SUMS"), Files.readString(dir.resolve("SHA256SUMS"))
                .replaceAll("[0-9a-f]{64}(  " + java.util.regex.Pattern.quote(tar.getFileName().toString()) + ")", BundledNodeManifest.sha256(tar) + "$1"));
        Result badList = run(List.of("gpg", "--verify", "SHA256SUMS.asc", "SHA256SUMS"), dir);
        assertNotEquals(0, badList.exit, badList.output);
        assertTrue(badList.output.contains("BAD signature"), badList.output);
    }

    record Result(int exit, String output) {
    }

    /** @return this test's gpg-agent (its pid from {@code getinfo pid}), if one runs; never starts one */
    private java.util.Optional<ProcessHandle> agentProcess() throws Exception {
        Result pid = run(List.of("gpg-connect-agent", "--no-autostart", "getinfo pid", "/bye"), gnupgHome);
        return pid.output().lines().filter(l -> l.matches("D \\d+")).findFirst()
                .flatMap(l -> ProcessHandle.of(Long.parseLong(l.substring(2))));
    }

    private Result run(List<String> cmd, Path cwd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().put("GNUPGHOME", gnupgHome.toString());
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not finish in 120 s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
