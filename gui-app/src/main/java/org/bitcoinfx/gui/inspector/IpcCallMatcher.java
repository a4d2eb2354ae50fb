package org.bitcoinfx.gui.inspector;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.bitcoinfx.ipc.IpcEvent;

/**
 * Pairs our calls ({@link IpcEvent}s) with the node's own record of them ({@link NodeIpcCall}s from its
 * {@code -debug=ipc} lines) by interface, method, thread and order: calls with the same interface, method and
 * Thread name are taken in order on both sides (a Thread runs its calls one at a time, in the order they arrive:
 * docs/IPC.md §3), and a pair must also agree in time — the node received the call between our send and our
 * Return ({@link #fits}). Pure: the same lists give the same answer.
 */
public final class IpcCallMatcher {
    /** Slack for microsecond node times: our start is computed back from the duration. */
    static final Duration SLACK = Duration.ofMillis(5);

    private IpcCallMatcher() {
    }

    /** How a call or a node line stands. */
    public enum Mark {
        /** both sides seen */
        MATCHED,
        /** our call, in a stretch the node's IPC lines cover, with no node line: marked */
        NO_NODE_LINE,
        /** a node call with no call of ours (another client, or a call our log no longer holds): marked */
        NO_CALL,
        /**
         * our call outside what the node's IPC lines cover (ipc logging off — also while a secret call had it switched
         * off — or not read yet): nothing to say
         */
        NOT_COVERED
    }

    /**
     * The answer.
     *
     * @param nodeOf    our call → its node call (identity map; absent when unmatched)
     * @param markOf    our call → its mark (identity map, every call)
     * @param nodeOnly  node calls with no call of ours ({@link Mark#NO_CALL}), in the node's order
     * @param matchedNode node calls matched to a call of ours, in the node's order
     */
    public record Result(Map<IpcEvent, NodeIpcCall> nodeOf, Map<IpcEvent, Mark> markOf, List<NodeIpcCall> nodeOnly,
                         List<NodeIpcCall> matchedNode) {
        /** @return how many of our calls have {@code mark} */
        public long count(Mark mark) {
            return markOf.values().stream().filter(m -> m == mark).count();
        }
    }

    /**
     * Matches.
     *
     * @param calls     our calls (any order)
     * @param nodeCalls the node's calls (any order); those still in flight are left out of the pairing
     * @param nodeLogUpTo the time of the latest node log line read: a call of ours that ended after it is
     *                    {@link Mark#NOT_COVERED} (its node lines may not have been read yet); null for none
     * @return pairs and marks
     */
    public static Result match(List<IpcEvent> calls, List<NodeIpcCall> nodeCalls, Instant nodeLogUpTo) {
        List<Instant[]> quiet = loggingOffWindows(calls);
        Map<String, List<IpcEvent>> ours = new HashMap<>();
        for (IpcEvent e : calls) {
            if (!expectsNodeLine(e) || overlaps(quiet, e.start(), e.start().plusNanos(e.durationNanos()))) {
                continue; // in a secret call's window the node logs no IPC lines (or only half a call's): not paired
            }
            ours.computeIfAbsent(key(e.interfaceName(), e.method(), e.thread()), k -> new ArrayList<>()).add(e);
        }
        Map<String, List<NodeIpcCall>> theirs = new HashMap<>();
        Instant coverFrom = null;
        for (NodeIpcCall n : nodeCalls) {
            if (coverFrom == null || n.received().isBefore(coverFrom)) {
                coverFrom = n.received();
            }
            if (n.ended() != null && !overlaps(quiet, n.received(), n.ended())) {
                theirs.computeIfAbsent(key(n.interfaceName(), n.method(), n.thread()), k -> new ArrayList<>()).add(n);
            }
        }
        Map<IpcEvent, NodeIpcCall> nodeOf = new IdentityHashMap<>();
        Map<IpcEvent, Mark> markOf = new IdentityHashMap<>();
        Map<NodeIpcCall, Boolean> used = new IdentityHashMap<>();
        for (Map.Entry<String, List<IpcEvent>> en : ours.entrySet()) {
            List<IpcEvent> cs = en.getValue();
            cs.sort(Comparator.comparing(IpcEvent::start));
            List<NodeIpcCall> ns = theirs.getOrDefault(en.getKey(), new ArrayList<>());
            ns.sort(Comparator.comparing(NodeIpcCall::received).thenComparingLong(NodeIpcCall::request));
            int j = 0;
            for (IpcEvent c : cs) {
                Instant end = c.start().plusNanos(c.durationNanos());
                while (j < ns.size() && receivedBefore(ns.get(j), c.start())) {
                    j++; // a node call before this one's send: no call of ours holds it
                }
                if (j < ns.size() && fits(ns.get(j), c)) {
                    nodeOf.put(c, ns.get(j));
                    markOf.put(c, Mark.MATCHED);
                    used.put(ns.get(j), true);
                    j++;
                } else {
                    boolean covered = coverFrom != null && nodeLogUpTo != null
                            && !c.start().isBefore(coverFrom) && !end.isAfter(nodeLogUpTo);
                    markOf.put(c, covered ? Mark.NO_NODE_LINE : Mark.NOT_COVERED);
                }
            }
        }
        for (IpcEvent e : calls) {
            markOf.putIfAbsent(e, Mark.NOT_COVERED);
        }
        List<NodeIpcCall> nodeOnly = new ArrayList<>();
        List<NodeIpcCall> matched = new ArrayList<>();
        for (NodeIpcCall n : nodeCalls) {
            if (used.containsKey(n)) {
                matched.add(n);
            } else if (n.ended() != null && !overlaps(quiet, n.received(), n.ended())) {
                nodeOnly.add(n);
            }
        }
        return new Result(nodeOf, markOf, nodeOnly, matched);
    }

    /**
     * The stretches in which the node's {@code ipc} logging was off for a secret call: {@code RpcClient.callSecret} turns it
     * off with a {@code logging} call, makes the secret call ({@code walletpassphrase}, {@code createwallet} with a
     * passphrase…: {@link org.bitcoinfx.gui.wallet.SensitiveRpc}), and turns it on again with another {@code logging}
     * call, on the same Thread. Each window runs from the start of the {@code logging} call before a secret call to the
     * end of the one after it. The node's lines do not name the JSON-RPC method, so without these windows the calls
     * around a secret call would be paired with the wrong node lines.
     *
     * @return [from, to] pairs
     */
    static List<Instant[]> loggingOffWindows(List<IpcEvent> calls) {
        List<IpcEvent> rpc = calls.stream().filter(e -> "Rpc".equals(e.interfaceName()) && "executeRpc".equals(e.method()))
                .sorted(Comparator.comparing(IpcEvent::start)).toList();
        List<Instant[]> windows = new ArrayList<>();
        for (int i = 0; i < rpc.size(); i++) {
            IpcEvent secret = rpc.get(i);
            if (!secret(secret.rpcMethod())) {
                continue;
            }
            IpcEvent before = null;
            for (int j = i - 1; j >= 0 && before == null; j--) {
                IpcEvent e = rpc.get(j);
                if (e.thread().equals(secret.thread()) && e.rpcMethod().equals("logging")) {
                    before = e;
                }
            }
            IpcEvent after = null;
            for (int j = i + 1; j < rpc.size() && after == null; j++) {
                IpcEvent e = rpc.get(j);
                if (e.thread().equals(secret.thread()) && e.rpcMethod().equals("logging")) {
                    after = e;
                }
            }
            if (before != null && after != null) {
                windows.add(new Instant[] {before.start(), after.start().plusNanos(after.durationNanos()).plus(SLACK)});
            }
        }
        return windows;
    }

    private static boolean secret(String rpcMethod) {
        String m = rpcMethod.toLowerCase(java.util.Locale.ROOT);
        return org.bitcoinfx.gui.wallet.SensitiveRpc.METHODS.contains(m) || org.bitcoinfx.gui.wallet.SensitiveRpc.DESCRIPTOR_METHODS.contains(m);
    }

    private static boolean overlaps(List<Instant[]> windows, Instant from, Instant to) {
        for (Instant[] w : windows) {
            if (!to.isBefore(w[0]) && !from.isAfter(w[1])) {
                return true;
            }
        }
        return false;
    }

    /**
     * Our calls the node logs: not the bootstrap (no method call), nor {@code ThreadMap}/{@code Thread} calls, which
     * libmultiprocess serves by hand, outside {@code serverInvoke} (a real node logs no line for {@code makeThread}).
     */
    static boolean expectsNodeLine(IpcEvent e) {
        return !("Init".equals(e.interfaceName()) && "bootstrap".equals(e.method()))
                && !"ThreadMap".equals(e.interfaceName()) && !"Thread".equals(e.interfaceName());
    }

    /** True if {@code n} was received before {@code t} by more than its time's precision allows. */
    private static boolean receivedBefore(NodeIpcCall n, Instant t) {
        return latestReceive(n).isBefore(t);
    }

    /** Whole-second times are truncated: the node received the call in [t, t + 1 s). */
    private static Instant latestReceive(NodeIpcCall n) {
        return n.micros() ? n.received().plus(SLACK) : n.received().plusSeconds(1);
    }

    /** The node received {@code n} between our send and our Return (within its time's precision). */
    static boolean fits(NodeIpcCall n, IpcEvent c) {
        Instant end = c.start().plusNanos(c.durationNanos());
        return !latestReceive(n).isBefore(c.start()) && !n.received().isAfter(end.plus(SLACK));
    }

    private static String key(String iface, String method, String thread) {
        return iface + "." + method + "@" + thread;
    }
}
