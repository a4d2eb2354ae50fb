package org.bitcoinfx.node.fake;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    private char[] passphrase;
    /** The wallet's own addresses, oldest first. */
    protected final List<Addr> addresses = new ArrayList<>();
    /** {@code createwallet}'s {@code disable_private_keys}: a watch-only wallet, which signs nothing. */
    public boolean noPrivateKeys;
    /** {@code createwallet}'s {@code blank}. */
    public boolean blank;
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

    /**
     * {@code encryptwallet} / {@code walletpassphrasechange}: sets the passphrase (copied) and locks the wallet,
     * as Bitcoin Core leaves a wallet it has just encrypted.
     */
    public void setPassphrase(char[] p) {
        passphrase = p.clone();
        unlockedUntil = 0;
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

    /**
     * The address book as {@code getaddressesbylabel}/{@code listlabels} see it: our addresses with purpose
     * {@code receive} (change addresses are not in it), others' labelled addresses with purpose {@code send}.
     *
     * @return address → {label, purpose}, ours first, oldest first
     */
    public Map<String, String[]> addressBook() {
        Map<String, String[]> book = new LinkedHashMap<>();
        for (Addr a : addresses) {
            if (!a.change()) {
                book.put(a.address(), new String[] {a.label(), "receive"});
            }
        }
        sendLabels.forEach((addr, label) -> book.putIfAbsent(addr, new String[] {label, "send"}));
        return book;
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

    /**
     * The {@code getwalletinfo} fields of this descriptor wallet as Bitcoin Core
     * ({@code src/wallet/rpc/wallet.cpp}) gives them, up to {@code flags}; the caller adds
     * {@code lastprocessedblock}.
     *
     * @param txCount the wallet's transaction count ({@code txcount})
     * @param now     the time, seconds since the epoch, for {@code unlocked_until}
     * @return a new JSON object
     */
    public ObjectNode walletInfoFields(int txCount, long now) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("walletname", name);
        o.put("walletversion", 169900);
        o.put("format", "sqlite");
        o.put("txcount", txCount);
        o.put("keypoolsize", 4000);
        o.put("keypoolsize_hd_internal", 4000);
        if (encrypted()) {
            o.put("unlocked_until", unlocked(now) ? unlockedUntil : 0);
        }
        o.put("private_keys_enabled", !noPrivateKeys);
        o.put("avoid_reuse", false);
        o.put("scanning", false);
        o.put("descriptors", true);
        o.put("external_signer", false);
        o.put("blank", blank);
        if (!blank) {
            o.put("birthtime", birth); // a blank wallet has no keys, so no birth time (until descriptors are imported)
        }
        var flags = o.putArray("flags").add("last_hardened_xpub_cached");
        if (noPrivateKeys) {
            flags.add("disable_private_keys");
        }
        if (blank) {
            flags.add("blank");
        }
        flags.add("descriptor_wallet");
        return o;
    }
}
