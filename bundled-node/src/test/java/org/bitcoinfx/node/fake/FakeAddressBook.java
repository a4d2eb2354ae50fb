package org.bitcoinfx.node.fake;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The address book part of a fake wallet, shared by bundled-node's FakeNode wallet and gui-app's
 * in-process fake: the wallet's own addresses (with label, type and output script) and the labels
 * filed for others' addresses ({@code setlabel}, Bitcoin Core {@code src/wallet/rpc/addresses.cpp}).
 * Not thread-safe: callers hold their fake node's lock.
 */
public class FakeAddressBook {
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

    /** The wallet's own addresses, oldest first. */
    protected final List<Addr> addresses = new ArrayList<>();
    /** Address-book labels of others' addresses ({@code setlabel}), by address. */
    protected final Map<String, String> sendLabels = new LinkedHashMap<>();

    /** Copies {@code other}'s addresses and labels into this book (restoring a backup). */
    protected void copyAddressBook(FakeAddressBook other) {
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
