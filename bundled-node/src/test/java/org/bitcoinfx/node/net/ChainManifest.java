package org.bitcoinfx.node.net;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What a {@link ChainCache} directory holds, as {@value #FILE_NAME} beside its {@code regtest/} directory.
 *
 * @param spec          the parameters it was built from
 * @param tipHash       the tip's hash, hex as RPC prints it
 * @param height        the tip's height
 * @param tipTime       the tip's block time, seconds since the epoch
 * @param wallets       the wallets in {@code regtest/wallets/}
 * @param transactions  transactions mined after the coinbases, plus those in the mempool (replaced ones not counted)
 * @param replacements  RBF replacements made while building, in order
 * @param mempool       txids in the mempool saved at the end ({@code mempool.dat}), sorted
 * @param nodeVersion   the {@code -version} line of the node that built it
 * @param buildId       a random id given at the build: the same id means the same build (a copy, not a rebuild)
 * @param buildMillis   how long the build took, ms
 * @param snapshot      the UTXO snapshot made while building a snapshot chain ({@link ChainSpec#snapshotHeight()}), else null
 */
public record ChainManifest(ChainSpec spec, String tipHash, int height, long tipTime, List<String> wallets, int transactions,
                            List<Replacement> replacements, List<String> mempool, String nodeVersion, String buildId, long buildMillis,
                            Snapshot snapshot) {
    /** The manifest's file name in a cached chain's directory. */
    public static final String FILE_NAME = "chain.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One RBF replacement: {@code replaced} (never mined) gave way to {@code replacement}, both sent by {@code wallet}. */
    public record Replacement(String wallet, String replaced, String replacement) {
    }

    /**
     * What {@code dumptxoutset} wrote at a snapshot chain's snapshot height, checked against {@link AssumeUtxoData}
     * when built ({@code src/rpc/blockchain.cpp dumptxoutset}).
     *
     * @param file         the snapshot file's name in the cached chain's directory
     * @param baseHeight   {@code base_height}
     * @param baseHash     {@code base_hash}, hex as RPC prints it
     * @param txoutsetHash {@code txoutset_hash}: the chain parameters' {@code hash_serialized}
     * @param coins        {@code coins_written}
     * @param chainTxCount {@code nchaintx}
     */
    public record Snapshot(String file, int baseHeight, String baseHash, String txoutsetHash, long coins, long chainTxCount) {
    }

    /** @throws IOException if it cannot be written */
    void write(Path dir) throws IOException {
        JSON.writeValue(dir.resolve(FILE_NAME).toFile(), this);
    }

    /** @throws IOException if it is missing or unreadable */
    static ChainManifest read(Path dir) throws IOException {
        return JSON.readValue(dir.resolve(FILE_NAME).toFile(), ChainManifest.class);
    }
}
