package org.bitcoinfx.gui.wallet;

import org.bitcoinfx.ipc.DisconnectedException;

/**
 * A send whose connection to the node was lost before the node answered (the node was killed, crashed
 * or stopped): {@link WalletService#send} fails with it, telling whether the transaction may be out.
 * <ul>
 *   <li>{@link #maybeBroadcast()} false: the connection was lost while funding, unlocking or signing,
 *       before {@code sendrawtransaction} was asked: nothing was sent (a signed transaction that was
 *       never broadcast is not in the wallet either);</li>
 *   <li>true: {@code sendrawtransaction} was asked and its answer did not come: the node may have
 *       accepted it (then the wallet has it and resubmits it when it is loaded again) or not.</li>
 * </ul>
 * The message is meant for the user as it is.
 */
public final class SendInterruptedException extends RuntimeException {
    private final boolean maybeBroadcast;

    /**
     * @param maybeBroadcast whether {@code sendrawtransaction} had been asked when the connection was lost
     * @param cause          the lost connection
     */
    public SendInterruptedException(boolean maybeBroadcast, DisconnectedException cause) {
        super(maybeBroadcast
                ? "The connection to the node was lost while the transaction was being broadcast: it may have been sent. "
                        + "Check the wallet's Activity once the node runs again before sending again."
                : "The connection to the node was lost before the transaction was broadcast: nothing was sent.",
                cause);
        this.maybeBroadcast = maybeBroadcast;
    }

    /** @return true when {@code sendrawtransaction} had been asked, so the transaction may be out */
    public boolean maybeBroadcast() {
        return maybeBroadcast;
    }
}
