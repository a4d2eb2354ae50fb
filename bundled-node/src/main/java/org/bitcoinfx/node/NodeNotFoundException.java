package org.bitcoinfx.node;

import java.util.List;

/**
 * No usable bitcoin-node was found. The message lists every place tried and why each failed, one
 * per line, e.g. {@code BITCOIN_NODE=/x: does not exist}.
 */
public class NodeNotFoundException extends NodeException {
    private final List<String> attempts;

    /** @param attempts one line per place tried: {@code "<where>: <why it failed>"} */
    public NodeNotFoundException(List<String> attempts) {
        super(message(attempts));
        this.attempts = List.copyOf(attempts);
    }

    private static String message(List<String> attempts) {
        StringBuilder sb = new StringBuilder("No usable bitcoin-node (" + NodeVersion.REQUIRED
                + ", built with -DENABLE_IPC=ON) was found. Give one with --node PATH or BITCOIN_NODE=PATH. Places tried:");
        for (String a : attempts) {
            sb.append("\n  - ").append(a);
        }
        return sb.toString();
    }

    /** @return one line per place tried, in the order tried */
    public List<String> attempts() {
        return attempts;
    }
}
