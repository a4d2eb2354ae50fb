package org.bitcoinfx.ipc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A JSON-RPC 2.0 request as UTF-8 bytes, {@code {"jsonrpc":"2.0","id":N,"method":"…","params":[…]}}
 * (the text Bitcoin Core's {@code executeRpc} parses, BC {@code src/rpc/request.cpp}
 * {@code JSONRPCRequest::parse}), built so that a secret never becomes a {@link String}: a
 * {@code char[]} param is written as a JSON string char by char (RFC 8259 §7 escapes, UTF-8),
 * every other param through Jackson. Every buffer it used, the one it ends in included, is
 * overwritten with zeros when it grows and by {@link #close()}.
 */
final class JsonRequest implements AutoCloseable {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private byte[] buf = new byte[256];
    private int size;

    private JsonRequest() {
    }

    private static final com.fasterxml.jackson.core.JsonFactory FACTORY = new com.fasterxml.jackson.core.JsonFactory();

    /**
     * The JSON-RPC {@code method} of a request text, read with a streaming parser that skips every other
     * member without keeping it (parameters are never copied out).
     *
     * @return the top-level object's {@code method} string, or "" if the text is not such an object (a batch,
     *     not JSON, no method)
     */
    static String methodOf(String request) {
        try (com.fasterxml.jackson.core.JsonParser p = FACTORY.createParser(request)) {
            if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                return "";
            }
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String name = p.currentName();
                com.fasterxml.jackson.core.JsonToken v = p.nextToken();
                if ("method".equals(name)) {
                    return v == com.fasterxml.jackson.core.JsonToken.VALUE_STRING ? p.getText() : "";
                }
                p.skipChildren();
            }
            return "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /**
     * Encodes a request.
     *
     * @param params values Jackson can serialize; a top-level {@code char[]} is a secret (see above)
     * @throws IllegalArgumentException if a param cannot be encoded, or a {@code char[]} holds an
     *                                  unpaired surrogate (the message names its index, never its chars)
     */
    static JsonRequest encode(ObjectMapper json, long id, String method, Object... params) {
        JsonRequest r = new JsonRequest();
        try {
            r.ascii("{\"jsonrpc\":\"2.0\",\"id\":").ascii(Long.toString(id)).ascii(",\"method\":");
            r.bytes(json.writeValueAsBytes(method));
            r.ascii(",\"params\":[");
            for (int i = 0; i < params.length; i++) {
                if (i > 0) {
                    r.ascii(",");
                }
                if (params[i] instanceof char[] secret) {
                    r.secretString(secret, i);
                } else {
                    r.bytes(json.writeValueAsBytes(json.valueToTree(params[i])));
                }
            }
            r.ascii("]}");
            return r;
        } catch (JsonProcessingException e) {
            r.close();
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
    }

    /** @return the number of bytes */
    int size() {
        return size;
    }

    /** @return the buffer; bytes {@code [0, size())} are the request (valid until {@link #close()}) */
    byte[] buffer() {
        return buf;
    }

    /** Overwrites the bytes with zeros. Idempotent. */
    @Override
    public void close() {
        Arrays.fill(buf, (byte) 0);
        size = 0;
    }

    private JsonRequest ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            put(s.charAt(i));
        }
        return this;
    }

    private void bytes(byte[] b) {
        for (byte x : b) {
            put(x);
        }
    }

    private void put(int b) {
        if (size == buf.length) {
            byte[] bigger = Arrays.copyOf(buf, buf.length * 2);
            Arrays.fill(buf, (byte) 0);
            buf = bigger;
        }
        buf[size++] = (byte) b;
    }

    /** A JSON string of {@code s}: {@code "}, {@code \}, and U+0000–U+001F escaped, the rest UTF-8. */
    private void secretString(char[] s, int param) {
        put('"');
        for (int i = 0; i < s.length; i++) {
            char c = s[i];
            if (c == '"' || c == '\\') {
                put('\\');
                put(c);
            } else if (c < 0x20) {
                put('\\');
                put('u');
                put('0');
                put('0');
                put(HEX[c >> 4]);
                put(HEX[c & 0xf]);
            } else if (c < 0x80) {
                put(c);
            } else if (c < 0x800) {
                put(0xc0 | c >> 6);
                put(0x80 | c & 0x3f);
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length && Character.isLowSurrogate(s[i + 1])) {
                int cp = Character.toCodePoint(c, s[++i]);
                put(0xf0 | cp >> 18);
                put(0x80 | cp >> 12 & 0x3f);
                put(0x80 | cp >> 6 & 0x3f);
                put(0x80 | cp & 0x3f);
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("param " + (param + 1) + " holds an unpaired UTF-16 surrogate at index " + i);
            } else {
                put(0xe0 | c >> 12);
                put(0x80 | c >> 6 & 0x3f);
                put(0x80 | c & 0x3f);
            }
        }
        put('"');
    }
}
