package org.bitcoinfx.gui.console;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import java.util.concurrent.CompletableFuture;
import org.bitcoinfx.gui.util.PrettyJson;
import org.bitcoinfx.ipc.RawResult;

/**
 * One entry of the console's output: a command line, or its answer (pending until the node
 * answers, then the result or the error, in place). A long result is shown in part: the first
 * screen at once ({@link #textProperty()}), the rest on demand ({@link ConsoleViewModel#showMore});
 * {@link #fullText()} is the whole of it, which {@link ConsoleViewModel#save} writes to a file.
 *
 * <p>A big result ({@link #isStreamed()}: a reply over {@link ConsoleViewModel#STREAM_BYTES}) holds no whole
 * text: it keeps the node's reply ({@link RawResult}, its bytes) and the stream its shown text was printed
 * from, which "Show more" goes on with; its size ({@link #totalChars()}, {@link #totalLines()}) is measured
 * after its first screen is shown ({@link #hiddenCharsProperty()} is −1 until then).
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
    private final ReadOnlyStringWrapper restError = new ReadOnlyStringWrapper(this, "restError", "");
    /** The whole text ({@link #text} is a prefix of it); null for a streamed result. */
    private String full;
    /** Lines of the whole text (newlines + 1); −1 while a streamed result is measured. */
    private long lines = 1;
    /** Characters of the whole text; −1 while a streamed result is measured. */
    private long totalChars;
    /** A streamed result's reply; null otherwise. */
    private RawResult reply;
    /** What a streamed result's shown text was printed from, used on the formatter thread only; null once all is shown. */
    PrettyJson stream;
    /** A streamed result's chunks in order: the last one asked for (the next one is printed after it). */
    CompletableFuture<?> streamOps = CompletableFuture.completedFuture(null);

    ConsoleEntry(Kind kind, String text) {
        this.kind = new ReadOnlyObjectWrapper<>(this, "kind", kind);
        this.text = new ReadOnlyStringWrapper(this, "text", text);
        this.full = text;
        this.totalChars = text.length();
    }

    /** @return what the entry is */
    public ReadOnlyObjectProperty<Kind> kindProperty() {
        return kind.getReadOnlyProperty();
    }

    /** @return the text shown: all of it, or the part shown so far of a long result */
    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    /**
     * The whole text (the full result, shown or not). A streamed result's is printed again from its reply at
     * each call (MBs: call it off the JavaFX thread; {@link ConsoleViewModel#save} writes it without a String).
     */
    public String fullText() {
        RawResult r = reply;
        return full != null ? full : PrettyJson.toString(r.parser());
    }

    /** @return true if this is a big result that holds its reply rather than its text */
    public boolean isStreamed() {
        return full == null;
    }

    /** @return lines of the whole text; −1 while a streamed result is being measured */
    public long totalLines() {
        return lines;
    }

    /** @return characters of the whole text; −1 while a streamed result is being measured */
    public long totalChars() {
        return totalChars;
    }

    /** @return about what this entry keeps in memory, chars or bytes (the whole text, or a streamed result's reply) */
    long keptSize() {
        return full != null ? full.length() : reply.replyBytes();
    }

    /** @return a streamed result's reply (null for others) */
    RawResult reply() {
        return reply;
    }

    /**
     * Why the rest of a streamed result cannot be shown (the stream failed part way), empty while it can.
     * What is shown stays.
     */
    public ReadOnlyStringProperty restErrorProperty() {
        return restError.getReadOnlyProperty();
    }

    /** Characters of {@link #fullText()} not shown yet: 0 when all is shown, −1 while a streamed result is measured. */
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
        reply = null;
        lines = lineCount;
        totalChars = whole.length();
        hiddenChars.set(whole.length() - shown.length());
        text.set(shown);
        kind.set(k);
    }

    /**
     * A streamed result: its first screen, printed from {@code s} over {@code r}'s reply.
     *
     * @param allShown {@code s} is done: the first screen is the whole text
     */
    void fillStreamed(String firstScreen, RawResult r, PrettyJson s, boolean allShown) {
        full = null;
        reply = r;
        stream = allShown ? null : s;
        lines = allShown ? firstScreen.chars().filter(c -> c == '\n').count() + 1 : -1;
        totalChars = allShown ? firstScreen.length() : -1;
        hiddenChars.set(allShown ? 0 : -1);
        text.set(firstScreen);
        kind.set(Kind.RESULT);
    }

    /** A streamed result's size, measured. */
    void measured(long chars, long lineCount) {
        totalChars = chars;
        lines = lineCount;
        hiddenChars.set((int) (chars - text.get().length()));
    }

    /** Shows {@code chars} characters of the whole text. */
    void showChars(int chars) {
        text.set(full.substring(0, chars));
        hiddenChars.set(full.length() - chars);
    }

    /** Shows the next chunk of a streamed result after what is shown ({@code last}: it was the end). */
    void append(String chunk, boolean last) {
        text.set(text.get() + chunk);
        if (last) {
            stream = null;
            totalChars = text.get().length();
            hiddenChars.set(0);
        } else if (totalChars >= 0) {
            hiddenChars.set((int) (totalChars - text.get().length()));
        }
    }

    /** The rest of a streamed result cannot be printed: says why; what is shown stays. */
    void restFailed(String why) {
        stream = null;
        restError.set(why);
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
