package org.bitcoinfx.node;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bitcoinfx.ipc.NodeClient;

/** Test listener: records event names in order and completes futures for the interesting ones. */
final class RecordingEvents implements NodeEvents {
    final List<String> names = new CopyOnWriteArrayList<>();
    final List<String> progress = new CopyOnWriteArrayList<>();
    final CompletableFuture<NodeCrash> crashed = new CompletableFuture<>();
    final CompletableFuture<OptionalInt> stopped = new CompletableFuture<>();
    final CompletableFuture<Long> started = new CompletableFuture<>();
    final CompletableFuture<NodeStartException> startFailed = new CompletableFuture<>();

    @Override
    public void started(long pid) {
        names.add("started");
        started.complete(pid);
    }

    @Override
    public void progress(String message) {
        progress.add(message);
    }

    @Override
    public void attached(Path socket) {
        names.add("attached");
    }

    @Override
    public void ready(NodeClient client) {
        names.add("ready");
    }

    @Override
    public void startFailed(NodeStartException error) {
        names.add("startFailed");
        startFailed.complete(error);
    }

    @Override
    public void stopping() {
        names.add("stopping");
    }

    @Override
    public void stopped(OptionalInt exitCode) {
        names.add("stopped");
        stopped.complete(exitCode);
    }

    @Override
    public void crashed(NodeCrash crash) {
        names.add("crashed");
        crashed.complete(crash);
    }
}
