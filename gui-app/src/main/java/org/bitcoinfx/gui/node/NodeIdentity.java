package org.bitcoinfx.gui.node;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.node.NodeBinary;
import org.bitcoinfx.node.NodeLocator;
import org.bitcoinfx.node.NodeNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which bitcoin-node {@link BundledNodeBackend} runs: the binary its {@link NodeLocator} found (and
 * why none was usable), or, attached to someone else's node, the version that node reports
 * ({@code getnetworkinfo.subversion}, e.g. {@code /Satoshi:31.99.0/} gives {@code v31.99.0}).
 * Thread-safe.
 */
final class NodeIdentity {
    private static final Logger LOG = LoggerFactory.getLogger(BundledNodeBackend.class);
    private static final Pattern SUBVERSION = Pattern.compile("/Satoshi:([0-9][^/(]*)");

    private final NodeLocator locator;
    private volatile NodeBinary binary;
    private volatile String attachedVersion;
    private volatile String notFoundReason = "";

    NodeIdentity(NodeLocator locator) {
        this.locator = locator;
    }

    /**
     * Looks for bitcoin-node ({@code configured} first if given); remembers the one found.
     *
     * @throws NodeNotFoundException if none is usable; {@link #notFoundReason()} then says why
     */
    NodeBinary locate(Path configured) throws NodeNotFoundException {
        NodeBinary b = look(configured);
        binary = b;
        return b;
    }

    /** As {@link #locate}, without keeping the binary as the one run (the onboarding's and Settings' check). */
    Optional<Path> find(Path configured) {
        try {
            return Optional.of(look(configured).path());
        } catch (NodeNotFoundException e) {
            return Optional.empty();
        }
    }

    private NodeBinary look(Path configured) throws NodeNotFoundException {
        try {
            NodeBinary b = locator.locate(Optional.ofNullable(configured));
            notFoundReason = "";
            return b;
        } catch (NodeNotFoundException e) {
            notFoundReason = NodeProblemMessages.noNodeMessage(e) + "\nPlaces tried:\n" + String.join("\n", NodeProblemMessages.placesTried(e));
            throw e;
        }
    }

    /** @return why the last look found no usable bitcoin-node, or "" */
    String notFoundReason() {
        return notFoundReason;
    }

    /** @return the binary run (or last run), if one was found */
    Optional<NodeBinary> binary() {
        return Optional.ofNullable(binary);
    }

    /** @return the binary's version, else the attached node's, once known */
    Optional<String> version() {
        NodeBinary b = binary;
        return b != null ? Optional.of(b.version().toString()) : Optional.ofNullable(attachedVersion);
    }

    /** In attach mode: asks the node for its version ({@code getnetworkinfo}), in the background. */
    void learnAttachedVersion(NodeClient c) {
        c.rpc().call("getnetworkinfo").orTimeout(30, TimeUnit.SECONDS).whenComplete((JsonNode info, Throwable e) -> {
            if (e != null) {
                LOG.info("getnetworkinfo for the node version failed: {}", e.toString());
                return;
            }
            Matcher m = SUBVERSION.matcher(info.path("subversion").asText(""));
            if (m.find()) {
                attachedVersion = "v" + m.group(1);
            }
        });
    }
}
