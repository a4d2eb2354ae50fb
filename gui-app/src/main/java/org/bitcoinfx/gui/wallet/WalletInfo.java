package org.bitcoinfx.gui.wallet;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the Wallet page needs from {@code getwalletinfo} (Bitcoin Core {@code src/wallet/rpc/wallet.cpp}).
 *
 * @param name           walletname
 * @param encrypted      true if {@code unlocked_until} is present (only encrypted wallets have it)
 * @param unlockedUntil  seconds since the epoch, 0 when locked
 * @param txCount        txcount
 * @param privateKeys    private_keys_enabled
 * @param externalSigner external_signer: the wallet signs on a device through {@code -signer}
 */
public record WalletInfo(String name, boolean encrypted, long unlockedUntil, int txCount, boolean privateKeys, boolean externalSigner) {
    /** Reads the reply. */
    public static WalletInfo from(JsonNode r) {
        return new WalletInfo(r.path("walletname").asText(), r.has("unlocked_until"), r.path("unlocked_until").asLong(0),
                r.path("txcount").asInt(), r.path("private_keys_enabled").asBoolean(true),
                r.path("external_signer").asBoolean(false));
    }
}
