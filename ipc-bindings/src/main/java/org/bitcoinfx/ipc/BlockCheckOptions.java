package org.bitcoinfx.ipc;

/**
 * Options for {@link Mining#checkBlock}: mirrors {@code BlockCheckOptions} in Bitcoin Core
 * {@code src/ipc/capnp/mining.capnp}.
 *
 * @param checkMerkleRoot verify the merkle root (default true)
 * @param checkPow        verify the proof of work (default true)
 */
public record BlockCheckOptions(boolean checkMerkleRoot, boolean checkPow) {
    /** The schema's defaults: both checks on. */
    public static final BlockCheckOptions DEFAULT = new BlockCheckOptions(true, true);
}
