package org.bitcoinfx.gui.settings;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.bitcoinfx.gui.node.NodeSettings;
import org.bitcoinfx.node.Chain;
import org.bitcoinfx.node.NodeArgs;
import org.bitcoinfx.node.NetworkOptions;
import org.bitcoinfx.node.NodeConfig;

/**
 * The user's settings as observable properties. Change them on the JavaFX Application Thread;
 * {@link SettingsStore} saves them.
 */
public final class Settings {
    /** Default prune target on mainnet, GB. */
    public static final double DEFAULT_PRUNE_GB = 2;
    /** Bitcoin Core's smallest prune target (550 MiB), in GB. */
    public static final double MIN_PRUNE_GB = 0.6;

    private final BooleanProperty onboarded = new SimpleBooleanProperty(this, "onboarded", false);
    private final ObjectProperty<Chain> chain = new SimpleObjectProperty<>(this, "chain", Chain.MAIN);
    private final ObjectProperty<Path> dataDir = new SimpleObjectProperty<>(this, "dataDir", defaultDataDir());
    private final BooleanProperty prune = new SimpleBooleanProperty(this, "prune", true);
    private final DoubleProperty pruneGb = new SimpleDoubleProperty(this, "pruneGb", DEFAULT_PRUNE_GB);
    private final ObjectProperty<Path> nodeBinary = new SimpleObjectProperty<>(this, "nodeBinary", null);
    private final StringProperty extraArgs = new SimpleStringProperty(this, "extraArgs", "");
    private final StringProperty signer = new SimpleStringProperty(this, "signer", "");
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(this, "theme", Theme.LIGHT);
    private final ObjectProperty<NetworkOptions> network = new SimpleObjectProperty<>(this, "network", NetworkOptions.DEFAULTS);

    /** @return the node's network and memory options (never null; {@link NetworkOptions#DEFAULTS} for none) */
    public ObjectProperty<NetworkOptions> networkProperty() {
        return network;
    }

    /** @return true once onboarding was finished */
    public BooleanProperty onboardedProperty() {
        return onboarded;
    }

    /** @return the chain to run */
    public ObjectProperty<Chain> chainProperty() {
        return chain;
    }

    /** @return the data directory ({@code -datadir}) */
    public ObjectProperty<Path> dataDirProperty() {
        return dataDir;
    }

    /** @return true to run a pruned node */
    public BooleanProperty pruneProperty() {
        return prune;
    }

    /** @return the prune target, GB (10^9 bytes) */
    public DoubleProperty pruneGbProperty() {
        return pruneGb;
    }

    /** @return the bitcoin-node to run, or null to search for one */
    public ObjectProperty<Path> nodeBinaryProperty() {
        return nodeBinary;
    }

    /** @return extra node arguments, space separated, quoted as in a shell where a value has spaces (e.g. {@code -debug=ipc -uacomment="a b"}; {@link NodeArgs}) */
    public StringProperty extraArgsProperty() {
        return extraArgs;
    }

    /** @return the external signing tool, {@code -signer=<cmd>} (e.g. the path of HWI), "" for none */
    public StringProperty signerProperty() {
        return signer;
    }

    /** @return the colour theme */
    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    /**
     * @return the extra arguments, split as a shell would ({@link NodeArgs#split}: {@code "a b"} and {@code 'a b'} are one word)
     * @throws IllegalArgumentException for an unbalanced quote, with its column
     */
    public List<String> extraArgList() {
        return List.copyOf(NodeArgs.split(extraArgs.get()));
    }

    /**
     * @return the data directory to use: the one set, or {@link #defaultDataDir()} when none or a
     *         blank one is set (a blank {@code -datadir=} would be the working directory)
     */
    public Path effectiveDataDir() {
        Path d = dataDir.get();
        return d == null || d.toString().isBlank() ? defaultDataDir() : d;
    }

    /**
     * The {@code -prune=} value for a prune target: GB (10^9 bytes) to MiB, at least Bitcoin Core's
     * {@value NodeConfig#MIN_PRUNE_TARGET_MIB} MiB.
     *
     * @param gb the target, GB
     * @return the target, MiB
     */
    public static long pruneMiB(double gb) {
        return Math.max(NodeConfig.MIN_PRUNE_TARGET_MIB, NodeSettings.pruneGbToMiB(gb));
    }

    /**
     * @return what to start the node with: {@code -prune=}{@link #pruneMiB(double)} when pruning, the extra arguments as split
     * @throws IllegalArgumentException if the extra arguments have an unbalanced quote or one Bitcoin FX refuses, or one
     *                                  clashes with the prune setting (the message names it, and says to fix it in Settings)
     */
    public NodeSettings toNodeSettings() {
        try {
            return nodeSettings();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Extra node arguments: " + e.getMessage() + ". Fix them on the Settings page.", e);
        }
    }

    /**
     * What the Settings page says under the extra arguments when the node options cannot be used as set.
     *
     * @return {@code Cannot read the arguments: …} (a quote), {@code Cannot use the arguments: …} (an option
     *         Bitcoin FX refuses, or a {@code -prune} that clashes with the prune setting or is a value Bitcoin
     *         Core refuses), or empty when they can be used
     */
    public String nodeOptionsProblem() {
        try {
            extraArgList();
        } catch (IllegalArgumentException e) {
            return "Cannot read the arguments: " + e.getMessage() + ".";
        }
        try {
            nodeSettings();
            return "";
        } catch (IllegalArgumentException e) {
            return "Cannot use the arguments: " + e.getMessage() + ".";
        }
    }

    private NodeSettings nodeSettings() {
        long pruneMiB = prune.get() ? pruneMiB(pruneGb.get()) : 0;
        // an unbalanced quote; a refused extra argument (-server, -rpcport, …), named and redacted; a -prune clash
        NodeSettings n = NodeSettings.of(chain.get(), effectiveDataDir(), pruneMiB, nodeBinary.get(), List.of());
        NetworkOptions net = network.get() == null ? NetworkOptions.DEFAULTS : network.get();
        return new NodeSettings(n.config().withNetwork(net).withExtraArgs(extraArgList()).withSigner(signer.get() == null ? "" : signer.get()), nodeBinary.get());
    }

    /** Copies every value from {@code other}. */
    public void copyFrom(Settings other) {
        apply(other.snapshot());
    }

    /** @return the values now, as the settings file holds them */
    public SettingsFile snapshot() {
        return new SettingsFile(SettingsFile.VERSION, onboarded.get(), chain.get(), SettingsFile.string(dataDir.get()), prune.get(),
                pruneGb.get(), SettingsFile.string(nodeBinary.get()), extraArgs.get(), theme.get(),
                signer.get() == null ? "" : signer.get(), network.get());
    }

    /**
     * Sets every property from {@code f}; a null data directory is {@link #defaultDataDir()}.
     *
     * @throws IllegalArgumentException if a path in {@code f} is not one the OS accepts
     */
    public void apply(SettingsFile f) {
        onboarded.set(f.onboarded());
        chain.set(f.chain());
        Path d = f.dataDirPath();
        dataDir.set(d == null ? defaultDataDir() : d);
        prune.set(f.prune());
        pruneGb.set(f.pruneGb());
        nodeBinary.set(f.nodeBinaryPath());
        extraArgs.set(f.extraArgs());
        theme.set(f.theme());
        signer.set(f.signer());
        network.set(f.network());
    }

    /**
     * Bitcoin FX's own default data directory on this OS, never Bitcoin Core's (so that the
     * experimental app does not share a datadir, wallets or a lock with an installed Bitcoin Core):
     * Linux {@code $XDG_DATA_HOME/bitcoinfx-experimental} (default {@code ~/.local/share/bitcoinfx-experimental}),
     * macOS {@code ~/Library/Application Support/BitcoinFX-Experimental},
     * Windows {@code %LOCALAPPDATA%\BitcoinFX-Experimental}.
     */
    public static Path defaultDataDir() {
        return defaultDataDir(System.getProperty("os.name", ""), System.getProperty("user.home"), System.getenv());
    }

    /** As {@link #defaultDataDir()} for a given OS name ({@code os.name}), home directory and environment. */
    static Path defaultDataDir(String osName, String home, java.util.Map<String, String> env) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String local = env.get("LOCALAPPDATA");
            String roaming = env.get("APPDATA");
            String base = local != null && !local.isBlank() ? local : roaming != null && !roaming.isBlank() ? roaming : home;
            return Path.of(base, "BitcoinFX-Experimental");
        }
        if (os.contains("mac")) {
            return Path.of(home, "Library", "Application Support", "BitcoinFX-Experimental");
        }
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : Path.of(home, ".local", "share");
        return base.resolve("bitcoinfx-experimental");
    }
}
