package org.bitcoinfx.node.net;

import java.util.List;
import java.util.Optional;

/**
 * One snapshot regtest accepts in {@code loadtxoutset}: Bitcoin Core's {@code AssumeutxoData}
 * ({@code src/kernel/chainparams.h}), with the values of {@code CRegTestParams::m_assumeutxo_data}
 * ({@code src/kernel/chainparams.cpp}). A node refuses any other snapshot ("assumeutxo block hash in
 * snapshot metadata not recognized … The following snapshot heights are available: 110, 200, 299").
 *
 * @param height         the snapshot's base block height
 * @param hashSerialized the UTXO set's {@code HASH_SERIALIZED} at that block: {@code dumptxoutset}'s
 *                       {@code txoutset_hash}, hex as RPC prints it
 * @param chainTxCount   transactions in the chain up to and including the base block (genesis's counted):
 *                       {@code dumptxoutset}'s {@code nchaintx}
 * @param blockHash      the base block's hash, hex as RPC prints it
 * @param madeBy         what in Bitcoin Core builds that chain
 */
public record AssumeUtxoData(int height, String hashSerialized, long chainTxCount, String blockHash, String madeBy) {
    /** The three entries of regtest's {@code m_assumeutxo_data}, by height. */
    public static final List<AssumeUtxoData> REGTEST = List.of(
            new AssumeUtxoData(110, "86e9a1205b418b16dde3a18a78c730e30137e28466bda5dbf6b33ab8fc05447c", 111,
                    "135eec25a6fb277884e5824e7aa7d052c4868161c99a5122170b5266f86c273d",
                    "src/test/util/setup_common.cpp TestChain100Setup, then 10 blocks more (unit tests)"),
            new AssumeUtxoData(200, "17dcc016d188d16068907cdeb38b75691a118d43053b8cd6a25969419381d13a", 201,
                    "385901ccbd69dff6bbd00065d01fb8a9e464dede7cfe0372443884f9b1dcf6b9",
                    "src/test/util/mining.cpp CreateBlockChain(200), for src/test/fuzz/utxo_snapshot.cpp"),
            new AssumeUtxoData(299, "106b2c56233e378a824cf0d5ff2be42ed32c72f1605c9be288d00942908a40ac", 334,
                    "0c552ced4721c249a389eb9b08cb8da261cd46f0e7b5f9d064d48f3113406853",
                    "test/functional/feature_assumeutxo.py on the test framework's cached 199-block chain"));

    /** The height {@link SnapshotChainBuilder} builds: the 200-block chain of {@code CreateBlockChain}. */
    public static final int BUILDABLE_HEIGHT = 200;

    /** @return the entry for {@code height}, if regtest has one */
    public static Optional<AssumeUtxoData> forHeight(int height) {
        return REGTEST.stream().filter(d -> d.height() == height).findFirst();
    }
}
