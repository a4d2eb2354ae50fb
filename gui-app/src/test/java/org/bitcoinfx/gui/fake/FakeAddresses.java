package org.bitcoinfx.gui.fake;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Locale;
import org.bitcoinfx.ipc.primitives.Hashes;

/**
 * Regtest addresses for the fake node: BIP173 bech32 (segwit v0), BIP350 bech32m (v1+) with hrp
 * {@code bcrt}, and Base58Check with the regtest version bytes (P2PKH 0x6f, P2SH 0xc4), as Bitcoin
 * Core's {@code src/key_io.cpp} and {@code src/bech32.cpp} encode them. Decoding gives the
 * scriptPubKey, or the node's own {@code validateaddress} error text.
 */
public final class FakeAddresses {
    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final String B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final int BECH32 = 1;
    private static final int BECH32M = 0x2bc830a3;
    static final String HRP = "bcrt";

    /** What an address decodes to: its scriptPubKey, or why it is invalid (Bitcoin Core's words). */
    public record Decoded(byte[] scriptPubKey, String error, boolean isScript, int witnessVersion, byte[] witnessProgram) {
        boolean valid() {
            return error == null;
        }
    }

    private FakeAddresses() {
    }

    /** @return a bech32 (v0) or bech32m (v1+) address for the witness program */
    public static String segwit(int version, byte[] program) {
        byte[] data5 = convertBits(program, 8, 5, true);
        byte[] values = new byte[data5.length + 1];
        values[0] = (byte) version;
        System.arraycopy(data5, 0, values, 1, data5.length);
        int constant = version == 0 ? BECH32 : BECH32M;
        byte[] checksum = checksum(HRP, values, constant);
        StringBuilder sb = new StringBuilder(HRP).append('1');
        for (byte v : values) {
            sb.append(CHARSET.charAt(v));
        }
        for (byte v : checksum) {
            sb.append(CHARSET.charAt(v));
        }
        return sb.toString();
    }

    /** @return a Base58Check P2SH address (regtest version 0xc4) for the 20-byte script hash */
    public static String p2sh(byte[] hash20) {
        return base58Check((byte) 0xc4, hash20);
    }

    /** Decodes a regtest address. */
    public static Decoded decode(String address) {
        String a = address == null ? "" : address;
        String lower = a.toLowerCase(Locale.ROOT);
        if (lower.startsWith(HRP + "1")) {
            return decodeSegwit(a);
        }
        if (!a.isEmpty() && a.chars().allMatch(c -> B58.indexOf(c) >= 0)) {
            return decodeBase58(a);
        }
        if (a.isEmpty()) {
            return invalid("Invalid checksum or length of Base58 address (P2PKH or P2SH)");
        }
        return invalid("Invalid or unsupported Segwit (Bech32) or Base58 encoding.");
    }

    private static Decoded invalid(String why) {
        return new Decoded(null, why, false, -1, null);
    }

    private static Decoded decodeSegwit(String a) {
        if (!a.equals(a.toLowerCase(Locale.ROOT)) && !a.equals(a.toUpperCase(Locale.ROOT))) {
            return invalid("Invalid or unsupported Segwit (Bech32) or Base58 encoding.");
        }
        String s = a.toLowerCase(Locale.ROOT);
        String data = s.substring(HRP.length() + 1);
        if (data.length() < 7) {
            return invalid("Invalid Bech32 address data size");
        }
        byte[] values = new byte[data.length()];
        for (int i = 0; i < data.length(); i++) {
            int v = CHARSET.indexOf(data.charAt(i));
            if (v < 0) {
                return invalid("Invalid Base 32 character");
            }
            values[i] = (byte) v;
        }
        int pm = polymod(concat(expandHrp(HRP), values));
        int version = values[0];
        if (pm != BECH32 && pm != BECH32M) {
            return invalid("Invalid Bech32 checksum");
        }
        if ((version == 0) != (pm == BECH32)) {
            return invalid(version == 0 ? "Version 0 witness address must use Bech32 checksum" : "Version 1+ witness address must use Bech32m checksum");
        }
        byte[] program = convertBits(Arrays.copyOfRange(values, 1, values.length - 6), 5, 8, false);
        if (program == null) {
            return invalid("Invalid padding in Bech32 data section");
        }
        if (version == 0 && program.length != 20 && program.length != 32) {
            return invalid("Invalid Bech32 v0 address program size (" + program.length + " bytes), per BIP141");
        }
        byte[] script = new byte[program.length + 2];
        script[0] = (byte) (version == 0 ? 0 : 0x50 + version);
        script[1] = (byte) program.length;
        System.arraycopy(program, 0, script, 2, program.length);
        return new Decoded(script, null, false, version, program);
    }

    private static Decoded decodeBase58(String a) {
        BigInteger n = BigInteger.ZERO;
        for (char c : a.toCharArray()) {
            n = n.multiply(BigInteger.valueOf(58)).add(BigInteger.valueOf(B58.indexOf(c)));
        }
        byte[] raw = n.toByteArray();
        if (raw.length > 0 && raw[0] == 0) {
            raw = Arrays.copyOfRange(raw, 1, raw.length);
        }
        int zeros = 0;
        while (zeros < a.length() && a.charAt(zeros) == '1') {
            zeros++;
        }
        byte[] full = new byte[zeros + raw.length];
        System.arraycopy(raw, 0, full, zeros, raw.length);
        if (full.length != 25 || !Arrays.equals(Arrays.copyOfRange(Hashes.sha256d(Arrays.copyOf(full, 21)), 0, 4), Arrays.copyOfRange(full, 21, 25))) {
            return invalid("Invalid checksum or length of Base58 address (P2PKH or P2SH)");
        }
        byte[] hash = Arrays.copyOfRange(full, 1, 21);
        if ((full[0] & 0xff) == 0xc4) {
            return new Decoded(concat(new byte[] {(byte) 0xa9, 0x14}, concat(hash, new byte[] {(byte) 0x87})), null, true, -1, null);
        }
        if ((full[0] & 0xff) == 0x6f) {
            return new Decoded(concat(new byte[] {0x76, (byte) 0xa9, 0x14}, concat(hash, new byte[] {(byte) 0x88, (byte) 0xac})), null, false, -1, null);
        }
        return invalid("Invalid or unsupported Base58-encoded address.");
    }

    private static String base58Check(byte version, byte[] payload) {
        byte[] body = concat(new byte[] {version}, payload);
        byte[] full = concat(body, Arrays.copyOfRange(Hashes.sha256d(body), 0, 4));
        BigInteger n = new BigInteger(1, full);
        StringBuilder sb = new StringBuilder();
        while (n.signum() > 0) {
            BigInteger[] qr = n.divideAndRemainder(BigInteger.valueOf(58));
            sb.append(B58.charAt(qr[1].intValue()));
            n = qr[0];
        }
        for (int i = 0; i < full.length && full[i] == 0; i++) {
            sb.append('1');
        }
        return sb.reverse().toString();
    }

    private static byte[] checksum(String hrp, byte[] values, int constant) {
        byte[] enc = concat(concat(expandHrp(hrp), values), new byte[6]);
        int mod = polymod(enc) ^ constant;
        byte[] r = new byte[6];
        for (int i = 0; i < 6; i++) {
            r[i] = (byte) ((mod >>> (5 * (5 - i))) & 31);
        }
        return r;
    }

    private static int polymod(byte[] values) {
        int[] gen = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
        int chk = 1;
        for (byte v : values) {
            int top = chk >>> 25;
            chk = (chk & 0x1ffffff) << 5 ^ (v & 0xff);
            for (int i = 0; i < 5; i++) {
                if (((top >>> i) & 1) == 1) {
                    chk ^= gen[i];
                }
            }
        }
        return chk;
    }

    private static byte[] expandHrp(String hrp) {
        byte[] r = new byte[hrp.length() * 2 + 1];
        for (int i = 0; i < hrp.length(); i++) {
            r[i] = (byte) (hrp.charAt(i) >>> 5);
            r[i + hrp.length() + 1] = (byte) (hrp.charAt(i) & 31);
        }
        return r;
    }

    private static byte[] convertBits(byte[] in, int from, int to, boolean pad) {
        int acc = 0;
        int bits = 0;
        int maxv = (1 << to) - 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : in) {
            acc = (acc << from) | (b & 0xff);
            bits += from;
            while (bits >= to) {
                bits -= to;
                out.write((acc >>> bits) & maxv);
            }
        }
        if (pad) {
            if (bits > 0) {
                out.write((acc << (to - bits)) & maxv);
            }
        } else if (bits >= from || ((acc << (to - bits)) & maxv) != 0) {
            return null;
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
