package org.bitcoinfx.ipc;

/**
 * The answer of {@link Mining#checkBlock}, {@link Mining#submitBlock} and
 * {@link BlockTemplate#submitSolution}: {@code (reason :Text, debug :Text, result :Bool)} in
 * Bitcoin Core {@code src/ipc/capnp/mining.capnp}.
 *
 * @param valid  true if the block was accepted (or is valid, for checkBlock)
 * @param reason the node's reject reason, e.g. {@code "high-hash"}; empty when valid
 * @param debug  the node's debug text; empty when valid
 */
public record BlockCheckResult(boolean valid, String reason, String debug) {
}
