package org.bitcoinfx.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The app's startup archive (class-data sharing, AppCDS): the classes a launch loads up to the
 * first window, parsed and verified once into {@code lib/app/bitcoinfx.jsa} and mapped by every
 * later start, which takes the launch → window-shown time down (figures in packaging/README.md).
 *
 * <p>JDK 17 records the jars' absolute paths in an archive and refuses one whose class path moved,
 * so the archive cannot be made at package time (the image is built in {@code target/} and installed
 * in {@code /opt}): the image carries the class list ({@code lib/app/bitcoinfx.classlist}, recorded
 * from real launches by {@code packaging/cds/record-classlist.sh}) and {@code lib/cds-archive.sh},
 * which the {@code .deb}'s postinst and the {@code .rpm}'s {@code %post} run where the app is
 * installed ({@code -Xshare:dump} through the launcher: the image's own runtime and class path). The
 * launcher always names the archive ({@link #JAVA_OPTION}); the JVM's default {@code -Xshare:auto}
 * starts without it when it is missing or does not match.
 */
public final class StartupArchive {
    /** The archive's file name in {@code lib/app} ({@code $APPDIR}). */
    public static final String ARCHIVE = "bitcoinfx.jsa";
    /** The class list's file name in {@code lib/app}, and in packaging/src/jpackage/common. */
    public static final String CLASS_LIST = "bitcoinfx.classlist";
    /** The script in the image that makes ({@code create}) or deletes ({@code remove}) the archive. */
    public static final String SCRIPT = "lib/cds-archive.sh";
    /** The launcher's JVM option naming the archive ({@code $APPDIR} is the launcher's {@code lib/app}). */
    public static final String JAVA_OPTION = "-XX:SharedArchiveFile=$APPDIR/" + ARCHIVE;

    private StartupArchive() {
    }

    /** @return {@code lib/app/bitcoinfx.jsa} of an image */
    public static Path archive(Path image) {
        return AppImageLayout.appDir(image).resolve(ARCHIVE);
    }

    /**
     * Puts the class list and the script into an image.
     *
     * @param resources packaging/src/jpackage
     * @throws IOException if they cannot be copied
     */
    static void install(Path resources, Path image) throws IOException {
        Files.copy(resources.resolve("common").resolve(CLASS_LIST), AppImageLayout.appDir(image).resolve(CLASS_LIST),
                StandardCopyOption.REPLACE_EXISTING);
        Path script = image.resolve(SCRIPT);
        Files.copy(resources.resolve("linux/cds-archive.sh"), script, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** What {@link #run} did: the script's exit status and output. */
    record Result(int exit, String output) {
    }

    /**
     * Runs the image's script ({@code create} or {@code remove}) where the image is, as the
     * package's scripts do (for tests and the launch bench).
     *
     * @throws IOException if it cannot be started or does not end within {@code timeoutS}
     */
    static Result run(Path image, String action, long timeoutS) throws IOException, InterruptedException {
        Path log = Files.createTempFile("cds-archive", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(List.of(image.resolve(SCRIPT).toString(), action))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            Process p = pb.start();
            if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IOException(SCRIPT + " " + action + " did not end within " + timeoutS + " s: " + Files.readString(log));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
