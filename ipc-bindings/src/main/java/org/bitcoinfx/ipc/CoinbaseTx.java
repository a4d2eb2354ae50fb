package org.bitcoinfx.ipc;

import java.util.List;

/**
 * What a miner needs to build the coinbase of a block template: mirrors {@code CoinbaseTx} in
 * Bitcoin Core {@code src/ipc/capnp/mining.capnp} and {@code node::CoinbaseTx}.
 *
 * @param version              transaction version
 * @param sequence             nSequence of the coinbase input
 * @param scriptSigPrefix      raw script bytes the scriptSig must start with (the BIP34 height)
 * @param witness              the coinbase input's witness stack item, or null if none is needed
 * @param blockRewardRemaining sat: subsidy plus fees, less what the required outputs take
 * @param requiredOutputs      serialized {@code CTxOut}s the coinbase must carry (e.g. the
 *                             witness commitment)
 * @param lockTime             nLockTime of the coinbase
 */
public record CoinbaseTx(long version, long sequence, byte[] scriptSigPrefix, byte[] witness,
                         long blockRewardRemaining, List<byte[]> requiredOutputs, long lockTime) {
    /** Copies the list so that the record is not changed behind its back. */
    public CoinbaseTx {
        requiredOutputs = List.copyOf(requiredOutputs);
    }
}
