package org.bitcoinfx.gui.wallet;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What {@code migratewallet} made (Bitcoin Core {@code src/wallet/rpc/wallet.cpp} {@code migratewallet}).
 *
 * @param walletName    the migrated (descriptor) wallet
 * @param watchOnlyName the wallet holding the legacy wallet's watch-only scripts, or "" when there were none
 * @param solvablesName the wallet holding scripts it could solve but not watch, or ""
 * @param backupPath    the backup of the legacy wallet the node wrote first
 */
public record MigrationResult(String walletName, String watchOnlyName, String solvablesName, String backupPath) {
    /** Reads the reply. */
    public static MigrationResult from(JsonNode r) {
        return new MigrationResult(r.path("wallet_name").asText(), r.path("watchonly_name").asText(""), r.path("solvables_name").asText(""),
                r.path("backup_path").asText());
    }

    /** @return a sentence for the page's notice, naming every wallet made and the backup */
    public String describe() {
        StringBuilder b = new StringBuilder("Migrated wallet ").append(walletName).append(" to a descriptor wallet");
        if (!watchOnlyName.isEmpty()) {
            b.append("; its watch-only scripts are in wallet ").append(watchOnlyName);
        }
        if (!solvablesName.isEmpty()) {
            b.append("; its solvable scripts are in wallet ").append(solvablesName);
        }
        return b.append(". The legacy wallet's backup: ").append(backupPath).append('.').toString();
    }
}
