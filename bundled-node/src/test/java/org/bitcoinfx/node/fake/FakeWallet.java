package org.bitcoinfx.node.fake;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.bitcoinfx.ipc.primitives.Bytes;
import org.bitcoinfx.ipc.primitives.Hashes;

/**
 * One wallet of the fake node: its keys are just addresses (no private keys: the fake does not
 * sign), labels, an optional passphrase and unlock time. What it owns is found by scanning the
 * chain and mempool ({@link FakeWalletPlugin#scan}), as a rescan would; nothing else is stored.
 * Its passphrase and address book are a {@link FakeWalletBase}. Not thread-safe: the plugin calls it under its own lock.
 */
final class FakeWallet extends FakeWalletBase {
    private int next;
    /** Frozen coins ({@code lockunspent}), as {@code txid:vout}; kept with the wallet (as persistent locks are). */
    final Set<String> locked = new java.util.LinkedHashSet<>();

    FakeWallet(String name, char[] passphrase) {
        super(name, passphrase);
    }

    /** @return a copy named {@code newName} (what restorewallet makes of a backup) */
    FakeWallet copy(String newName) {
        FakeWallet w = new FakeWallet(newName, passphraseCopy());
        w.copyAddressBook(this);
        w.next = next;
        w.noPrivateKeys = noPrivateKeys;
        w.blank = blank;
        w.locked.addAll(locked);
        return w;
    }

    /** A new address: {@code bech32} (P2WPKH), {@code bech32m} (P2TR), {@code p2sh-segwit} or {@code legacy} (P2PKH). */
    Addr newAddress(String label, String type, boolean change) {
        byte[] seed = Hashes.sha256((name + "/" + (change ? 1 : 0) + "/" + next++).getBytes(StandardCharsets.UTF_8));
        byte[] script = switch (type) {
            case "bech32m" -> Bytes.concat(new byte[] {0x51, 32}, seed);
            case "legacy" -> Bytes.concat(Bytes.concat(new byte[] {0x76, (byte) 0xa9, 0x14}, Arrays.copyOf(seed, 20)), new byte[] {(byte) 0x88, (byte) 0xac});
            case "p2sh-segwit" -> Bytes.concat(Bytes.concat(new byte[] {(byte) 0xa9, 0x14}, Arrays.copyOf(seed, 20)), new byte[] {(byte) 0x87});
            default -> Bytes.concat(new byte[] {0, 20}, Arrays.copyOf(seed, 20));
        };
        Addr a = new Addr(FakeAddress.fromScriptPubKey(script).orElseThrow(), label == null ? "" : label, type, script, change);
        addresses.add(a);
        return a;
    }

    Set<String> scriptHexes() {
        Set<String> s = new HashSet<>();
        addresses.forEach(a -> s.add(Hashes.hex(a.script())));
        return s;
    }

    /** @return the label listtransactions shows for an output script */
    String labelOf(byte[] script) {
        Addr a = byScript(script);
        if (a != null) {
            return a.label();
        }
        return FakeAddress.fromScriptPubKey(script).map(x -> sendLabels.getOrDefault(x, "")).orElse("");
    }
}
