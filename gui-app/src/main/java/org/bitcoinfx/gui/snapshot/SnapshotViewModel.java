package org.bitcoinfx.gui.snapshot;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.gui.node.NodeSession;
import org.bitcoinfx.gui.util.Fx;
import org.bitcoinfx.gui.util.Tasks;
import org.bitcoinfx.gui.util.Units;
import org.bitcoinfx.ipc.JsonRpcException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loading a UTXO snapshot (AssumeUTXO), for the whole app (onboarding, Settings): state and commands.
 * {@link #load(Path)} sends {@code loadtxoutset} at once ({@link SnapshotService}, on the node's own snapshot Thread)
 * and shows it while it runs — the time since it began (every second), and the node's {@code [snapshot]} log lines,
 * whose "coins loaded (x %)" give a percentage (the node writes one every million coins; until then the progress is
 * indeterminate) — then the result, or the node's refusal in the node's words. {@link #loadWhenHeadersArrive(Path)}
 * (onboarding: the node is not running yet) waits until the node has the header of the snapshot's base block
 * ({@link SnapshotMetadata}, {@code getblockheader} every {@value #HEADER_POLL_SECONDS} s), then loads it; a file the
 * app cannot read as a snapshot is passed to the node at once, which says what is wrong with it.
 * <p>What happens after the load (the two chainstates, the background validation) is the Status page's.
 * Use on the JavaFX Application Thread only.
 */
public final class SnapshotViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotViewModel.class);
    /** How often a pending snapshot asks whether its base block's header has arrived, s. */
    static final long HEADER_POLL_SECONDS = 2;
    /** The node's progress line ({@code src/validation.cpp PopulateAndValidateSnapshot}): "… coins loaded (12.34%, …)". */
    static final Pattern PERCENT = Pattern.compile("coins loaded \\((\\d+(?:\\.\\d+)?)%");
    /** The node's snapshot log lines carry this tag. */
    static final String LOG_TAG = "[snapshot] ";

    /** Where a load stands. */
    public enum State {
        /** Nothing asked. */
        NONE,
        /** Chosen in onboarding: waiting for the node, then for the header of the snapshot's block. */
        WAITING_FOR_HEADERS,
        /** {@code loadtxoutset} is running. */
        LOADING,
        /** Loaded: the node now syncs from the snapshot and validates in the background. */
        LOADED,
        /** The node (or the app, for a node not running) refused: see {@link #messageProperty()}. */
        REFUSED
    }

    private final NodeSession session;
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.NONE);
    private final ReadOnlyObjectWrapper<Path> file = new ReadOnlyObjectWrapper<>(this, "file");
    private final ReadOnlyObjectWrapper<SnapshotMetadata> metadata = new ReadOnlyObjectWrapper<>(this, "metadata");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper progressLine = new ReadOnlyStringWrapper(this, "progressLine", "");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    private final ReadOnlyLongWrapper elapsedSeconds = new ReadOnlyLongWrapper(this, "elapsedSeconds", 0);
    private final ReadOnlyLongWrapper loadMillis = new ReadOnlyLongWrapper(this, "loadMillis", -1);
    private final ReadOnlyObjectWrapper<SnapshotLoad> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private long startedNanos;
    /** Counts loads and waits: a late answer of an earlier one is dropped. */
    private int generation;
    private ScheduledFuture<?> ticker;
    private ScheduledFuture<?> headerPoll;

    /** @param session the app's node session (its connection scope and its log) */
    public SnapshotViewModel(NodeSession session) {
        this.session = session;
        session.log().addListener((ListChangeListener<String>) c -> {
            if (state.get() != State.LOADING) {
                return;
            }
            while (c.next()) {
                if (c.wasAdded()) {
                    c.getAddedSubList().forEach(this::onLogLine);
                }
            }
        });
        session.scopeProperty().addListener((o, a, sc) -> {
            if (sc != null && state.get() == State.WAITING_FOR_HEADERS) {
                waitForHeaders(sc, generation);
            }
        });
    }

    /** Where the load stands. */
    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** The snapshot file asked for; null before any. */
    public ReadOnlyObjectProperty<Path> fileProperty() {
        return file.getReadOnlyProperty();
    }

    /** The file's header as the app reads it; null before it is read or if it is not a snapshot the app can read. */
    public ReadOnlyObjectProperty<SnapshotMetadata> metadataProperty() {
        return metadata.getReadOnlyProperty();
    }

    /**
     * What to tell the user: while waiting, what for; when loaded, what was loaded; when refused, the node's
     * refusal in its words ({@link JsonRpcException#rpcMessage()}), or why the app could not ask.
     */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The node's last {@code [snapshot]} log line during the load (without the tag); empty before one. */
    public ReadOnlyStringProperty progressLineProperty() {
        return progressLine.getReadOnlyProperty();
    }

    /** The load's progress from the node's log, 0…1; -1 while unknown (indeterminate). */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Seconds since {@code loadtxoutset} was sent, updated every second while it runs; its total once it ended. */
    public ReadOnlyLongProperty elapsedSecondsProperty() {
        return elapsedSeconds.getReadOnlyProperty();
    }

    /** How long the last load took until the node's answer, ms; -1 before one ended. */
    public ReadOnlyLongProperty loadMillisProperty() {
        return loadMillis.getReadOnlyProperty();
    }

    /** The last successful load's result; null before one. */
    public ReadOnlyObjectProperty<SnapshotLoad> resultProperty() {
        return result.getReadOnlyProperty();
    }

    /** True while loading or waiting for headers: the "Load" commands are off meanwhile. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** @return e.g. "Loading the snapshot… 0:12" while loading, else empty */
    public String elapsedText() {
        if (state.get() != State.LOADING) {
            return "";
        }
        long s = elapsedSeconds.get();
        return String.format("Loading the snapshot… %d:%02d", s / 60, s % 60);
    }

    /**
     * Loads {@code snapshot} now ({@code loadtxoutset}). Ignored while a load runs or waits. With no node connected
     * the state becomes {@link State#REFUSED} at once, saying so.
     */
    public void load(Path snapshot) {
        if (busy.get()) {
            return;
        }
        loadNow(snapshot, begin(snapshot));
    }

    /**
     * Loads {@code snapshot} once the node runs and has the header of its base block: for a snapshot chosen before
     * the node started (onboarding). Ignored while a load runs or waits.
     */
    public void loadWhenHeadersArrive(Path snapshot) {
        if (busy.get()) {
            return;
        }
        int gen = begin(snapshot);
        state.set(State.WAITING_FOR_HEADERS);
        busy.set(true);
        message.set("Waiting for bitcoin-node…");
        ConnectionScope sc = session.scopeProperty().get();
        if (sc != null && sc.isOpen()) {
            waitForHeaders(sc, gen);
        }
    }

    /** Stops waiting for the headers (a load already sent runs on). */
    public void cancelWaiting() {
        if (state.get() == State.WAITING_FOR_HEADERS) {
            generation++;
            stopHeaderPoll();
            busy.set(false);
            state.set(State.NONE);
            message.set("");
        }
    }

    /** Starts a new load or wait of {@code snapshot}: reads its header for the view. @return its generation */
    private int begin(Path snapshot) {
        int gen = ++generation;
        file.set(snapshot);
        metadata.set(null);
        result.set(null);
        progressLine.set("");
        progress.set(-1);
        message.set("");
        Fx.deliver(readMetadata(snapshot), m -> {
            if (gen == generation) {
                metadata.set(m);
            }
        }, e -> LOG.info("{} is not a snapshot the app can read ({}); the node will say", snapshot, Fx.message(e)));
        return gen;
    }

    /** @return the file's header, read on a pool thread */
    private static CompletableFuture<SnapshotMetadata> readMetadata(Path f) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return SnapshotMetadata.read(f);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** Polls for the base block's header in {@code sc}; loads when it is there (or at once if the file's header cannot be read). */
    private void waitForHeaders(ConnectionScope sc, int gen) {
        stopHeaderPoll();
        message.set("Waiting for the block headers to reach the snapshot's block…");
        Path f = file.get();
        Runnable check = () -> {
            if (gen != generation || state.get() != State.WAITING_FOR_HEADERS || !sc.isOpen()) {
                return;
            }
            SnapshotMetadata known0 = metadata.get();
            CompletableFuture<SnapshotMetadata> read = known0 != null ? CompletableFuture.completedFuture(known0) : readMetadata(f);
            CompletableFuture<java.util.OptionalInt> known = read.thenCompose(m -> SnapshotService.of(sc).headerHeight(m.baseBlockHash()));
            Fx.deliver(known, h -> {
                if (gen == generation && state.get() == State.WAITING_FOR_HEADERS && h.isPresent()) {
                    LOG.info("the header of the snapshot's block is there (height {}): loading {}", h.getAsInt(), f);
                    stopHeaderPoll();
                    loadNow(f, gen);
                } else if (gen == generation && state.get() == State.WAITING_FOR_HEADERS && metadata.get() != null) {
                    message.set("Waiting for the block headers to reach the snapshot's block " + Units.shortHash(metadata.get().baseBlockHash())
                            + "; it loads then.");
                }
            }, e -> {
                if (gen != generation || state.get() != State.WAITING_FOR_HEADERS) {
                    return;
                }
                if (e instanceof java.io.UncheckedIOException || e instanceof IllegalArgumentException) {
                    stopHeaderPoll();
                    loadNow(f, gen); // not a snapshot as the app reads it: the node says what is wrong
                } else {
                    LOG.warn("asking for the snapshot block's header failed: {}", Fx.message(e), e);
                }
            });
        };
        headerPoll = sc.poll(check, 0, HEADER_POLL_SECONDS, TimeUnit.SECONDS);
    }

    private void loadNow(Path snapshot, int gen) {
        ConnectionScope sc = session.scopeProperty().get();
        if (sc == null || !sc.isOpen()) {
            refuse("bitcoin-node is not running: start it, then load the snapshot.");
            return;
        }
        state.set(State.LOADING);
        busy.set(true);
        message.set("");
        startedNanos = System.nanoTime();
        elapsedSeconds.set(0);
        stopTicker();
        ticker = sc.poll(() -> elapsedSeconds.set((System.nanoTime() - startedNanos) / 1_000_000_000L), 1, 1, TimeUnit.SECONDS);
        sc.onClose(() -> {
            if (gen == generation && state.get() == State.LOADING) {
                refuse("The connection to bitcoin-node ended while it loaded the snapshot.");
            }
        });
        LOG.info("loadtxoutset {}", snapshot);
        Tasks.on(sc, SnapshotService.of(sc).load(snapshot), "loadtxoutset")
                .onSuccess(r -> {
                    if (gen != generation) {
                        return;
                    }
                    ended();
                    result.set(r);
                    progress.set(1);
                    state.set(State.LOADED);
                    message.set(String.format("Loaded %,d coins in %s: the node is at the snapshot's block %,d and syncs to the tip from "
                                    + "there, while it validates the blocks up to it in the background (Status).",
                            r.coinsLoaded(), took(loadMillis.get()), r.baseHeight()));
                    LOG.info("snapshot loaded in {} ms: {}", loadMillis.get(), r);
                })
                .onError(JsonRpcException.class, e -> {
                    if (gen == generation) {
                        ended();
                        LOG.info("loadtxoutset refused: {}", e.getMessage());
                        refuse(e.rpcMessage());
                    }
                })
                .onError(e -> {
                    if (gen == generation) {
                        ended();
                        LOG.warn("loadtxoutset failed", e);
                        refuse("Loading the snapshot failed: " + Fx.message(e));
                    }
                })
                .run();
    }

    /** @return e.g. {@code 0.1 s}, {@code 42.0 s}, {@code 12 min} */
    static String took(long millis) {
        return millis < 60_000 ? String.format("%.1f s", millis / 1000.0) : Units.duration(java.time.Duration.ofMillis(millis));
    }

    private void ended() {
        busy.set(false);
        loadMillis.set((System.nanoTime() - startedNanos) / 1_000_000L);
        elapsedSeconds.set(loadMillis.get() / 1000);
        stopTicker();
    }

    private void refuse(String why) {
        stopTicker();
        stopHeaderPoll();
        state.set(State.REFUSED);
        busy.set(false);
        message.set(why);
    }

    /** A node log line during the load: a {@code [snapshot]} line becomes the progress line (and its percentage). */
    private void onLogLine(String line) {
        String text = snapshotText(line);
        if (text == null) {
            return;
        }
        progressLine.set(text);
        double p = percent(text);
        if (p >= 0) {
            progress.set(p);
        }
    }

    /** @return the text of a node log line tagged {@code [snapshot]}, after the tag; null for another line */
    static String snapshotText(String line) {
        int i = line.indexOf(LOG_TAG);
        return i < 0 ? null : line.substring(i + LOG_TAG.length()).strip();
    }

    /** @return the fraction in a "… coins loaded (12.34%, …)" line, 0…1; -1 if it has none */
    static double percent(String text) {
        Matcher m = PERCENT.matcher(text);
        return m.find() ? Math.min(1, Double.parseDouble(m.group(1)) / 100) : -1;
    }

    private void stopTicker() {
        if (ticker != null) {
            ticker.cancel(false);
            ticker = null;
        }
    }

    private void stopHeaderPoll() {
        if (headerPoll != null) {
            headerPoll.cancel(false);
            headerPoll = null;
        }
    }
}
