package org.bitcoinfx.gui.wallet.psbt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A device the node's {@code -signer} tool reports, from {@code enumeratesigners} (Bitcoin Core
 * {@code src/rpc/external_signer.cpp}; the tool's {@code enumerate} command, {@code doc/external-signer.md}).
 *
 * @param fingerprint the master key fingerprint, 8 hex characters
 * @param name        the device name (the model the tool gives)
 */
public record ExternalSigner(String fingerprint, String name) {
    /** Reads an {@code enumeratesigners} reply ({@code {"signers": [{fingerprint, name}]}}). */
    public static List<ExternalSigner> parse(JsonNode r) {
        List<ExternalSigner> l = new ArrayList<>();
        for (JsonNode s : r.path("signers")) {
            l.add(new ExternalSigner(s.path("fingerprint").asText(), s.path("name").asText()));
        }
        return List.copyOf(l);
    }

    @Override
    public String toString() {
        return name + " (" + fingerprint + ")";
    }
}
