package org.bitcoinfx.node.net;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Fixed keys for the test network's wallets, so that their addresses are the same on every machine:
 * a BIP32 master key from a 32-byte seed ({@code HMAC-SHA512("Bitcoin seed", seed)}, BIP32 "Master key
 * generation"; Bitcoin Core {@code CExtKey::SetSeed}, {@code src/key.cpp}) written as a testnet/regtest
 * extended private key ({@code tprv}, version {@code 04358394}, base58check; {@code EncodeExtKey},
 * {@code src/key_io.cpp}), and the BIP84 descriptors a wallet imports.
 */
public final class RegtestKeys {
    private static final byte[] TPRV_VERSION = {0x04, 0x35, (byte) 0x83, (byte) 0x94};
    private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    /** secp256k1's group order: a master key must be below it and not zero. */
    private static final BigInteger CURVE_ORDER = new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);

    private RegtestKeys() {
    }

    /**
     * The seed of a wallet of the test network: SHA-256 of {@code "bitcoinfx-regtest <name> <seed>"}.
     *
     * @param walletName the wallet's name, e.g. {@code alice}
     * @param seed       the chain's seed ({@link ChainSpec#seed()})
     * @return 32 bytes
     */
    public static byte[] walletSeed(String walletName, long seed) {
        return sha256(("bitcoinfx-regtest " + walletName + " " + seed).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The BIP32 master key of {@code seed} as a {@code tprv…} string (78 bytes: version, depth 0,
     * parent fingerprint 0, child number 0, chain code, {@code 00 || key}; base58check).
     *
     * @param seed 16 to 64 bytes
     * @throws IllegalArgumentException if the seed's length is out of range, or (probability below
     *                                  2^-127) it gives no valid key, as BIP32 allows
     */
    public static String masterTprv(byte[] seed) {
        return masterKey(seed, TPRV_VERSION);
    }

    /** As {@link #masterTprv} with the 4 version bytes given ({@code 0488ADE4} for mainnet's {@code xprv}, as BIP32's test vectors). */
    static String masterKey(byte[] seed, byte[] version) {
        if (seed.length < 16 || seed.length > 64) {
            throw new IllegalArgumentException("a BIP32 seed is 16 to 64 bytes, got " + seed.length);
        }
        byte[] i = hmacSha512("Bitcoin seed".getBytes(StandardCharsets.US_ASCII), seed);
        byte[] key = Arrays.copyOfRange(i, 0, 32);
        byte[] chainCode = Arrays.copyOfRange(i, 32, 64);
        BigInteger k = new BigInteger(1, key);
        if (k.signum() == 0 || k.compareTo(CURVE_ORDER) >= 0) {
            throw new IllegalArgumentException("this seed gives no valid BIP32 master key; use another");
        }
        byte[] payload = new byte[78];
        System.arraycopy(version, 0, payload, 0, 4);
        // depth (1 byte), fingerprint (4) and child number (4) stay 0
        System.arraycopy(chainCode, 0, payload, 13, 32);
        payload[45] = 0;
        System.arraycopy(key, 0, payload, 46, 32);
        return base58Check(payload);
    }

    /**
     * A wallet's two BIP84 descriptors without checksum: {@code wpkh(TPRV/84h/1h/0h/0/*)} (receive)
     * and {@code wpkh(TPRV/84h/1h/0h/1/*)} (change). P2WPKH signatures are ECDSA with RFC 6979 nonces,
     * so signed transactions, and thus block hashes, are the same on every run.
     *
     * @return {receive, change}
     */
    public static String[] bip84Descriptors(String walletName, long seed) {
        String tprv = masterTprv(walletSeed(walletName, seed));
        return new String[] {"wpkh(" + tprv + "/84h/1h/0h/0/*)", "wpkh(" + tprv + "/84h/1h/0h/1/*)"};
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmacSha512(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(key, "HmacSHA512"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Base58 of {@code payload || first 4 bytes of SHA-256(SHA-256(payload))} ({@code EncodeBase58Check}, {@code src/base58.cpp}). */
    static String base58Check(byte[] payload) {
        byte[] check = sha256(sha256(payload));
        byte[] all = Arrays.copyOf(payload, payload.length + 4);
        System.arraycopy(check, 0, all, payload.length, 4);
        StringBuilder sb = new StringBuilder();
        BigInteger n = new BigInteger(1, all);
        BigInteger base = BigInteger.valueOf(58);
        while (n.signum() > 0) {
            BigInteger[] qr = n.divideAndRemainder(base);
            sb.append(BASE58.charAt(qr[1].intValue()));
            n = qr[0];
        }
        for (int i = 0; i < all.length && all[i] == 0; i++) {
            sb.append('1');
        }
        return sb.reverse().toString();
    }
}
