package org.bitcoinfx.gui.console;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One entry of the console's output: a command line, or its answer (pending until the node
 * answers, then the result or the error, in place). A long result is shown in part: the first
 * screen at once ({@link #textProperty()}), the rest on demand ({@link ConsoleViewModel#showMore});
 * {@link #fullText()} is the whole of it, which {@link ConsoleViewModel#save} writes to a file.
 * Changed by {@link ConsoleViewModel} on the JavaFX Application Thread.
 */
public final class ConsoleEntry {
    /** What an entry shows; the view styles it {@code console-<kind>}. */
    public enum Kind {
        /** the command as typed (secrets redacted) */
        COMMAND,
        /** waiting for the node, or for its answer to be formatted ({@link ConsoleViewModel#FORMATTING}) */
        PENDING,
        /** the node's answer, pretty JSON */
        RESULT,
        /** a parse error, the node's refusal or a failed call */
        ERROR
    }

    private final ReadOnlyObjectWrapper<Kind> kind;
    private final ReadOnlyStringWrapper text;
    private final ReadOnlyBooleanWrapper secret = new ReadOnlyBooleanWrapper(this, "secret");
    private final ReadOnlyIntegerWrapper hiddenChars = new ReadOnlyIntegerWrapper(this, "hiddenChars");
    private final ReadOnlyStringWrapper saveMessage = new ReadOnlyStringWrapper(this, "saveMessage", "");
    private final ReadOnlyBooleanWrapper saveFailed = new ReadOnlyBooleanWrapper(this, "saveFailed");
    private final ReadOnlyBooleanWrapper saving = new ReadOnlyBooleanWrapper(this, "saving");
    /** The whole text; {@link #text} is a prefix of it. */
    private String full;
    /** Lines in {@link #full} (newlines + 1). */
    private int lines = 1;

    ConsoleEntry(Kind kind, String text) {
        this.kind = new ReadOnlyObjectWrapper<>(this, "kind", kind);
        this.text = new ReadOnlyStringWrapper(this, "text", text);
        this.full = text;
    }

    /** @return what the entry is */
    public ReadOnlyObjectProperty<Kind> kindProperty() {
        return kind.getReadOnlyProperty();
    }

    /** @return the text shown: all of it, or the part shown so far of a long result */
    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    /** @return the whole text (the full result, shown or not) */
    public String fullText() {
        return full;
    }

    /** @return lines of the whole text */
    public int totalLines() {
        return lines;
    }

    /** Characters of {@link #fullText()} not shown yet (0: all shown). */
    public ReadOnlyIntegerProperty hiddenCharsProperty() {
        return hiddenChars.getReadOnlyProperty();
    }

    /** True if it shows a private key: shown on screen, but blank in the feedback bundle's window picture. */
    public ReadOnlyBooleanProperty secretProperty() {
        return secret.getReadOnlyProperty();
    }

    /** The last save's outcome in words ("Saved … to …", "Could not save …: why"), empty before one. */
    public ReadOnlyStringProperty saveMessageProperty() {
        return saveMessage.getReadOnlyProperty();
    }

    /** True if the last save failed ({@link #saveMessageProperty()} says why). */
    public ReadOnlyBooleanProperty saveFailedProperty() {
        return saveFailed.getReadOnlyProperty();
    }

    /** True while a save is being written. */
    public ReadOnlyBooleanProperty savingProperty() {
        return saving.getReadOnlyProperty();
    }

    void fill(Kind k, String t) {
        fill(k, t, t, 1);
    }

    /**
     * @param shown the part shown now (a prefix of {@code whole})
     * @param whole the whole text
     * @param lineCount lines of {@code whole}
     */
    void fill(Kind k, String shown, String whole, int lineCount) {
        full = whole;
        lines = lineCount;
        hiddenChars.set(whole.length() - shown.length());
        text.set(shown);
        kind.set(k);
    }

    /** Shows {@code chars} characters of the whole text. */
    void showChars(int chars) {
        text.set(full.substring(0, chars));
        hiddenChars.set(full.length() - chars);
    }

    void setSecret(boolean s) {
        secret.set(s);
    }

    void saveStarted() {
        saving.set(true);
        saveFailed.set(false);
        saveMessage.set("Saving…");
    }

    void saveEnded(boolean failed, String message) {
        saving.set(false);
        saveFailed.set(failed);
        saveMessage.set(message);
    }
}
