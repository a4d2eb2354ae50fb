package org.bitcoinfx.node.fake;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bitcoinfx.ipc.primitives.Bytes;
import org.bitcoinfx.ipc.primitives.Hashes;

/**
 * Regtest addresses, output scripts and the two descriptors the fake node understands, as Bitcoin
 * Core handles them: bech32/bech32m (BIP173/BIP350, hrp {@code bcrt}), base58check (P2PKH version
 * 111, P2SH 196), {@code raw(HEX)} and {@code addr(ADDRESS)} descriptors with the BIP380 checksum
 * ({@code src/key_io.cpp}, {@code src/script/descriptor.cpp}), and the script type names and
 * disassembly of decoded transactions ({@code src/script/solver.cpp}, {@code src/core_io.cpp}).
 */
public final class FakeAddress {
    /** The bech32 human-readable part of regtest. */
    public static final String HRP = "bcrt";
    private static final int P2PKH_VERSION = 111;
    private static final int P2SH_VERSION = 196;
    private static final String BECH32_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int BECH32_CONST = 1;
    private static final int BECH32M_CONST = 0x2bc830a3;
    private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final String DESC_INPUT_CHARSET =
            "0123456789()[],'/*abcdefgh@:$%{}IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~ijklmnopqrstuvwxyzABCDEFGH`#\"\\ ";
    private static final long[] DESC_GENERATOR = {0xf5dee51989L, 0xa9fdca3312L, 0x1bab10e32dL, 0x3706b1677aL, 0x644d626ffdL};

    private FakeAddress() {
    }

    /** Bitcoin Core's {@code validateaddress} error for a Base58 string that is not 25 bytes with a good checksum. */
    private static final String BAD_BASE58 = "Invalid checksum or length of Base58 address (P2PKH or P2SH)";
    /** Bitcoin Core's {@code validateaddress} error for a string that is neither bech32 for this chain nor Base58. */
    private static final String NOT_AN_ENCODING = "Invalid or unsupported Segwit (Bech32) or Base58 encoding.";

    /**
     * The output script an address pays to.
     *
     * @throws IllegalArgumentException if {@code address} is not a valid regtest address, with the
     *         error {@code validateaddress} of Bitcoin Core ({@code src/key_io.cpp}) gives as its message
     */
    public static byte[] toScriptPubKey(String address) {
        if (address.toLowerCase(Locale.ROOT).startsWith(HRP + "1")) {
            return segwitScript(address);
        }
        if (address.isEmpty()) {
            throw new IllegalArgumentException(BAD_BASE58);
        }
        if (!address.chars().allMatch(ch -> BASE58.indexOf(ch) >= 0)) {
            throw new IllegalArgumentException(NOT_AN_ENCODING);
        }
        byte[] payload = base58CheckDecode(address);
        if (payload.length != 21) {
            throw new IllegalArgumentException(BAD_BASE58);
        }
        byte[] hash = Arrays.copyOfRange(payload, 1, 21);
        int version = payload[0] & 0xff;
        if (version == P2PKH_VERSION) {
            return Bytes.concat(Bytes.concat(new byte[] {0x76, (byte) 0xa9, 0x14}, hash), new byte[] {(byte) 0x88, (byte) 0xac});
        } else if (version == P2SH_VERSION) {
            return Bytes.concat(Bytes.concat(new byte[] {(byte) 0xa9, 0x14}, hash), new byte[] {(byte) 0x87});
        }
        throw new IllegalArgumentException("Invalid or unsupported Base58-encoded address.");
    }

    /** @return why {@code address} is not a valid regtest address, in {@code validateaddress}'s words; empty if it is valid */
    public static Optional<String> invalidReason(String address) {
        try {
            toScriptPubKey(address);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * The output script of a {@code raw(HEX)} or {@code addr(ADDRESS)} descriptor, with or without its checksum.
     *
     * @throws IllegalArgumentException for another descriptor, a bad checksum or a bad address
     */
    public static byte[] descriptorScript(String descriptor) {
        String d = descriptor;
        int hash = d.indexOf('#');
        if (hash >= 0) {
            String body = d.substring(0, hash);
            if (!withChecksum(body).equals(d)) {
                throw new IllegalArgumentException("Provided checksum '" + d.substring(hash + 1) + "' does not match computed checksum '"
                        + withChecksum(body).substring(hash + 1) + "'");
            }
            d = body;
        }
        if (d.startsWith("raw(") && d.endsWith(")")) {
            return Hashes.parseHex(d.substring(4, d.length() - 1));
        }
        if (d.startsWith("addr(") && d.endsWith(")")) {
            return toScriptPubKey(d.substring(5, d.length() - 1));
        }
        throw new IllegalArgumentException("the fake node understands only raw(HEX) and addr(ADDRESS) descriptors, not " + descriptor);
    }

    /** @return {@code descriptor#checksum} (BIP380) */
    public static String withChecksum(String descriptor) {
        List<Integer> symbols = new ArrayList<>();
        List<Integer> groups = new ArrayList<>();
        for (char c : descriptor.toCharArray()) {
            int v = DESC_INPUT_CHARSET.indexOf(c);
            if (v < 0) {
                throw new IllegalArgumentException("invalid character in descriptor: " + c);
            }
            symbols.add(v & 31);
            groups.add(v >> 5);
            if (groups.size() == 3) {
                symbols.add(groups.get(0) * 9 + groups.get(1) * 3 + groups.get(2));
                groups.clear();
            }
        }
        if (groups.size() == 1) {
            symbols.add(groups.get(0));
        } else if (groups.size() == 2) {
            symbols.add(groups.get(0) * 3 + groups.get(1));
        }
        for (int i = 0; i < 8; i++) {
            symbols.add(0);
        }
        long chk = 1;
        for (int value : symbols) {
            long top = chk >>> 35;
            chk = ((chk & 0x7ffffffffL) << 5) ^ value;
            for (int i = 0; i < 5; i++) {
                if (((top >>> i) & 1) != 0) {
                    chk ^= DESC_GENERATOR[i];
                }
            }
        }
        chk ^= 1;
        StringBuilder b = new StringBuilder(descriptor).append('#');
        for (int i = 0; i < 8; i++) {
            b.append(BECH32_CHARSET.charAt((int) ((chk >>> (5 * (7 - i))) & 31)));
        }
        return b.toString();
    }

    /** @return the address a script pays to, if it is a standard single-destination script */
    public static Optional<String> fromScriptPubKey(byte[] s) {
        int n = s.length;
        if (n == 25 && (s[0] & 0xff) == 0x76 && (s[1] & 0xff) == 0xa9 && s[2] == 0x14 && (s[23] & 0xff) == 0x88 && (s[24] & 0xff) == 0xac) {
            return Optional.of(base58Check(P2PKH_VERSION, Arrays.copyOfRange(s, 3, 23)));
        }
        if (n == 23 && (s[0] & 0xff) == 0xa9 && s[1] == 0x14 && (s[22] & 0xff) == 0x87) {
            return Optional.of(base58Check(P2SH_VERSION, Arrays.copyOfRange(s, 2, 22)));
        }
        int v = witnessVersion(s);
        if (v >= 0) {
            return Optional.of(segwitAddress(v, Arrays.copyOfRange(s, 2, n)));
        }
        return Optional.empty();
    }

    /** @return the witness version of a witness program script (OP_n then one push of 2..40 bytes), else -1 */
    static int witnessVersion(byte[] s) {
        if (s.length < 4 || s.length > 42) {
            return -1;
        }
        int op = s[0] & 0xff;
        if (op != 0 && (op < 0x51 || op > 0x60)) {
            return -1;
        }
        if ((s[1] & 0xff) + 2 != s.length) {
            return -1;
        }
        return op == 0 ? 0 : op - 0x50;
    }

    /** @return Bitcoin Core's type name of an output script ({@code GetTxnOutputType}) */
    public static String type(byte[] s) {
        int n = s.length;
        if (n > 0 && (s[0] & 0xff) == 0x6a) {
            return "nulldata";
        }
        if (n == 25 && (s[0] & 0xff) == 0x76 && (s[1] & 0xff) == 0xa9 && (s[24] & 0xff) == 0xac) {
            return "pubkeyhash";
        }
        if (n == 23 && (s[0] & 0xff) == 0xa9 && (s[22] & 0xff) == 0x87) {
            return "scripthash";
        }
        if ((n == 35 && s[0] == 33 || n == 67 && s[0] == 65) && (s[n - 1] & 0xff) == 0xac) {
            return "pubkey";
        }
        if (n == 4 && (s[0] & 0xff) == 0x51 && s[1] == 2 && (s[2] & 0xff) == 0x4e && (s[3] & 0xff) == 0x73) {
            return "anchor";
        }
        int v = witnessVersion(s);
        if (v == 0 && n == 22) {
            return "witness_v0_keyhash";
        } else if (v == 0 && n == 34) {
            return "witness_v0_scripthash";
        } else if (v == 1 && n == 34) {
            return "witness_v1_taproot";
        } else if (v > 0) {
            return "witness_unknown";
        }
        return "nonstandard";
    }

    /** @return the descriptor Bitcoin Core infers for a script it does not own: {@code addr(…)} or {@code raw(…)}, with checksum */
    public static String inferDescriptor(byte[] s) {
        Optional<String> a = fromScriptPubKey(s);
        if (a.isPresent()) {
            return withChecksum("addr(" + a.get() + ")");
        }
        if (type(s).equals("pubkey")) {
            return withChecksum("pk(" + Hashes.hex(Arrays.copyOfRange(s, 1, s.length - 1)) + ")");
        }
        return withChecksum("raw(" + Hashes.hex(s) + ")");
    }

    /** @return the script's disassembly as {@code ScriptToAsmStr} prints it (pushes of up to 4 bytes as numbers) */
    public static String asm(byte[] s) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < s.length) {
            if (b.length() > 0) {
                b.append(' ');
            }
            int op = s[i++] & 0xff;
            if (op >= 1 && op <= 0x4e) {
                int len;
                if (op < 0x4c) {
                    len = op;
                } else if (op == 0x4c) {
                    if (i + 1 > s.length) {
                        return b.append("[error]").toString();
                    }
                    len = s[i++] & 0xff;
                } else if (op == 0x4d) {
                    if (i + 2 > s.length) {
                        return b.append("[error]").toString();
                    }
                    len = (s[i] & 0xff) | (s[i + 1] & 0xff) << 8;
                    i += 2;
                } else {
                    if (i + 4 > s.length) {
                        return b.append("[error]").toString();
                    }
                    len = (s[i] & 0xff) | (s[i + 1] & 0xff) << 8 | (s[i + 2] & 0xff) << 16 | (s[i + 3] & 0xff) << 24;
                    i += 4;
                }
                if (len < 0 || i + len > s.length) {
                    return b.append("[error]").toString();
                }
                byte[] data = Arrays.copyOfRange(s, i, i + len);
                i += len;
                b.append(len <= 4 ? Long.toString(scriptNum(data)) : Hashes.hex(data));
            } else {
                b.append(opName(op));
            }
        }
        return b.toString();
    }

    private static long scriptNum(byte[] d) {
        if (d.length == 0) {
            return 0;
        }
        long v = 0;
        for (int i = 0; i < d.length; i++) {
            v |= (long) (d[i] & 0xff) << (8 * i);
        }
        if ((d[d.length - 1] & 0x80) != 0) {
            return -(v & ~(0x80L << (8 * (d.length - 1))));
        }
        return v;
    }

    private static String opName(int op) {
        if (op == 0) {
            return "0";
        }
        if (op == 0x4f) {
            return "-1";
        }
        if (op >= 0x51 && op <= 0x60) {
            return Integer.toString(op - 0x50);
        }
        return switch (op) {
            case 0x61 -> "OP_NOP";
            case 0x69 -> "OP_VERIFY";
            case 0x6a -> "OP_RETURN";
            case 0x75 -> "OP_DROP";
            case 0x76 -> "OP_DUP";
            case 0x87 -> "OP_EQUAL";
            case 0x88 -> "OP_EQUALVERIFY";
            case 0xa9 -> "OP_HASH160";
            case 0xaa -> "OP_HASH256";
            case 0xac -> "OP_CHECKSIG";
            case 0xad -> "OP_CHECKSIGVERIFY";
            case 0xae -> "OP_CHECKMULTISIG";
            case 0xb1 -> "OP_CHECKLOCKTIMEVERIFY";
            case 0xb2 -> "OP_CHECKSEQUENCEVERIFY";
            default -> "OP_UNKNOWN";
        };
    }

    // ---- bech32 / bech32m -------------------------------------------------------------------

    private static int polymod(int[] values) {
        int[] gen = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
        int chk = 1;
        for (int v : values) {
            int b = chk >>> 25;
            chk = ((chk & 0x1ffffff) << 5) ^ v;
            for (int i = 0; i < 5; i++) {
                if (((b >>> i) & 1) != 0) {
                    chk ^= gen[i];
                }
            }
        }
        return chk;
    }

    private static int[] hrpExpand(String hrp) {
        int[] r = new int[hrp.length() * 2 + 1];
        for (int i = 0; i < hrp.length(); i++) {
            r[i] = hrp.charAt(i) >> 5;
            r[i + hrp.length() + 1] = hrp.charAt(i) & 31;
        }
        return r;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static int[] convertBits(byte[] data, int from, int to, boolean pad) {
        int acc = 0;
        int bits = 0;
        int maxv = (1 << to) - 1;
        List<Integer> out = new ArrayList<>();
        for (byte x : data) {
            int value = from == 8 ? x & 0xff : x;
            if ((value >>> from) != 0) {
                throw new IllegalArgumentException("invalid data");
            }
            acc = (acc << from) | value;
            bits += from;
            while (bits >= to) {
                bits -= to;
                out.add((acc >>> bits) & maxv);
            }
        }
        if (pad) {
            if (bits > 0) {
                out.add((acc << (to - bits)) & maxv);
            }
        } else if (bits >= from || ((acc << (to - bits)) & maxv) != 0) {
            throw new IllegalArgumentException("invalid padding");
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** @return the bech32 (v0) or bech32m (v1+) address of a witness program */
    public static String segwitAddress(int witnessVersion, byte[] program) {
        int[] data = concat(new int[] {witnessVersion}, convertBits(program, 8, 5, true));
        int c = witnessVersion == 0 ? BECH32_CONST : BECH32M_CONST;
        int[] values = concat(concat(hrpExpand(HRP), data), new int[6]);
        int mod = polymod(values) ^ c;
        StringBuilder b = new StringBuilder(HRP).append('1');
        for (int d : data) {
            b.append(BECH32_CHARSET.charAt(d));
        }
        for (int i = 0; i < 6; i++) {
            b.append(BECH32_CHARSET.charAt((mod >>> (5 * (5 - i))) & 31));
        }
        return b.toString();
    }

    private static byte[] segwitScript(String address) {
        String a = address;
        if (!a.equals(a.toLowerCase(Locale.ROOT)) && !a.equals(a.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException(NOT_AN_ENCODING);
        }
        a = a.toLowerCase(Locale.ROOT);
        int sep = HRP.length();
        if (a.length() > 90) {
            throw new IllegalArgumentException("Bech32 string too long");
        }
        if (sep + 8 > a.length()) {
            throw new IllegalArgumentException("Invalid Bech32 address data size");
        }
        int[] data = new int[a.length() - sep - 1];
        for (int i = 0; i < data.length; i++) {
            int v = BECH32_CHARSET.indexOf(a.charAt(sep + 1 + i));
            if (v < 0) {
                throw new IllegalArgumentException("Invalid Base 32 character");
            }
            data[i] = v;
        }
        int check = polymod(concat(hrpExpand(HRP), data));
        int version = data[0];
        if (check != BECH32_CONST && check != BECH32M_CONST) {
            throw new IllegalArgumentException("Invalid Bech32 checksum");
        }
        if ((version == 0) != (check == BECH32_CONST)) {
            throw new IllegalArgumentException(version == 0 ? "Version 0 witness address must use Bech32 checksum"
                    : "Version 1+ witness address must use Bech32m checksum");
        }
        int[] five = Arrays.copyOfRange(data, 1, data.length - 6);
        byte[] fiveBytes = new byte[five.length];
        for (int i = 0; i < five.length; i++) {
            fiveBytes[i] = (byte) five[i];
        }
        int[] prog;
        try {
            prog = convertBits(fiveBytes, 5, 8, false);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid padding in Bech32 data section");
        }
        if (version == 0 && prog.length != 20 && prog.length != 32) {
            throw new IllegalArgumentException("Invalid Bech32 v0 address program size (" + prog.length + " bytes), per BIP141");
        }
        if (version > 16 || prog.length < 2 || prog.length > 40) {
            throw new IllegalArgumentException("Invalid Bech32 address program size (" + prog.length + " bytes)");
        }
        byte[] script = new byte[prog.length + 2];
        script[0] = (byte) (version == 0 ? 0 : 0x50 + version);
        script[1] = (byte) prog.length;
        for (int i = 0; i < prog.length; i++) {
            script[i + 2] = (byte) prog[i];
        }
        return script;
    }

    // ---- base58check ------------------------------------------------------------------------

    private static String base58Check(int version, byte[] payload) {
        byte[] body = Bytes.concat(new byte[] {(byte) version}, payload);
        byte[] data = Bytes.concat(body, Arrays.copyOf(Hashes.sha256d(body), 4));
        BigInteger n = new BigInteger(1, data);
        StringBuilder b = new StringBuilder();
        BigInteger base = BigInteger.valueOf(58);
        while (n.signum() > 0) {
            BigInteger[] qr = n.divideAndRemainder(base);
            b.append(BASE58.charAt(qr[1].intValue()));
            n = qr[0];
        }
        for (int i = 0; i < data.length && data[i] == 0; i++) {
            b.append('1');
        }
        return b.reverse().toString();
    }

    private static byte[] base58CheckDecode(String s) {
        BigInteger n = BigInteger.ZERO;
        for (char c : s.toCharArray()) {
            int v = BASE58.indexOf(c);
            if (v < 0) {
                throw new IllegalArgumentException("invalid base58 character");
            }
            n = n.multiply(BigInteger.valueOf(58)).add(BigInteger.valueOf(v));
        }
        byte[] raw = n.toByteArray();
        if (raw.length > 0 && raw[0] == 0) {
            raw = Arrays.copyOfRange(raw, 1, raw.length);
        }
        int zeros = 0;
        while (zeros < s.length() && s.charAt(zeros) == '1') {
            zeros++;
        }
        byte[] data = Bytes.concat(new byte[zeros], raw);
        if (data.length < 5) {
            throw new IllegalArgumentException(BAD_BASE58);
        }
        byte[] body = Arrays.copyOf(data, data.length - 4);
        if (!Arrays.equals(Arrays.copyOf(Hashes.sha256d(body), 4), Arrays.copyOfRange(data, data.length - 4, data.length))) {
            throw new IllegalArgumentException(BAD_BASE58);
        }
        return body;
    }
}
