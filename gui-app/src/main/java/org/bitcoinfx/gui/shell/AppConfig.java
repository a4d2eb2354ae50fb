package org.bitcoinfx.gui.shell;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.bitcoinfx.gui.node.NodeBackend;
import org.bitcoinfx.gui.node.NodeBackends;
import org.bitcoinfx.gui.settings.SettingsStore;

/**
 * How the app is wired: where settings live, which node backend to use and what "exit" does
 * (tests and demos replace these).
 *
 * @param settingsFile  the settings JSON
 * @param backend       makes the node backend (called once, on the JavaFX Application Thread)
 * @param resetSettings true to forget the settings and show onboarding again ({@code --reset-settings})
 * @param exitAction    run after a clean shutdown (normally {@code Platform::exit})
 */
public record AppConfig(Path settingsFile, Supplier<NodeBackend> backend, boolean resetSettings, Runnable exitAction) {

    /**
     * Reads the command line: {@code --reset-settings}, {@code --settings=<file>}.
     *
     * @throws IllegalArgumentException for an unknown option
     */
    public static AppConfig fromArgs(List<String> args, Runnable exitAction) {
        Path file = SettingsStore.defaultFile();
        boolean reset = false;
        for (String a : args) {
            if (a.equals("--reset-settings")) {
                reset = true;
            } else if (a.startsWith("--settings=")) {
                file = Path.of(a.substring("--settings=".length()));
            } else {
                throw new IllegalArgumentException("unknown option: " + a + " (known: --reset-settings, --settings=<file>)");
            }
        }
        return new AppConfig(file, NodeBackends::load, reset, exitAction);
    }
}
