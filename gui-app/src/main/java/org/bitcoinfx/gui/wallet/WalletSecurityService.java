package org.bitcoinfx.gui.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.ipc.RpcClient;
import org.bitcoinfx.ipc.ServerThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A wallet's encryption and message signing, through {@code Rpc.executeRpc} on {@code /wallet/<name>}
 * (Bitcoin Core {@code src/wallet/rpc/encrypt.cpp}: {@code encryptwallet}, {@code walletpassphrasechange},
 * {@code walletpassphrase}, {@code walletlock}; {@code src/wallet/rpc/signmessage.cpp}: {@code signmessage};
 * {@code src/rpc/signmessage.cpp}: {@code verifymessage}). Every method returns at once; futures fail with
 * {@link org.bitcoinfx.ipc.JsonRpcException} carrying the node's code and message. Passphrases go as
 * {@code char[]} params of {@link RpcClient#callSecret} (never a String, never logged); the caller closes them.
 */
public final class WalletSecurityService {
    private static final Logger LOG = LoggerFactory.getLogger(WalletSecurityService.class);
    /** How long {@link #signMessage} unlocks a locked wallet for, seconds; it locks again right after signing. */
    public static final int SIGN_UNLOCK_SECONDS = 10;

    private final NodeClient client;

    /** @param client the connected node */
    public WalletSecurityService(NodeClient client) {
        this.client = client;
    }

    /** @return the connection's one WalletSecurityService */
    public static WalletSecurityService of(ConnectionScope scope) {
        return scope.service(WalletSecurityService.class, s -> new WalletSecurityService(s.client()));
    }

    private RpcClient rpc() {
        return client.rpc(ServerThread.WALLET);
    }

    /**
     * {@code encryptwallet passphrase}: encrypts an unencrypted wallet, which is locked afterwards.
     *
     * @return the node's message (it asks for a new backup: the keypool was flushed and a new HD seed made);
     *         fails with -15 for a wallet already encrypted, -16 for one without private keys, -8 for an empty passphrase
     */
    public CompletableFuture<String> encrypt(String wallet, Passphrase passphrase) {
        return rpc().callSecret(wallet, "encryptwallet", passphrase.chars()).thenApply(JsonNode::asText);
    }

    /**
     * {@code walletpassphrasechange old new}.
     *
     * @return completes when changed; fails with -14 for a wrong old passphrase, -15 for an unencrypted wallet,
     *         -8 for an empty one
     */
    public CompletableFuture<Void> changePassphrase(String wallet, Passphrase old, Passphrase replacement) {
        return rpc().callSecret(wallet, "walletpassphrasechange", old.chars(), replacement.chars()).thenApply(r -> null);
    }

    /** {@code walletlock}: forgets the wallet's decryption key now; fails with -15 for an unencrypted wallet. */
    public CompletableFuture<Void> lock(String wallet) {
        return rpc().callWallet(wallet, "walletlock").thenApply(r -> null);
    }

    /**
     * {@code signmessage address message}, with a locked wallet first unlocked for {@value #SIGN_UNLOCK_SECONDS} s
     * ({@code walletpassphrase}) and locked again right after signing, whether it signed or not.
     *
     * @param passphrase the passphrase of a locked wallet; null or empty when the wallet is unencrypted or
     *                   already unlocked (then it is left as it is)
     * @return the signature, base64 of 65 bytes; fails with the node's error: -14 wrong passphrase (nothing
     *         signed), -13 locked, -5 "Invalid address", -3 "Address does not refer to key" (not P2PKH),
     *         -4 "Private key not available" (not this wallet's)
     */
    public CompletableFuture<String> signMessage(String wallet, String address, String message, Passphrase passphrase) {
        boolean unlock = passphrase != null && !passphrase.isEmpty();
        CompletableFuture<JsonNode> unlocked = unlock
                ? rpc().callSecret(wallet, "walletpassphrase", passphrase.chars(), SIGN_UNLOCK_SECONDS)
                : CompletableFuture.completedFuture(null);
        CompletableFuture<String> signed = unlocked.thenCompose(v -> rpc().callWallet(wallet, "signmessage", address, message))
                .thenApply(JsonNode::asText);
        if (!unlock) {
            return signed;
        }
        // lock again whether signing worked or not, but only if the unlock itself worked
        return unlocked.handle((v, e) -> e).thenCompose(unlockError -> unlockError != null
                ? signed
                : signed.handle((r, e) -> e).thenCompose(signError -> rpc().callWallet(wallet, "walletlock").handle((v, lockError) -> {
                    if (lockError != null) {
                        LOG.warn("walletlock after signmessage failed: {}", lockError.getMessage());
                    }
                    return null;
                })).thenCompose(v -> signed));
    }

    /**
     * {@code verifymessage address signature message} (a node call, no wallet needed).
     *
     * @return true if {@code signature} is {@code address}'s key's signature of {@code message}, false if not;
     *         fails with -5 "Invalid address", -3 "Address does not refer to key", -3 "Malformed base64 encoding"
     */
    public CompletableFuture<Boolean> verifyMessage(String address, String signature, String message) {
        return rpc().call("verifymessage", address, signature, message).thenApply(JsonNode::asBoolean);
    }
}
