package org.bitcoinfx.ipc.schema;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test helper: a small parser for Cap'n Proto's text format (what {@code capnp decode --short}
 * prints and {@code capnp encode} reads) into a tree of {@link LinkedHashMap} (structs),
 * {@link List} (lists), {@link Bytes} (string and data literals) and {@link String} (other tokens),
 * plus a semantic "expected is contained in actual" comparison.
 */
public final class CapnpText {
    /** A string or data literal's bytes. */
    public record Bytes(byte[] value) {
        @Override
        public String toString() {
            return quote(value);
        }
    }

    private final String s;
    private int i;

    private CapnpText(String s) {
        this.s = s;
    }

    /** Parses one value. @throws IllegalArgumentException on a syntax error */
    public static Object parse(String text) {
        CapnpText p = new CapnpText(text.trim());
        Object v = p.value();
        p.ws();
        if (p.i != p.s.length()) {
            throw new IllegalArgumentException("trailing text at " + p.i + ": " + text);
        }
        return v;
    }

    private void ws() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private Object value() {
        ws();
        char c = s.charAt(i);
        if (c == '(') {
            i++;
            Map<String, Object> m = new LinkedHashMap<>();
            ws();
            if (s.charAt(i) == ')') {
                i++;
                return m;
            }
            while (true) {
                ws();
                int start = i;
                while (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_') {
                    i++;
                }
                String name = s.substring(start, i);
                ws();
                expect('=');
                m.put(name, value());
                ws();
                if (s.charAt(i) == ',') {
                    i++;
                    continue;
                }
                expect(')');
                return m;
            }
        }
        if (c == '[') {
            i++;
            List<Object> l = new ArrayList<>();
            ws();
            if (s.charAt(i) == ']') {
                i++;
                return l;
            }
            while (true) {
                l.add(value());
                ws();
                if (s.charAt(i) == ',') {
                    i++;
                    continue;
                }
                expect(']');
                return l;
            }
        }
        if (c == '"') {
            return new Bytes(string());
        }
        if (s.startsWith("0x\"", i)) {
            i += 2;
            String hex = new String(string(), StandardCharsets.US_ASCII).replace(" ", "");
            return new Bytes(hexBytes(hex));
        }
        int start = i;
        while (i < s.length() && ",)] \n".indexOf(s.charAt(i)) < 0) {
            i++;
        }
        return s.substring(start, i);
    }

    private static byte[] hexBytes(String hex) {
        byte[] b = new byte[hex.length() / 2];
        for (int k = 0; k < b.length; k++) {
            b[k] = (byte) Integer.parseInt(hex.substring(2 * k, 2 * k + 2), 16);
        }
        return b;
    }

    private void expect(char c) {
        if (s.charAt(i) != c) {
            throw new IllegalArgumentException("expected '" + c + "' at " + i + ": " + s);
        }
        i++;
    }

    private byte[] string() {
        expect('"');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            char c = s.charAt(i++);
            if (c == '"') {
                return out.toByteArray();
            }
            if (c != '\\') {
                byte[] u = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c)) {
                    u = s.substring(i - 1, i + 1).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.write(u, 0, u.length);
                continue;
            }
            char e = s.charAt(i++);
            switch (e) {
                case 'n': out.write('\n'); break;
                case 't': out.write('\t'); break;
                case 'r': out.write('\r'); break;
                case 'a': out.write(7); break;
                case 'b': out.write(8); break;
                case 'f': out.write(12); break;
                case 'v': out.write(11); break;
                case 'x': {
                    int st = i;
                    while (i < s.length() && i - st < 2 && Character.digit(s.charAt(i), 16) >= 0) {
                        i++;
                    }
                    out.write(Integer.parseInt(s.substring(st, i), 16));
                    break;
                }
                default:
                    if (e >= '0' && e <= '7') {
                        int st = i - 1;
                        while (i < s.length() && i - st < 3 && s.charAt(i) >= '0' && s.charAt(i) <= '7') {
                            i++;
                        }
                        out.write(Integer.parseInt(s.substring(st, i), 8));
                    } else {
                        out.write(e);
                    }
            }
        }
    }

    /** @return {@code bytes} as a capnp string literal, every byte but {@code [A-Za-z0-9 .:-]} as {@code \xNN} */
    public static String quote(byte[] bytes) {
        StringBuilder b = new StringBuilder("\"");
        for (byte x : bytes) {
            int v = x & 0xff;
            // capnp 0.9.2's `encode` finds the end of each input value by counting brackets without
            // regard to quotes, so brackets (and everything else but [A-Za-z0-9 .:-]) are escaped.
            if (Character.isLetterOrDigit(v) && v < 0x80 || v == ' ' || v == '.' || v == ':' || v == '-') {
                b.append((char) v);
            } else {
                b.append(String.format("\\x%02x", v));
            }
        }
        return b.append('"').toString();
    }

    /**
     * Checks that every field, element and scalar of {@code expected} occurs with an equal value in
     * {@code actual} (numbers compared numerically, {@code 0x} hex accepted, string literals by bytes).
     *
     * @return null if contained, else a description of the first difference
     */
    public static String containedIn(Object expected, Object actual, String path) {
        if (expected instanceof Map<?, ?> em) {
            if (!(actual instanceof Map<?, ?> am)) {
                return path + ": expected a struct, got " + actual;
            }
            for (Map.Entry<?, ?> e : em.entrySet()) {
                if (!am.containsKey(e.getKey())) {
                    return path + "." + e.getKey() + ": missing in " + actual;
                }
                String d = containedIn(e.getValue(), am.get(e.getKey()), path + "." + e.getKey());
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (expected instanceof List<?> el) {
            if (!(actual instanceof List<?> al) || al.size() != el.size()) {
                return path + ": expected a list of " + el.size() + ", got " + actual;
            }
            for (int k = 0; k < el.size(); k++) {
                String d = containedIn(el.get(k), al.get(k), path + "[" + k + "]");
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (expected instanceof Bytes eb) {
            return actual instanceof Bytes ab && java.util.Arrays.equals(eb.value(), ab.value()) ? null : path + ": expected " + eb + ", got " + actual;
        }
        return scalarEquals((String) expected, actual) ? null : path + ": expected " + expected + ", got " + actual;
    }

    private static boolean scalarEquals(String e, Object actual) {
        if (!(actual instanceof String a)) {
            return false;
        }
        if (e.equals(a)) {
            return true;
        }
        BigInteger ei = integer(e);
        BigInteger ai = integer(a);
        if (ei != null && ai != null) {
            return ei.equals(ai);
        }
        Double ed = real(e);
        Double ad = real(a);
        return ed != null && ad != null && ed.equals(ad);
    }

    /** @return the token as an integer ({@code 0x} hex or decimal), or null */
    public static BigInteger integer(String t) {
        try {
            boolean neg = t.startsWith("-");
            String u = neg ? t.substring(1) : t;
            BigInteger v = u.startsWith("0x") ? new BigInteger(u.substring(2), 16) : new BigInteger(u);
            return neg ? v.negate() : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** @return the token as a double ({@code inf}, {@code -inf}, {@code nan} included), or null */
    public static Double real(String t) {
        switch (t) {
            case "inf": return Double.POSITIVE_INFINITY;
            case "-inf": return Double.NEGATIVE_INFINITY;
            case "nan": return Double.NaN;
            default:
                try {
                    return Double.parseDouble(t);
                } catch (NumberFormatException e) {
                    return null;
                }
        }
    }
}
