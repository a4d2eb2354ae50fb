package org.bitcoinfx.ipc;

/**
 * Options for {@link Mining#createNewBlock}: mirrors {@code BlockCreateOptions} in Bitcoin Core
 * {@code src/ipc/capnp/mining.capnp} and {@code node::BlockCreateOptions}.
 *
 * @param useMempool                         fill the template from the mempool (default true)
 * @param blockReservedWeight                weight units kept free for the coinbase and extra
 *                                           outputs (default 8000 WU)
 * @param coinbaseOutputMaxAdditionalSigops  sigops reserved for the coinbase outputs (default 400)
 */
public record BlockCreateOptions(boolean useMempool, long blockReservedWeight, long coinbaseOutputMaxAdditionalSigops) {
    /** The schema's defaults: mempool on, 8000 WU reserved, 400 sigops. */
    public static final BlockCreateOptions DEFAULT = new BlockCreateOptions(true, 8000, 400);
}
