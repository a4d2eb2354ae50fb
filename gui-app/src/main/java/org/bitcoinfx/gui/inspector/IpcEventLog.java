package org.bitcoinfx.gui.inspector;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.bitcoinfx.ipc.IpcEvent;
import org.bitcoinfx.ipc.IpcListener;

/**
 * Collects {@link IpcEvent}s from the connection's threads and hands them to the JavaFX
 * Application Thread in batches; keeps the last {@value #MAX_EVENTS}.
 */
public final class IpcEventLog implements IpcListener {
    /** Events kept. */
    public static final int MAX_EVENTS = 10_000;

    private final ObservableList<IpcEvent> events = FXCollections.observableArrayList();
    private final ConcurrentLinkedQueue<IpcEvent> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainQueued = new AtomicBoolean();

    @Override
    public void onCall(IpcEvent event) {
        pending.add(event);
        if (drainQueued.compareAndSet(false, true)) {
            Platform.runLater(this::drain);
        }
    }

    private void drain() {
        drainQueued.set(false);
        List<IpcEvent> batch = new ArrayList<>();
        for (IpcEvent e; (e = pending.poll()) != null; ) {
            batch.add(e);
        }
        events.addAll(batch);
        int excess = events.size() - MAX_EVENTS;
        if (excess > 0) {
            events.remove(0, excess);
        }
    }

    /** @return the events, oldest first; changes on the JavaFX Application Thread */
    public ObservableList<IpcEvent> events() {
        return events;
    }

    /** @return a copy of the last {@code n} events (JavaFX Application Thread) */
    public List<IpcEvent> last(int n) {
        return List.copyOf(events.subList(Math.max(0, events.size() - n), events.size()));
    }
}
