package org.bitcoinfx.gui.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import org.bitcoinfx.ipc.primitives.Hashes;

/**
 * The node's verdict on an address from {@code validateaddress} (Bitcoin Core
 * {@code src/rpc/output_script.cpp}).
 *
 * @param address      the address as checked
 * @param valid        {@code isvalid}
 * @param scriptPubKey raw script bytes when valid, else empty
 * @param kind         e.g. {@code Taproot (segwit v1)}, {@code P2SH}, when valid
 * @param error        the node's error text when invalid, e.g. {@code Invalid Bech32 checksum}
 */
public record AddressCheck(String address, boolean valid, byte[] scriptPubKey, String kind, String error) {
    /** Reads the {@code validateaddress} reply for {@code address}. */
    public static AddressCheck from(String address, JsonNode r) {
        if (!r.path("isvalid").asBoolean(false)) {
            return new AddressCheck(address, false, new byte[0], "", r.path("error").asText("Invalid address"));
        }
        byte[] spk = Hashes.parseHex(r.path("scriptPubKey").asText());
        String kind;
        if (r.path("iswitness").asBoolean(false)) {
            int v = r.path("witness_version").asInt();
            kind = v == 1 ? "Taproot (segwit v1)" : "Segwit v" + v + (spk.length == 22 ? " key hash" : spk.length == 34 && v == 0 ? " script hash" : "");
        } else {
            kind = r.path("isscript").asBoolean(false) ? "P2SH" : "P2PKH (legacy)";
        }
        return new AddressCheck(address, true, spk, kind, "");
    }

    /** @return the dust threshold of an output to this address, sat (see {@link Amounts#dustThreshold}) */
    public long dustSat() {
        return valid ? Amounts.dustThreshold(scriptPubKey) : 0;
    }
}
