package org.bitcoinfx.gui.util;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.Closeable;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Pretty-prints one JSON value straight from a {@link JsonParser}, token by token, to the same text
 * {@link Json#pretty} makes of its tree (same printer, decimals plain as the node sent them, a top-level
 * string without quotes), without a tree and without the whole text: in chunks ({@link #next}, a stream
 * that stops where the chunk is complete and goes on from there), to a {@link Writer} ({@link #write}), or
 * just measured ({@link #measure}). For the console's multi-MB answers (a {@code getblock <hash> 2} of
 * 3,000 transactions is 5–8 MB of JSON): a first screen costs the tokens it shows, not the whole answer.
 *
 * <p>One difference with a tree, on purpose: an object with a key twice prints both (a tree keeps the last);
 * the node never sends one (UniValue {@code pushKV} replaces).
 *
 * <p>A {@code PrettyJson} is not thread-safe: one thread at a time (the console's formatter thread).
 * Errors: a malformed or truncated value fails with {@link UncheckedIOException} whose cause is Jackson's
 * {@link JsonProcessingException} ("Unexpected end-of-input…"); what was printed before stays printed.
 */
public final class PrettyJson implements Closeable {
    /** Tokens printed between two checks of how much text there is. */
    private static final int BATCH_TOKENS = 128;
    private final JsonParser parser;
    private final JsonGenerator gen;
    private final Writer out;
    /** Text printed and not taken yet ({@link #next}); null when printing to a Writer of the caller's. */
    private final StringBuilder pending;
    /** Newlines in {@link #pending}. */
    private int pendingLines;
    private int depth;
    private boolean started;
    private boolean ended;

    private PrettyJson(JsonParser parser, Writer target) {
        this.parser = parser;
        if (target == null) {
            pending = new StringBuilder();
            out = new Writer() {
                @Override
                public void write(char[] cbuf, int off, int len) {
                    pending.append(cbuf, off, len);
                    for (int i = off; i < off + len; i++) {
                        if (cbuf[i] == '\n') {
                            pendingLines++;
                        }
                    }
                }

                @Override
                public void write(String s, int off, int len) {
                    pending.append(s, off, off + len);
                    for (int i = off; i < off + len; i++) {
                        if (s.charAt(i) == '\n') {
                            pendingLines++;
                        }
                    }
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
        } else {
            pending = null;
            out = target;
        }
        try {
            gen = Json.prettyFactory().createGenerator(out)
                    .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                    .setPrettyPrinter(Json.PRINTER.createInstance());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A chunked printer over the value {@code parser} is before (its next token is the value's first).
     * Takes the parser over (closed by {@link #close}).
     */
    public static PrettyJson over(JsonParser parser) {
        return new PrettyJson(parser, null);
    }

    /**
     * Prints the whole value to {@code out} (not flushed, not closed) and closes {@code parser}.
     *
     * @throws UncheckedIOException if the value is malformed or {@code out} fails
     */
    public static void write(JsonParser parser, Writer out) {
        try (PrettyJson p = new PrettyJson(parser, out)) {
            p.fill(Integer.MAX_VALUE, Integer.MAX_VALUE);
        }
    }

    /** @return the whole value printed ({@link Json#pretty} of its tree); closes {@code parser} */
    public static String toString(JsonParser parser) {
        StringWriter w = new StringWriter();
        write(parser, w);
        return w.toString();
    }

    /**
     * What the whole text would be, without keeping it.
     *
     * @param chars characters of the text
     * @param lines its lines (newlines + 1)
     */
    public record Size(long chars, long lines) {
    }

    /** @return the size of the whole value printed; closes {@code parser} */
    public static Size measure(JsonParser parser) {
        long[] n = {0, 1};
        Writer counting = new Writer() {
            @Override
            public void write(char[] cbuf, int off, int len) {
                n[0] += len;
                for (int i = off; i < off + len; i++) {
                    if (cbuf[i] == '\n') {
                        n[1]++;
                    }
                }
            }

            @Override
            public void write(String s, int off, int len) {
                n[0] += len;
                for (int i = off; i < off + len; i++) {
                    if (s.charAt(i) == '\n') {
                        n[1]++;
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        write(parser, counting);
        return new Size(n[0], n[1]);
    }

    /**
     * The next chunk of the text: after {@code maxLines} lines (the last one's newline excluded, so the next
     * chunk starts with it) or {@code maxChars} chars, whichever comes first, never inside a surrogate pair:
     * {@link #cut} of the whole text from where the last chunk ended, printing only as much as that needs.
     *
     * @return the chunk; empty once all is taken ({@link #done()})
     * @throws UncheckedIOException if the value is malformed or truncated (the chunks taken before stand)
     */
    public String next(int maxLines, int maxChars) {
        fill(maxLines, maxChars);
        int end = cut(pending, 0, maxLines, maxChars);
        String chunk = pending.substring(0, end);
        pending.delete(0, end);
        pendingLines = 0;
        for (int i = 0; i < pending.length(); i++) {
            if (pending.charAt(i) == '\n') {
                pendingLines++;
            }
        }
        return chunk;
    }

    /** @return true once the whole text has been taken */
    public boolean done() {
        return ended && (pending == null || pending.isEmpty());
    }

    /**
     * Prints until the text not taken holds {@code lines} newlines or more than {@code chars} chars (enough for
     * {@link #cut} to end a chunk where it would in the whole text), or the value is all printed.
     */
    private void fill(int lines, int chars) {
        try {
            while (!ended && (pending == null || pendingLines < lines && pending.length() <= chars)) {
                for (int i = 0; i < BATCH_TOKENS && !ended; i++) {
                    step();
                }
                gen.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e instanceof JsonProcessingException j
                    ? new IOException("the answer is not whole JSON: " + j.getOriginalMessage(), j) : e);
        }
    }

    private void step() throws IOException {
        JsonToken t = parser.nextToken();
        if (t == null) {
            throw new com.fasterxml.jackson.core.io.JsonEOFException(parser, null, "Unexpected end-of-input: the value is not whole");
        }
        if (!started && t == JsonToken.VALUE_STRING) { // a top-level string: its text, without quotes (Json.pretty)
            started = true;
            ended = true;
            gen.flush();
            parser.getText(out);
            return;
        }
        started = true;
        switch (t) {
            case START_OBJECT -> {
                depth++;
                gen.writeStartObject();
            }
            case END_OBJECT -> {
                depth--;
                gen.writeEndObject();
            }
            case START_ARRAY -> {
                depth++;
                gen.writeStartArray();
            }
            case END_ARRAY -> {
                depth--;
                gen.writeEndArray();
            }
            case FIELD_NAME -> gen.writeFieldName(parser.currentName());
            case VALUE_STRING -> gen.writeString(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
            case VALUE_NUMBER_INT -> {
                switch (parser.getNumberType()) {
                    case INT -> gen.writeNumber(parser.getIntValue());
                    case LONG -> gen.writeNumber(parser.getLongValue());
                    default -> gen.writeNumber(parser.getBigIntegerValue());
                }
            }
            // exact, printed plain: 0.00001000 stays that (a tree read with exact decimals prints the same)
            case VALUE_NUMBER_FLOAT -> gen.writeNumber(parser.getDecimalValue());
            case VALUE_TRUE -> gen.writeBoolean(true);
            case VALUE_FALSE -> gen.writeBoolean(false);
            case VALUE_NULL -> gen.writeNull();
            default -> throw new IOException("unexpected JSON token " + t);
        }
        if (depth == 0) {
            ended = true;
            gen.flush();
        }
    }

    /**
     * Where a chunk of {@code text} that starts at {@code from} ends: after {@code maxLines} lines (the
     * last one's newline excluded) or {@code maxChars} chars, whichever comes first, never inside a
     * surrogate pair.
     *
     * @return an index in {@code (from, text.length()]}, or {@code from} if {@code from} is the end
     */
    public static int cut(CharSequence text, int from, int maxLines, int maxChars) {
        int length = text.length();
        int limit = (int) Math.min(length, (long) from + maxChars);
        int end = limit;
        int lines = 0;
        for (int i = from; i < limit; i++) {
            if (text.charAt(i) == '\n' && ++lines == maxLines) {
                end = i;
                break;
            }
        }
        if (end < length && end > from && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    /** Closes the parser (the text not taken is dropped). */
    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
