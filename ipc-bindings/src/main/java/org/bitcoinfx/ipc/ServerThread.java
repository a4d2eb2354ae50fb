package org.bitcoinfx.ipc;

/**
 * The node-side {@code mp.Thread}s a {@link NodeClient} runs its calls on, one per purpose.
 *
 * <p>libmultiprocess runs every call that carries a {@code Context} on the OS thread behind
 * {@code context.thread} (MP {@code include/mp/type-context.h} {@code PassField},
 * {@code ProxyServer<Thread>::post} in {@code proxy-io.h}): the calls of one Thread one at a time,
 * in arrival order, the calls of different Threads concurrently. A long call (a console
 * {@code rescanblockchain}, minutes) therefore blocks every later call on its Thread and no other:
 * the app gives its console, its wallet flows, its periodic polls, its liveness check and its
 * snapshot loads a Thread each, made with {@code ThreadMap.makeThread} on first use (MP {@code proxy.cpp}; the node names
 * the OS thread {@code "bitcoin-node (from <name>)"}).
 */
public enum ServerThread {
    /** Handshake, the Init factories ({@code makeRpc}, {@code makeMining}, …) and short Mining calls. */
    MAIN(IpcNodeClient.MAIN_THREAD),
    /** Commands typed in the RPC console (any of them may take minutes). */
    CONSOLE(IpcNodeClient.MAIN_THREAD + "-console"),
    /** Wallet calls: balances, history, funding, {@code walletpassphrase}, signing, {@code walletlock}. */
    WALLET(IpcNodeClient.MAIN_THREAD + "-wallet"),
    /** The periodic status, peers and blocks polls. */
    POLL(IpcNodeClient.MAIN_THREAD + "-poll"),
    /** The liveness check ({@link NodeLiveness}). */
    LIVENESS(IpcNodeClient.MAIN_THREAD + "-liveness"),
    /** {@code loadtxoutset}: loading a UTXO snapshot (AssumeUTXO) takes minutes on mainnet. */
    SNAPSHOT(IpcNodeClient.MAIN_THREAD + "-snapshot");

    private final String threadName;

    ServerThread(String threadName) {
        this.threadName = threadName;
    }

    /** @return the name sent in {@code ThreadMap.makeThread} (and shown as the thread of {@link IpcEvent}s) */
    public String threadName() {
        return threadName;
    }
}
