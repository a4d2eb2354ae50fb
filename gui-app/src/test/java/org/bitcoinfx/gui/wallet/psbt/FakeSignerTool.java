package org.bitcoinfx.gui.wallet.psbt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Installs and configures {@code fake-signer.py} (test resources), our own fake of an external signing tool for
 * bitcoin-node's {@code -signer} (Bitcoin Core's tool protocol, {@code doc/external-signer.md}): its "device" holds the
 * keys of a normal wallet on the same node, given as that wallet's {@code listdescriptors} reply.
 */
public final class FakeSignerTool {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeSignerTool() {
    }

    /** Copies the fake signer into {@code dir}, executable by its owner only. @return its path, for {@code -signer=} */
    public static Path install(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path script = dir.resolve("fake-signer.py");
        try (InputStream in = FakeSignerTool.class.getResourceAsStream("fake-signer.py")) {
            Files.copy(in, script);
        }
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    /**
     * Writes the fake signer's answers ({@code fake-signer.json} beside it): the device's descriptors are the active
     * public wpkh/tr ones of {@code listDescriptors}, its fingerprint their key origin's.
     *
     * @param listDescriptors a {@code listdescriptors} reply (public) of the wallet whose keys the device holds
     * @param signed          the PSBT {@code signtx} answers with, or "" to refuse signing
     * @return the device's fingerprint
     */
    public static String configure(Path dir, JsonNode listDescriptors, String signed) throws IOException {
        ObjectNode conf = JSON.createObjectNode();
        var receive = conf.putArray("receive");
        var internal = conf.putArray("internal");
        String fingerprint = "";
        for (JsonNode d : listDescriptors.path("descriptors")) {
            String desc = d.path("desc").asText();
            if (d.path("active").asBoolean() && (desc.startsWith("wpkh(") || desc.startsWith("tr("))) {
                (d.path("internal").asBoolean() ? internal : receive).add(desc);
                fingerprint = desc.substring(desc.indexOf('[') + 1, desc.indexOf('[') + 9);
            }
        }
        conf.put("fingerprint", fingerprint).put("model", "fake_t").put("signed", signed);
        conf.putObject("addresses");
        Files.writeString(dir.resolve("fake-signer.json"), JSON.writeValueAsString(conf));
        return fingerprint;
    }
}
