package org.bitcoinfx.packaging;

import java.nio.file.Files;
import java.nio.file.Path;

/** The JDK tools the build needs, found in this JVM's home. */
record JdkTools(Path jlink, Path jpackage, Path jmods) {
    /**
     * @throws PackagingException if jlink, jpackage or the JDK's jmods are missing, saying how to get them
     */
    static JdkTools find() throws PackagingException {
        Path home = Path.of(System.getProperty("java.home"));
        Path jlink = home.resolve("bin/jlink");
        Path jpackage = home.resolve("bin/jpackage");
        Path jmods = home.resolve("jmods");
        if (!Files.isExecutable(jlink) || !Files.isExecutable(jpackage)) {
            throw new PackagingException("jlink and jpackage are needed in " + home + "/bin: use a full JDK 17+ (Debian: openjdk-17-jdk-headless)");
        }
        if (!Files.isRegularFile(jmods.resolve("java.base.jmod"))) {
            throw new PackagingException("no " + jmods + "/java.base.jmod: jlink needs the JDK's jmods (Debian bookworm ships them in "
                    + "openjdk-17-jdk-headless, later releases in openjdk-17-jmods)");
        }
        return new JdkTools(jlink, jpackage, jmods);
    }

    /** @return a reason the tools are unusable here, or null if they are usable (for tests that skip) */
    static String unavailableReason() {
        try {
            find();
            return null;
        } catch (PackagingException e) {
            return e.getMessage();
        }
    }

    /** @return whether an executable of this name is in a {@code PATH} directory */
    static boolean onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) {
                return true;
            }
        }
        return false;
    }
}
