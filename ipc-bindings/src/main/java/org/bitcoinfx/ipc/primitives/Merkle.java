package org.bitcoinfx.ipc.primitives;

import java.util.ArrayList;
import java.util.List;

/**
 * Bitcoin's transaction merkle tree over 32-byte hashes in internal order: the root
 * ({@code ComputeMerkleRoot} in Bitcoin Core {@code src/consensus/merkle.cpp}) and the branch of
 * the first leaf, the coinbase ({@code TransactionMerklePath}).
 */
public final class Merkle {
    private Merkle() {
    }

    /**
     * The merkle root of {@code hashes} (txids or wtxids, internal order), duplicating the last
     * hash of an odd level as {@code ComputeMerkleRoot} does. An empty list gives 32 zero bytes.
     */
    public static byte[] merkleRoot(List<byte[]> hashes) {
        if (hashes.isEmpty()) {
            return new byte[32];
        }
        List<byte[]> level = new ArrayList<>(hashes);
        while (level.size() > 1) {
            if (level.size() % 2 == 1) {
                level.add(level.get(level.size() - 1));
            }
            List<byte[]> next = new ArrayList<>();
            for (int i = 0; i < level.size(); i += 2) {
                next.add(Hashes.sha256d(level.get(i), level.get(i + 1)));
            }
            level = next;
        }
        return level.get(0).clone();
    }

    /**
     * The merkle branch of the first leaf, deepest first ({@code TransactionMerklePath} for the
     * coinbase; what {@code BlockTemplate.getCoinbaseMerklePath} returns). The first leaf's own
     * value does not matter.
     */
    public static List<byte[]> coinbaseMerklePath(List<byte[]> hashes) {
        List<byte[]> path = new ArrayList<>();
        List<byte[]> level = new ArrayList<>(hashes);
        while (level.size() > 1) {
            if (level.size() % 2 == 1) {
                level.add(level.get(level.size() - 1));
            }
            path.add(level.get(1).clone());
            List<byte[]> next = new ArrayList<>();
            for (int i = 0; i < level.size(); i += 2) {
                next.add(Hashes.sha256d(level.get(i), level.get(i + 1)));
            }
            level = next;
        }
        return path;
    }

    /** Folds the coinbase txid up its merkle path (deepest first) into the merkle root. */
    public static byte[] merkleRootFromPath(byte[] coinbaseTxid, List<byte[]> path) {
        byte[] cur = coinbaseTxid.clone();
        for (byte[] sibling : path) {
            cur = Hashes.sha256d(cur, sibling);
        }
        return cur;
    }

}
