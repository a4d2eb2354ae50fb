package org.bitcoinfx.ipc.rpc;

import org.capnproto.BuilderArena;
import org.capnproto.MessageBuilder;

/**
 * Builders of the runtime's outgoing {@code rpc.capnp} messages. Sizes of first segments are
 * chosen so that a typical message fits in one; larger ones grow into further segments.
 */
final class Messages {
    /** First-segment size, in words, of control messages (Bootstrap, Finish, Release, Abort, Disembargo). */
    static final int CONTROL_MESSAGE_WORDS = 16;
    /**
     * First-segment size, in words, of Calls and Returns: room for every bitcoin-node call's params
     * or results but the large Data and Text ones, which go into a further segment. capnproto-java's
     * default (1024 words) cost 16 KiB of zeroed heap per call round trip.
     */
    static final int CALL_MESSAGE_WORDS = 128;

    private Messages() {
    }

    /** A message builder whose first segment holds {@code words} words; later segments grow as needed. */
    static MessageBuilder newMessage(int words) {
        return new MessageBuilder(words, BuilderArena.AllocationStrategy.GROW_HEURISTICALLY);
    }
}
