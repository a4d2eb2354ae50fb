package org.bitcoinfx.gui.log;

import java.util.List;
import java.util.Map;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.gui.util.Tasks;
import org.bitcoinfx.ipc.JsonRpcException;

/**
 * The Node log page's debug categories: read with {@code logging} when a connection comes, changed one at a time
 * ({@link #setCategory}); the node's answer is what {@link #categories()} shows. A refusal is shown in the node's words
 * ({@link #problemProperty()}). FX thread.
 */
public final class NodeLogViewModel {
    private final ObservableMap<String, Boolean> categories = FXCollections.observableMap(new java.util.TreeMap<>());
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private ConnectionScope scope;

    /** Follows a connection: reads the categories when one comes, clears them when it goes. */
    public void setScope(ConnectionScope sc) {
        scope = sc;
        if (sc == null) {
            categories.clear();
            return;
        }
        Tasks.on(sc, LoggingService.of(sc).categories(), "logging").onSuccess(this::show)
                .onError(e -> problem.set("Cannot read the log categories: " + e.getMessage())).run();
    }

    /**
     * Turns debug logging of {@code category} on or off through {@code logging}.
     *
     * @param category a category the node named
     * @param on       true to include it, false to exclude it
     */
    public void setCategory(String category, boolean on) {
        ConnectionScope sc = scope;
        if (sc == null) {
            problem.set("The node is not connected.");
            return;
        }
        List<String> one = List.of(category);
        Tasks.on(sc, LoggingService.of(sc).set(on ? one : List.of(), on ? List.of() : one), "logging " + category)
                .onSuccess(this::show)
                .onError(JsonRpcException.class, e -> problem.set("The node refused: " + e.getMessage()))
                .onError(e -> problem.set("Cannot change " + category + ": " + e.getMessage()))
                .run();
    }

    private void show(Map<String, Boolean> m) {
        problem.set("");
        categories.keySet().retainAll(m.keySet());
        categories.putAll(m);
    }

    /** @return each category the node has and whether it is debug-logged now, as the node last said */
    public ObservableMap<String, Boolean> categories() {
        return categories;
    }

    /** @return "" or why the last read or change failed, in the node's words where it refused */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }
}
