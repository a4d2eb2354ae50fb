package org.bitcoinfx.gui.node;

import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the app's {@link NodeBackend}: the first one registered with {@link ServiceLoader}
 * ({@code META-INF/services/org.bitcoinfx.gui.node.NodeBackend}), else
 * {@link UnavailableNodeBackend}.
 */
public final class NodeBackends {
    private static final Logger LOG = LoggerFactory.getLogger(NodeBackends.class);

    private NodeBackends() {
    }

    /**
     * As {@link #load()}, in attach mode when {@code connectSocket} is given ({@code --connect}).
     *
     * @param connectSocket the socket of a running bitcoin-node to attach to, or null to launch one
     * @return the backend; if it cannot attach, it is returned as is and the reason is logged
     */
    public static NodeBackend load(java.nio.file.Path connectSocket) {
        NodeBackend b = load();
        if (connectSocket != null) {
            try {
                b.setAttachSocket(connectSocket);
            } catch (UnsupportedOperationException e) {
                LOG.error("--connect {} ignored: {}", connectSocket, e.getMessage());
            }
        }
        return b;
    }

    /** @return the registered backend, or the unavailable one */
    public static NodeBackend load() {
        try {
            for (NodeBackend b : ServiceLoader.load(NodeBackend.class)) {
                LOG.info("node backend: {}", b.getClass().getName());
                return b;
            }
        } catch (java.util.ServiceConfigurationError e) {
            LOG.error("the registered node backend cannot be loaded; using {}", UnavailableNodeBackend.class.getSimpleName(), e);
        }
        LOG.info("no node backend registered; using {}", UnavailableNodeBackend.class.getSimpleName());
        return new UnavailableNodeBackend(NodeBinaryLocator.system());
    }
}
