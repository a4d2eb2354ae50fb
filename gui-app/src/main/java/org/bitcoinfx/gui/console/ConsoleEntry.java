package org.bitcoinfx.gui.console;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One entry of the console's output: a command line, or its answer (pending until the node
 * answers, then the result or the error, in place). Changed by {@link ConsoleViewModel} on the
 * JavaFX Application Thread.
 */
public final class ConsoleEntry {
    /** What an entry shows; the view styles it {@code console-<kind>}. */
    public enum Kind {
        /** the command as typed (secrets redacted) */
        COMMAND,
        /** waiting for the node */
        PENDING,
        /** the node's answer, pretty JSON */
        RESULT,
        /** a parse error, the node's refusal or a failed call */
        ERROR
    }

    private final ReadOnlyObjectWrapper<Kind> kind;
    private final ReadOnlyStringWrapper text;
    private final ReadOnlyBooleanWrapper secret = new ReadOnlyBooleanWrapper(this, "secret");

    ConsoleEntry(Kind kind, String text) {
        this.kind = new ReadOnlyObjectWrapper<>(this, "kind", kind);
        this.text = new ReadOnlyStringWrapper(this, "text", text);
    }

    /** @return what the entry is */
    public ReadOnlyObjectProperty<Kind> kindProperty() {
        return kind.getReadOnlyProperty();
    }

    /** @return the text shown */
    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    /** True if it shows a private key: shown on screen, but blank in the feedback bundle's window picture. */
    public ReadOnlyBooleanProperty secretProperty() {
        return secret.getReadOnlyProperty();
    }

    void fill(Kind k, String t) {
        text.set(t);
        kind.set(k);
    }

    void setSecret(boolean s) {
        secret.set(s);
    }
}
