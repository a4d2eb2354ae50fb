package org.bitcoinfx.gui;

import static org.bitcoinfx.gui.RpcChecks.expect;
import static org.bitcoinfx.gui.RpcChecks.get;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.gui.wallet.AddressType;
import org.bitcoinfx.gui.wallet.Passphrase;
import org.bitcoinfx.gui.wallet.WalletSecurityService;
import org.bitcoinfx.gui.wallet.WalletService;
import org.bitcoinfx.ipc.NodeClient;

/**
 * The wallet encryption and message-signing RPCs the Wallet page uses ({@link WalletSecurityService}), each
 * with its refusals, with the node's exact codes and words: sign with a legacy address and verify (true, and
 * false for another message), the refusals of a segwit address, a malformed signature, an invalid address and
 * another wallet's key; encrypt (locked afterwards), sign with a wrong and the right passphrase (locked again
 * after), change the passphrase, unlock and lock. Run against FakeNode ({@link FakeNodeWalletSecurityTest}) and
 * a real node ({@link RealNodeWalletSecurityTest}), so the fake's answers are held to the real node's.
 */
final class WalletSecurityFlow {
    private WalletSecurityFlow() {
    }

    static void run(NodeClient client) throws Exception {
        // the node answers RPCs only once its init is done (a real node may still be in warm-up, -28)
        client.rpc().awaitWarmup(java.time.Duration.ofSeconds(120)).get(150, TimeUnit.SECONDS);
        WalletService ws = new WalletService(client);
        WalletSecurityService s = new WalletSecurityService(client);
        get(ws.createWallet("sec", Passphrase.none()));
        get(ws.createWallet("other", Passphrase.none()));
        assertFalse(get(ws.walletInfo("sec")).encrypted());
        expect(s.lock("sec"), -15, "Error: running with an unencrypted wallet, but walletlock was called.");

        // sign and verify with a legacy (P2PKH) address
        String legacy = get(ws.newAddress("sec", "message signing", AddressType.LEGACY));
        assertTrue(legacy.startsWith("m") || legacy.startsWith("n"), "a regtest P2PKH address: " + legacy);
        String sig = get(s.signMessage("sec", legacy, "hello from Bitcoin FX", null));
        assertEquals(65, Base64.getDecoder().decode(sig).length, sig);
        assertTrue(get(s.verifyMessage(legacy, sig, "hello from Bitcoin FX")));
        assertFalse(get(s.verifyMessage(legacy, sig, "hello from Bitcoin FX!")), "another message");
        String legacy2 = get(ws.newAddress("sec", "", AddressType.LEGACY));
        assertFalse(get(s.verifyMessage(legacy2, sig, "hello from Bitcoin FX")), "another address");

        // refusals
        String segwit = get(ws.newAddress("sec", "", AddressType.BECH32));
        expect(s.signMessage("sec", segwit, "m", null), -3, "Address does not refer to key");
        expect(s.verifyMessage(segwit, sig, "m"), -3, "Address does not refer to key");
        expect(s.signMessage("sec", "notanaddress", "m", null), -5, "Invalid address");
        expect(s.verifyMessage("notanaddress", sig, "m"), -5, "Invalid address");
        expect(s.verifyMessage(legacy, "not base64 at all!", "m"), -3, "Malformed base64 encoding");
        String theirs = get(ws.newAddress("other", "", AddressType.LEGACY));
        expect(s.signMessage("sec", theirs, "m", null), -4, "Private key not available");

        // encrypt: locked afterwards
        try (Passphrase p = pass("first passphrase")) {
            assertEquals("wallet encrypted; The keypool has been flushed and a new HD seed was generated. "
                    + "You need to make a new backup with the backupwallet RPC.", get(s.encrypt("sec", p)));
        }
        assertTrue(get(ws.walletInfo("sec")).encrypted());
        assertEquals(0, get(ws.walletInfo("sec")).unlockedUntil(), "locked after encryptwallet");
        try (Passphrase p = pass("again")) {
            expect(s.encrypt("sec", p), -15, "Error: running with an encrypted wallet, but encryptwallet was called.");
        }
        try (Passphrase p = pass("")) {
            expect(s.encrypt("other", p), -8, "passphrase cannot be empty");
        }

        // sign on a locked wallet: refused without the passphrase, and with a wrong one; locked again after
        expect(s.signMessage("sec", legacy, "m", null), -13, "Error: Please enter the wallet passphrase with walletpassphrase first.");
        try (Passphrase p = pass("wrong passphrase")) {
            expect(s.signMessage("sec", legacy, "m", p), -14, "Error: The wallet passphrase entered was incorrect.");
        }
        assertEquals(0, get(ws.walletInfo("sec")).unlockedUntil());
        try (Passphrase p = pass("first passphrase")) {
            String locked = get(s.signMessage("sec", legacy, "signed while locked", p));
            assertTrue(get(s.verifyMessage(legacy, locked, "signed while locked")), "a key from before encryption still signs");
        }
        assertEquals(0, get(ws.walletInfo("sec")).unlockedUntil(), "locked again right after signing");
        try (Passphrase p = pass("first passphrase")) {
            expect(s.signMessage("sec", segwit, "m", p), -3, "Address does not refer to key");
        }
        assertEquals(0, get(ws.walletInfo("sec")).unlockedUntil(), "locked again after a refused signature");

        // change the passphrase
        try (Passphrase old = pass("not it"); Passphrase next = pass("second passphrase")) {
            expect(s.changePassphrase("sec", old, next), -14, "Error: The wallet passphrase entered was incorrect.");
        }
        try (Passphrase old = pass("first passphrase"); Passphrase next = pass("second passphrase")) {
            get(s.changePassphrase("sec", old, next));
        }
        try (Passphrase old = pass("x"); Passphrase next = pass("y")) {
            expect(s.changePassphrase("other", old, next), -15, "Error: running with an unencrypted wallet, but walletpassphrasechange was called.");
        }
        expect(client.rpc().callWallet("sec", "walletpassphrase", "first passphrase".toCharArray(), 60), -14,
                "Error: The wallet passphrase entered was incorrect.");
        get(client.rpc().callWallet("sec", "walletpassphrase", "second passphrase".toCharArray(), 60));
        assertTrue(get(ws.walletInfo("sec")).unlockedUntil() > 0, "unlocked with the new passphrase");
        // unlocked: signs without a passphrase, and stays unlocked
        assertTrue(get(s.verifyMessage(legacy, get(s.signMessage("sec", legacy, "unlocked", null)), "unlocked")));
        assertTrue(get(ws.walletInfo("sec")).unlockedUntil() > 0);
        get(s.lock("sec"));
        assertEquals(0, get(ws.walletInfo("sec")).unlockedUntil(), "walletlock");
    }

    private static Passphrase pass(String s) {
        return new Passphrase(s.toCharArray());
    }
}
