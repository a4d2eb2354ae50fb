package org.bitcoinfx.gui.shell;

import java.util.concurrent.CompletableFuture;
import org.bitcoinfx.gui.util.Fx;
import java.nio.file.Path;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.bitcoinfx.gui.node.NodeSession;
import org.bitcoinfx.gui.settings.Settings;
import org.bitcoinfx.gui.settings.SettingsStore;
import org.bitcoinfx.gui.snapshot.SnapshotViewModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What pages share: settings, the node session, the window, the snapshot loader (onboarding and Settings load a
 * UTXO snapshot through the same one). Use on the JavaFX Application Thread.
 */
public final class AppContext {
    private static final Logger LOG = LoggerFactory.getLogger(AppContext.class);

    private final Settings settings;
    private final SettingsStore store;
    private final NodeSession session;
    private final Stage stage;
    private final AppConfig config;
    private final SnapshotViewModel snapshots;

    /** Wires the context. */
    public AppContext(Settings settings, SettingsStore store, NodeSession session, Stage stage, AppConfig config) {
        this.settings = settings;
        this.store = store;
        this.session = session;
        this.stage = stage;
        this.config = config;
        this.snapshots = new SnapshotViewModel(session);
    }

    /** @return the UTXO snapshot loader (AssumeUTXO) */
    public SnapshotViewModel snapshots() {
        return snapshots;
    }

    /** Shows block {@code hash} on the Blocks page (a link from a transaction's details); nothing before the main window. */
    public void openBlock(String hash) {
        blockOpener.accept(hash);
    }

    /** @param opener shows a block by hash (the app sets it once the main window exists) */
    public void setBlockOpener(java.util.function.Consumer<String> opener) {
        blockOpener = opener;
    }

    private java.util.function.Consumer<String> blockOpener = hash -> { };

    /** @return the settings */
    public Settings settings() {
        return settings;
    }

    /** @return the settings store */
    public SettingsStore store() {
        return store;
    }

    /** @return the node session */
    public NodeSession session() {
        return session;
    }

    /** @return the main window */
    public Stage stage() {
        return stage;
    }

    /** @return the app's wiring */
    public AppConfig config() {
        return config;
    }

    /**
     * Saves the settings off the JavaFX thread; shows an error dialog if that fails.
     *
     * @return completes (on any thread) with true if saved, false if not
     */
    public CompletableFuture<Boolean> saveSettings() {
        return store.saveAsync(settings).handle((v, e) -> {
            if (e == null) {
                return true;
            }
            Throwable cause = Fx.unwrap(e);
            LOG.error("cannot save settings to {}", store.file(), cause);
            ErrorDialogs.show("Cannot save settings", "Writing " + store.file() + " failed: " + Fx.message(cause), cause);
            return false;
        });
    }

    /**
     * Lets the user pick a bitcoin-node binary; stores it in the settings and saves them.
     *
     * @return the chosen path, or null if the user cancelled
     */
    public Path chooseNodeBinary() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Choose bitcoin-node");
        Path current = settings.nodeBinaryProperty().get();
        if (current != null && current.getParent() != null && current.getParent().toFile().isDirectory()) {
            fc.setInitialDirectory(current.getParent().toFile());
        }
        var f = fc.showOpenDialog(stage);
        if (f == null) {
            return null;
        }
        settings.nodeBinaryProperty().set(f.toPath());
        saveSettings();
        return f.toPath();
    }
}
