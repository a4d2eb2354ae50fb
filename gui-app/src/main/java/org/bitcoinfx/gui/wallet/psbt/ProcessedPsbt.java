package org.bitcoinfx.gui.wallet.psbt;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The reply of {@code walletprocesspsbt} or {@code finalizepsbt} (Bitcoin Core {@code src/wallet/rpc/spend.cpp},
 * {@code src/rpc/rawtransaction.cpp}).
 *
 * @param psbt     the PSBT after the call, base64 ({@code finalizepsbt} leaves it out once extracted: then the input's)
 * @param complete {@code complete}: every input has its signatures
 * @param hex      the network transaction, hex, when complete (else "")
 */
public record ProcessedPsbt(String psbt, boolean complete, String hex) {
    /** Reads the reply; {@code input} stands in for a missing {@code psbt}. */
    public static ProcessedPsbt parse(JsonNode r, String input) {
        return new ProcessedPsbt(r.path("psbt").asText(input), r.path("complete").asBoolean(false), r.path("hex").asText(""));
    }
}
