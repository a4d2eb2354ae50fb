package org.bitcoinfx.gui.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.bitcoinfx.gui.node.NodeStatus;
import org.bitcoinfx.node.NodeState;

/**
 * The Status page's state, fed from RPC replies ({@code getblockchaininfo},
 * {@code getnetworkinfo}, {@code getmempoolinfo}) and the backend state. Change it on the JavaFX
 * Application Thread only.
 */
public final class StatusViewModel {
    private final ObjectProperty<SyncState> state = new SimpleObjectProperty<>(this, "state", SyncState.STARTING);
    private final StringProperty detail = new SimpleStringProperty(this, "detail", "");
    private final StringProperty chain = new SimpleStringProperty(this, "chain", "");
    private final IntegerProperty blocks = new SimpleIntegerProperty(this, "blocks", -1);
    private final IntegerProperty headers = new SimpleIntegerProperty(this, "headers", -1);
    private final DoubleProperty verificationProgress = new SimpleDoubleProperty(this, "verificationProgress", 0);
    private final ObjectProperty<Duration> timeLeft = new SimpleObjectProperty<>(this, "timeLeft");
    private final BooleanProperty ibd = new SimpleBooleanProperty(this, "ibd", true);
    private final IntegerProperty peers = new SimpleIntegerProperty(this, "peers", -1);
    private final IntegerProperty peersIn = new SimpleIntegerProperty(this, "peersIn", 0);
    private final IntegerProperty peersOut = new SimpleIntegerProperty(this, "peersOut", 0);
    private final BooleanProperty networkActive = new SimpleBooleanProperty(this, "networkActive", true);
    private final StringProperty subversion = new SimpleStringProperty(this, "subversion", "");
    private final StringProperty tipHash = new SimpleStringProperty(this, "tipHash", "");
    private final LongProperty tipTime = new SimpleLongProperty(this, "tipTime", 0);
    private final LongProperty mempoolTx = new SimpleLongProperty(this, "mempoolTx", -1);
    private final LongProperty mempoolBytes = new SimpleLongProperty(this, "mempoolBytes", 0);
    private final LongProperty mempoolUsage = new SimpleLongProperty(this, "mempoolUsage", 0);
    private final BooleanProperty pruned = new SimpleBooleanProperty(this, "pruned", false);
    private final LongProperty sizeOnDisk = new SimpleLongProperty(this, "sizeOnDisk", 0);
    private final LongProperty uptime = new SimpleLongProperty(this, "uptime", -1);
    private final DoubleProperty mempoolMinFee = new SimpleDoubleProperty(this, "mempoolMinFee", -1);

    private NodeStatus nodeStatus = NodeStatus.of(NodeState.STOPPED, "");
    private boolean connected;
    /** (time, verificationprogress) samples of the last minutes, for the time-left estimate. */
    private final ArrayDeque<double[]> progressSamples = new ArrayDeque<>();

    /** Overall state. */
    public ObjectProperty<SyncState> stateProperty() {
        return state;
    }

    /** A line under the state: init message, error, "n blocks left". */
    public StringProperty detailProperty() {
        return detail;
    }

    /** {@code getblockchaininfo.chain}: main, testnet4, signet, regtest. */
    public StringProperty chainProperty() {
        return chain;
    }

    /** Validated blocks (height of the tip); -1 before known. */
    public IntegerProperty blocksProperty() {
        return blocks;
    }

    /** Best header height; -1 before known. */
    public IntegerProperty headersProperty() {
        return headers;
    }

    /** {@code verificationprogress}, 0…1. */
    public DoubleProperty verificationProgressProperty() {
        return verificationProgress;
    }

    /** Estimated time left in IBD, or null when unknown or synced. */
    public ObjectProperty<Duration> timeLeftProperty() {
        return timeLeft;
    }

    /** {@code initialblockdownload}. */
    public BooleanProperty ibdProperty() {
        return ibd;
    }

    /** {@code connections}; -1 before known. */
    public IntegerProperty peersProperty() {
        return peers;
    }

    /** {@code connections_in}. */
    public IntegerProperty peersInProperty() {
        return peersIn;
    }

    /** {@code connections_out}. */
    public IntegerProperty peersOutProperty() {
        return peersOut;
    }

    /** {@code networkactive}. */
    public BooleanProperty networkActiveProperty() {
        return networkActive;
    }

    /** {@code subversion}, e.g. {@code /Satoshi:31.0.0/}. */
    public StringProperty subversionProperty() {
        return subversion;
    }

    /** Tip hash, display hex. */
    public StringProperty tipHashProperty() {
        return tipHash;
    }

    /** Tip block time, seconds since the epoch; 0 before known. */
    public LongProperty tipTimeProperty() {
        return tipTime;
    }

    /** Mempool transactions ({@code size}); -1 before known. */
    public LongProperty mempoolTxProperty() {
        return mempoolTx;
    }

    /** Mempool virtual size, vB ({@code bytes}). */
    public LongProperty mempoolBytesProperty() {
        return mempoolBytes;
    }

    /** Mempool memory use, bytes ({@code usage}). */
    public LongProperty mempoolUsageProperty() {
        return mempoolUsage;
    }

    /** {@code pruned}. */
    public BooleanProperty prunedProperty() {
        return pruned;
    }

    /** {@code size_on_disk}, bytes. */
    public LongProperty sizeOnDiskProperty() {
        return sizeOnDisk;
    }

    /** @return blocks/headers as 0…1 (1 when headers are unknown or zero) */
    public double blockFraction() {
        int h = headers.get();
        int b = blocks.get();
        if (h <= 0 || b < 0) {
            return b >= 0 ? 1 : 0;
        }
        return Math.min(1, (double) b / h);
    }

    /** Node uptime, seconds ({@code uptime}); -1 before known. */
    public LongProperty uptimeProperty() {
        return uptime;
    }

    /** Mempool minimum fee rate, sat/vB ({@code mempoolminfee}, converted from BTC/kvB); -1 before known. */
    public DoubleProperty mempoolMinFeeProperty() {
        return mempoolMinFee;
    }

    /** Applies an {@code uptime} reply (seconds). */
    public void applyUptime(JsonNode n) {
        uptime.set(n.asLong(-1));
    }

    /** Applies a backend state. */
    public void applyNodeStatus(NodeStatus s) {
        nodeStatus = s;
        recompute();
    }

    /** Tells whether an IPC client is connected. */
    public void setConnected(boolean c) {
        connected = c;
        recompute();
    }

    /** Applies a {@code getblockchaininfo} reply; {@code now} is used for the time-left estimate. */
    public void applyBlockchainInfo(JsonNode n, Instant now) {
        chain.set(n.path("chain").asText(""));
        blocks.set(n.path("blocks").asInt(-1));
        headers.set(n.path("headers").asInt(-1));
        tipHash.set(n.path("bestblockhash").asText(""));
        tipTime.set(n.path("time").asLong(n.path("mediantime").asLong(0)));
        double p = n.path("verificationprogress").asDouble(0);
        verificationProgress.set(p);
        ibd.set(n.path("initialblockdownload").asBoolean(false));
        pruned.set(n.path("pruned").asBoolean(false));
        sizeOnDisk.set(n.path("size_on_disk").asLong(0));
        estimateTimeLeft(p, now);
        recompute();
    }

    /** Applies a {@code getnetworkinfo} reply. */
    public void applyNetworkInfo(JsonNode n) {
        peers.set(n.path("connections").asInt(-1));
        peersIn.set(n.path("connections_in").asInt(0));
        peersOut.set(n.path("connections_out").asInt(0));
        networkActive.set(n.path("networkactive").asBoolean(true));
        subversion.set(n.path("subversion").asText(""));
        recompute();
    }

    /** Applies a {@code getmempoolinfo} reply. */
    public void applyMempoolInfo(JsonNode n) {
        mempoolTx.set(n.path("size").asLong(-1));
        mempoolBytes.set(n.path("bytes").asLong(0));
        mempoolUsage.set(n.path("usage").asLong(0));
        mempoolMinFee.set(n.has("mempoolminfee") ? n.path("mempoolminfee").asDouble() * 1e8 / 1000 : -1);
    }

    private void estimateTimeLeft(double p, Instant now) {
        double t = now.toEpochMilli() / 1000.0;
        progressSamples.addLast(new double[] {t, p});
        while (progressSamples.size() > 2 && t - progressSamples.peekFirst()[0] > 600) {
            progressSamples.removeFirst();
        }
        double[] first = progressSamples.peekFirst();
        double dt = t - first[0];
        double dp = p - first[1];
        if (p >= 0.9999 || dt < 5 || dp <= 0) {
            timeLeft.set(null);
        } else {
            timeLeft.set(Duration.ofSeconds((long) ((1 - p) / (dp / dt))));
        }
    }

    private void recompute() {
        NodeState ns = nodeStatus.state();
        switch (ns) {
            case STARTING -> set(SyncState.STARTING, nodeStatus.message().isEmpty() ? "Starting bitcoin-node…" : nodeStatus.message());
            case CONNECTING -> set(SyncState.CONNECTING, "Connecting to bitcoin-node over IPC…");
            case STOPPING -> set(SyncState.ERROR, "Stopping bitcoin-node…");
            case STOPPED -> set(SyncState.ERROR, "bitcoin-node is stopped.");
            case CRASHED, ERROR -> set(SyncState.ERROR, nodeStatus.message());
            case READY -> {
                if (!connected || blocks.get() < 0) {
                    set(SyncState.CONNECTING, "Waiting for the node's first answer…");
                } else if (!networkActive.get()) {
                    set(SyncState.PAUSED, "Network activity is off.");
                } else if (ibd.get() && headers.get() <= blocks.get()) {
                    int n = peers.get();
                    set(SyncState.WAITING, (n <= 0 ? "No peers connected yet." : String.format("Waiting for new headers from %,d peer%s.", n, n == 1 ? "" : "s"))
                            + ("regtest".equals(chain.get()) ? " On regtest, mine one: generatetoaddress 1 <address>." : ""));
                } else if (ibd.get() || (headers.get() > blocks.get())) {
                    int left = Math.max(0, headers.get() - blocks.get());
                    set(SyncState.SYNCING, String.format("%,d blocks left", left));
                } else {
                    set(SyncState.SYNCED, "Up to date");
                }
            }
        }
    }

    private void set(SyncState s, String d) {
        state.set(s);
        detail.set(d);
    }
}
