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
