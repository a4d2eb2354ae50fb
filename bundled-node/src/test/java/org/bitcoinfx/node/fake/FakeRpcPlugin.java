package org.bitcoinfx.node.fake;

/**
 * Adds RPC methods to a fake node (for example a {@code FakeWallet}). Implementations are found with
 * {@link java.util.ServiceLoader}: list the class in
 * {@code src/test/resources/META-INF/services/org.bitcoinfx.node.fake.FakeRpcPlugin}. Each is
 * installed once per fake node, after the chain methods, and may replace them.
 */
public interface FakeRpcPlugin {
    /**
     * Registers methods with {@code node.rpc().register(…)}; may subscribe to {@code node.chain()}.
     *
     * @param node the fake node's state
     */
    void install(FakeNodeState node);
}
