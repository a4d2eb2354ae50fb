package org.bitcoinfx.node.fake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What bundled-node's FakeNode wallet and gui-app's in-process fake wallet share: the name, an
 * optional passphrase with its unlock time ({@code walletpassphrase}, {@code walletlock}), the
 * birth time, and the address book: the wallet's own addresses (with label, type and output
 * script) and the labels filed for others' addresses ({@code setlabel}, Bitcoin Core
 * {@code src/wallet/rpc/addresses.cpp}). Not thread-safe: callers hold their fake node's lock.
 */
public class FakeWalletBase {
    /**
     * An address of this wallet.
     *
     * @param address the address string (regtest)
     * @param label   its label, "" for none
     * @param type    {@code bech32}, {@code bech32m} or {@code p2sh-segwit}
     * @param script  its scriptPubKey bytes
     * @param change  true for a change address
     */
    public record Addr(String address, String label, String type, byte[] script, boolean change) {
    }

    /** The wallet's name ({@code /wallet/<name>}). */
    public final String name;
    /** Unlocked until this time, seconds since the epoch; 0 when locked. */
    public long unlockedUntil;
    /** When the wallet was made, seconds since the epoch ({@code birthtime}). */
    public final long birth = Instant.now().getEpochSecond();
    private final char[] passphrase;
    /** The wallet's own addresses, oldest first. */
    protected final List<Addr> addresses = new ArrayList<>();
    /** Address-book labels of others' addresses ({@code setlabel}), by address. */
    protected final Map<String, String> sendLabels = new LinkedHashMap<>();

    /**
     * @param name       the wallet's name
     * @param passphrase the encryption passphrase (copied), or null or empty for an unencrypted wallet
     */
    protected FakeWalletBase(String name, char[] passphrase) {
        this.name = name;
        this.passphrase = passphrase == null || passphrase.length == 0 ? null : passphrase.clone();
    }

    /** @return a copy of the passphrase, or null if unencrypted (for a subclass's copy) */
    protected char[] passphraseCopy() {
        return passphrase == null ? null : passphrase.clone();
    }

    /** @return true if the wallet has a passphrase */
    public boolean encrypted() {
        return passphrase != null;
    }

    /** @return true if unencrypted or unlocked at {@code now} (seconds since the epoch) */
    public boolean unlocked(long now) {
        return passphrase == null || unlockedUntil > now;
    }

    /** @return true if {@code p} is the passphrase; false for an unencrypted wallet */
    public boolean checkPassphrase(String p) {
        return passphrase != null && Arrays.equals(passphrase, p.toCharArray());
    }

    /** Copies {@code other}'s addresses and labels into this book (restoring a backup). */
    protected void copyAddressBook(FakeWalletBase other) {
        addresses.addAll(other.addresses);
        sendLabels.putAll(other.sendLabels);
    }

    /** {@code setlabel}: relabels one of our addresses, or files a label for someone else's. */
    public void setLabel(String address, String label) {
        for (int i = 0; i < addresses.size(); i++) {
            Addr a = addresses.get(i);
            if (a.address().equals(address)) {
                addresses.set(i, new Addr(a.address(), label, a.type(), a.script(), a.change()));
                return;
            }
        }
        sendLabels.put(address, label);
    }

    /** @return our address paying to {@code script}, or null if the script is not ours */
    public Addr byScript(byte[] script) {
        for (Addr a : addresses) {
            if (Arrays.equals(a.script(), script)) {
                return a;
            }
        }
        return null;
    }
}
