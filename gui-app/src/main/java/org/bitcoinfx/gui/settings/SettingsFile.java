package org.bitcoinfx.gui.settings;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.bitcoinfx.node.Chain;
import org.bitcoinfx.node.NetworkOptions;

/**
 * The settings file, {@code settings.json} version 1, as one record: what {@link SettingsStore}
 * writes and reads by Jackson data binding (no field-by-field code), and what {@link Settings}
 * takes a snapshot into and applies from. A new option is a component here (with its default in
 * {@link #DEFAULTS}, and its label in {@link #LABELS} for the warning about a bad value), a
 * property in {@link Settings}, and its mapping in {@link Settings#toNodeSettings()}.
 *
 * <p>Reading is tolerant field by field ({@link SettingsStore#loadChecked}): a field with a bad
 * value keeps its default and is named in the warning, the others are read.
 *
 * @param version    the file format, 1
 * @param onboarded  true once onboarding was finished
 * @param chain      the chain to run, written as its {@code -chain=} name ({@code "regtest"}); one of {@link Chain#APP_CHAINS}
 * @param dataDir    the data directory ({@code -datadir}), or null for {@link Settings#defaultDataDir()}; blank reads as null
 * @param prune      true to run a pruned node
 * @param pruneGb    the prune target, GB (10^9 bytes), at least {@link Settings#MIN_PRUNE_GB}
 * @param nodeBinary the bitcoin-node to run, or null to search for one; blank reads as null
 * @param extraArgs  extra node arguments as typed (split by {@code NodeArgs.split}), never null
 * @param theme      the colour theme
 * @param signer     the external signing tool ({@code -signer=<cmd>}, e.g. HWI), "" for none; never null
 * @param network    the node's network and memory options ({@code -proxy}, {@code -listen}, {@code -dbcache}, …), checked as
 *                   Bitcoin Core checks them ({@link NetworkOptions}); null reads as {@link NetworkOptions#DEFAULTS}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"version", "onboarded", "chain", "dataDir", "prune", "pruneGb", "nodeBinary", "extraArgs", "theme", "signer", "network"})
public record SettingsFile(int version, boolean onboarded, Chain chain, String dataDir, boolean prune, double pruneGb,
                           String nodeBinary, String extraArgs, Theme theme, String signer, NetworkOptions network) {
    /** The file format written. */
    public static final int VERSION = 1;

    /** A fresh install's settings: mainnet, the default data directory, pruned to 2 GB, light theme. */
    public static final SettingsFile DEFAULTS = new SettingsFile(VERSION, false, Chain.MAIN, null, true, Settings.DEFAULT_PRUNE_GB,
            null, "", Theme.LIGHT, "", NetworkOptions.DEFAULTS);

    /** How the warning names each field whose value was not understood. */
    static final Map<String, String> LABELS = Map.ofEntries(Map.entry("version", "format version"), Map.entry("onboarded", "onboarding done"),
            Map.entry("chain", "network"), Map.entry("dataDir", "data directory"), Map.entry("prune", "prune"), Map.entry("pruneGb", "prune target"),
            Map.entry("nodeBinary", "bitcoin-node"), Map.entry("extraArgs", "extra node arguments"), Map.entry("theme", "theme"),
            Map.entry("signer", "external signer"), Map.entry("network", "network options"));

    /** Normalises: blank paths and null strings become null and "", a null chain or theme the default. */
    public SettingsFile {
        chain = chain == null ? Chain.MAIN : chain;
        dataDir = dataDir == null || dataDir.isBlank() ? null : dataDir;
        nodeBinary = nodeBinary == null || nodeBinary.isBlank() ? null : nodeBinary;
        extraArgs = extraArgs == null ? "" : extraArgs;
        theme = theme == null ? Theme.LIGHT : theme;
        signer = signer == null ? "" : signer;
        network = network == null ? NetworkOptions.DEFAULTS : network;
    }

    /**
     * Checks what a hand-edited file may get wrong beyond its JSON types.
     *
     * @return this
     * @throws IllegalArgumentException naming the problem: a chain the app does not offer, a path the
     *                                  OS refuses, a prune target below {@link Settings#MIN_PRUNE_GB}
     */
    public SettingsFile validate() {
        if (!Chain.APP_CHAINS.contains(chain)) {
            throw new IllegalArgumentException("not a network the app offers");
        }
        path(dataDir);
        path(nodeBinary);
        if (!Double.isFinite(pruneGb) || pruneGb < Settings.MIN_PRUNE_GB) {
            throw new IllegalArgumentException("below " + Settings.MIN_PRUNE_GB + " GB");
        }
        return this;
    }

    /** @return the data directory as a path, or null */
    public Path dataDirPath() {
        return path(dataDir);
    }

    /** @return the node binary as a path, or null */
    public Path nodeBinaryPath() {
        return path(nodeBinary);
    }

    /** @return a string for a path, or null */
    static String string(Path p) {
        return p == null ? null : p.toString();
    }

    private static Path path(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Path.of(s);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(e.getReason(), e);
        }
    }

    /** @return the same settings with {@code chain} (for tests and callers that change one field) */
    public SettingsFile withChain(Chain c) {
        return new SettingsFile(version, onboarded, Objects.requireNonNull(c), dataDir, prune, pruneGb, nodeBinary, extraArgs, theme, signer, network);
    }
}
