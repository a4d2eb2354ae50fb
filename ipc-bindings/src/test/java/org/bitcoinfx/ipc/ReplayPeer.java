package org.bitcoinfx.ipc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import org.bitcoinfx.ipc.rpc.transport.Frames;
import org.bitcoinfx.ipc.rpc.RpcConnection;
import org.bitcoinfx.ipc.rpc.schema.CapnpRpc;
import org.bitcoinfx.ipc.schema.ProxyCapnp;
import org.bitcoinfx.ipc.schema.RpcCapnp;
import org.capnproto.MessageBuilder;
import org.capnproto.StructList;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketPair;

/**
 * Plays the server side of a recording. Each message the client sends is checked against the
 * recording's next client messages; when every client Call/Bootstrap before a run of recorded
 * server messages has been matched, that run is written back, with answer IDs rewritten to the
 * question IDs our client picked.
 *
 * <p>Matching: Calls and Bootstraps strictly in recorded order (type, target, interfaceId,
 * methodId, sendResultsTo, cap table, params content in canonical form); Finish and Release may
 * come in any order relative to Calls (matched by mapped question ID / by ID and count).
 * Capabilities (targets and cap-table entries) are compared by what they name, not how: a
 * {@code promisedAnswer}/{@code receiverAnswer} names the capability the recorded Return of that
 * question holds at that path, so it equals an {@code importedCap}/{@code receiverHosted} of that
 * ID (the form difference is logged). Known, documented deviations of our client are tolerated
 * and logged in {@link #deviations()}: an extra {@code ThreadMap.makeThread} (answered with a
 * synthetic Thread), any server Thread standing for another in {@code context.thread}, the
 * makeThread name, executeRpc request text that differs only in JSON-RPC envelope (id/jsonrpc),
 * extra Finish for answered questions, extra Release with exact counts, no capability of our own
 * where the recorded client exported one in {@code construct.threadMap} or
 * {@code context.callbackThread} (the server's Releases of those exports are then not sent), and
 * a Return sent as soon as its call matched when the recorded client had pipelined further calls
 * before it arrived. Records listed as {@code floating} may be matched out of order (e.g.
 * Echo.destroy, which our client only sends on close()).
 */
final class ReplayPeer implements AutoCloseable {
    static final int SYNTHETIC_BASE = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Captures.Rec> recs;
    private final Set<Integer> floating;
    private final java.net.Socket serverSide;
    private final java.net.Socket clientSide;
    private final InputStream in;
    private final OutputStream out;
    private final Thread thread;
    private final boolean[] matched;
    private final boolean[] emitted;
    private final int[] ourQ;
    private final int[] group;
    private final Map<Integer, Integer> importCounts = new HashMap<>();
    private final Set<Integer> threads = new HashSet<>();   // server export IDs that are Threads
    private final Set<Integer> droppedExports = new HashSet<>(); // recorded client exports ours did not make
    private final Set<Integer> awaitingFinish = new HashSet<>();
    private final List<String> deviations = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private int nextSynthetic = SYNTHETIC_BASE;
    private volatile String failure;

    ReplayPeer(List<Captures.Rec> recs, Set<Integer> floating) throws IOException {
        this.recs = recs;
        this.floating = floating;
        this.matched = new boolean[recs.size()];
        this.emitted = new boolean[recs.size()];
        this.ourQ = new int[recs.size()];
        java.util.Arrays.fill(ourQ, -1);
        this.group = new int[recs.size()];
        int last = -1;
        for (Captures.Rec r : recs) {
            if (r.client()) {
                CapnpRpc.Message.Which w = r.root().which();
                if (w == CapnpRpc.Message.Which.CALL || w == CapnpRpc.Message.Which.BOOTSTRAP) {
                    last = r.index();
                }
            } else {
                group[r.index()] = last;
            }
        }
        for (Captures.Rec r : recs) { // the Threads the server hands out, by export ID
            CapnpRpc.Message.Reader m = r.root();
            if (!r.client() && m.isReturn() && m.getReturn().isResults()) {
                int call = recCallFor(r.index(), m.getReturn().getAnswerId());
                CapnpRpc.Message.Reader c = call < 0 ? null : recs.get(call).root();
                if (c != null && c.isCall() && c.getCall().getInterfaceId() == ProxyCapnp.ThreadMap.TYPE_ID && c.getCall().getMethodId() == 0) {
                    int x = recAnswerExport(call, new short[] {0});
                    if (x >= 0) {
                        threads.add(x);
                    }
                }
            }
        }
        AFUNIXSocketPair<AFUNIXSocketChannel> pair = AFUNIXSocketPair.open();
        serverSide = pair.getSocket1().socket();
        clientSide = pair.getSocket2().socket();
        in = serverSide.getInputStream();
        out = serverSide.getOutputStream();
        thread = new Thread(this::run, "replay-peer");
        thread.setDaemon(true);
        thread.start();
    }

    /** The client's end, as an RpcConnection with no bootstrap of its own. */
    RpcConnection clientConnection() throws IOException {
        return new RpcConnection(clientSide.getInputStream(), clientSide.getOutputStream(), clientSide, null);
    }

    List<String> deviations() {
        return new ArrayList<>(deviations);
    }

    /** Null if the replay so far matched; else what went wrong. */
    String failure() {
        return failure;
    }

    /** Completes when the client closed its end (the peer then checks every record was used). */
    CompletableFuture<Void> done() {
        return done;
    }

    /** Recorded client messages not (yet) matched. */
    synchronized List<String> unmatched() {
        List<String> u = new ArrayList<>();
        for (Captures.Rec r : recs) {
            if (r.client() && !matched[r.index()]) {
                u.add(r.toString());
            }
            if (!r.client() && !emitted[r.index()]) {
                u.add("(not sent) " + r);
            }
        }
        return u;
    }

    private void run() {
        try {
            emitReady();
            while (failure == null) {
                byte[] frame = Captures.readFrame(in);
                if (frame == null) {
                    break;
                }
                handle(frame);
                emitReady();
            }
        } catch (IOException | RuntimeException e) {
            if (failure == null && !(e instanceof java.net.SocketException)) {
                fail("peer error: " + e);
            }
        } finally {
            try {
                serverSide.close();
            } catch (IOException ignored) {
                // closing
            }
            done.complete(null);
        }
    }

    private void fail(String why) {
        if (failure == null) {
            failure = why;
        }
        try {
            serverSide.close(); // the client's pending calls fail at once instead of timing out
        } catch (IOException ignored) {
            // closing
        }
    }

    private synchronized void handle(byte[] frame) throws IOException {
        CapnpRpc.Message.Reader m = Captures.parse(frame).getRoot(CapnpRpc.Message.factory);
        Captures.Raw raw = new Captures.Raw(frame);
        switch (m.which()) {
            case BOOTSTRAP, CALL -> handleCall(m, raw);
            case FINISH -> handleFinish(m.getFinish());
            case RELEASE -> handleRelease(m.getRelease());
            default -> fail("unexpected client message " + Captures.describe(m));
        }
    }

    private static boolean isCallish(Captures.Rec r) {
        CapnpRpc.Message.Which w = r.root().which();
        return r.client() && (w == CapnpRpc.Message.Which.CALL || w == CapnpRpc.Message.Which.BOOTSTRAP);
    }

    private void handleCall(CapnpRpc.Message.Reader m, Captures.Raw raw) throws IOException {
        int qid = m.isCall() ? m.getCall().getQuestionId() : m.getBootstrap().getQuestionId();
        Captures.Rec expected = null;
        for (Captures.Rec r : recs) {
            if (isCallish(r) && !matched[r.index()] && !floating.contains(r.index())) {
                expected = r;
                break;
            }
        }
        Verdict v = expected == null ? new Verdict("the recording has no more calls") : compare(expected, m, raw);
        if (v.diff == null) {
            accept(expected, qid, v);
            return;
        }
        String diff = v.diff;
        for (int f : floating) {
            Captures.Rec r = recs.get(f);
            Verdict fv;
            if (!matched[f] && isCallish(r) && (fv = compare(r, m, raw)).diff == null) {
                deviations.add("recorded " + r + " matched out of order (floating)");
                accept(r, qid, fv);
                return;
            }
        }
        if (m.isCall() && m.getCall().getInterfaceId() == ProxyCapnp.ThreadMap.TYPE_ID && m.getCall().getMethodId() == 0) {
            int id = nextSynthetic++;
            String name = m.getCall().getParams().getContent().getAs(ProxyCapnp.ThreadMap.MakeThreadParams.factory).getName().toString();
            deviations.add("extra ThreadMap.makeThread(\"" + name + "\") not in the recording (before " + expected
                    + "); answered with synthetic Thread " + id);
            MessageBuilder b = new MessageBuilder();
            CapnpRpc.Return.Builder ret = b.initRoot(CapnpRpc.Message.factory).initReturn();
            ret.setAnswerId(qid);
            ret.setReleaseParamCaps(false);
            CapnpRpc.Payload.Builder p = ret.initResults();
            p.initContent().initAs(ProxyCapnp.ThreadMap.MakeThreadResults.factory).setResultCapIndex(0);
            p.initCapTable(1).get(0).setSenderHosted(id);
            threads.add(id);
            importCounts.merge(id, 1, Integer::sum);
            awaitingFinish.add(qid);
            write(Frames.encode(b));
            return;
        }
        fail("client sent " + Captures.describe(m) + " but the recording expects " + expected + ": " + diff);
    }

    private void accept(Captures.Rec r, int qid, Verdict v) {
        matched[r.index()] = true;
        ourQ[r.index()] = qid;
        deviations.addAll(v.notes);
        droppedExports.addAll(v.dropped);
    }

    /** The outcome of comparing our message with a recorded one: a difference, or notes to log on a match. */
    private static final class Verdict {
        final String diff;
        final List<String> notes = new ArrayList<>();
        final Set<Integer> dropped = new HashSet<>();

        Verdict(String diff) {
            this.diff = diff;
        }
    }

    /** What a capability reference names ({@code id}, compared) and how it was written ({@code form}, logged). */
    private record CapId(String id, String form) {
        String kind() {
            int p = form.indexOf('(');
            int e = form.indexOf('=');
            int cut = p < 0 ? e : e < 0 ? p : Math.min(p, e);
            return cut < 0 ? form : form.substring(0, cut);
        }
    }

    /** The recorded Return answering recorded call {@code call}, or -1. */
    private int recReturnFor(int call) {
        CapnpRpc.Message.Reader c = recs.get(call).root();
        int q = c.isCall() ? c.getCall().getQuestionId() : c.getBootstrap().getQuestionId();
        for (int i = call + 1; i < recs.size(); i++) {
            Captures.Rec r = recs.get(i);
            if (!r.client() && r.root().isReturn() && r.root().getReturn().getAnswerId() == q && recCallFor(i, q) == call) {
                return i;
            }
        }
        return -1;
    }

    /** The server export ID that the recorded Return of call {@code call} holds at pointer path {@code ops}, or -1. */
    private int recAnswerExport(int call, short[] ops) {
        int ret = recReturnFor(call);
        if (ret < 0 || !recs.get(ret).root().getReturn().isResults()) {
            return -1;
        }
        Captures.Rec r = recs.get(ret);
        Captures.Raw raw = r.raw();
        int[] s = raw.struct(0, 0); // Message.return -> Return.results (Payload)
        int slot = 0;               // Payload.content
        for (short op : ops) {
            if (s == null || slot >= s[3]) {
                return -1;
            }
            Captures.Raw.Ptr p = raw.resolve(s[0], s[1] + s[2] + slot);
            if (p == null || p.kind() != 0) {
                return -1;
            }
            s = new int[] {p.seg(), p.target(), (int) ((p.word() >>> 32) & 0xFFFF), (int) (p.word() >>> 48)};
            slot = op;
        }
        int idx = capAt(raw, s, slot);
        StructList.Reader<CapnpRpc.CapDescriptor.Reader> table = r.root().getReturn().getResults().getCapTable();
        if (idx < 0 || idx >= table.size()) {
            return -1;
        }
        CapnpRpc.CapDescriptor.Reader d = table.get(idx);
        return d.isSenderHosted() ? d.getSenderHosted() : d.isSenderPromise() ? d.getSenderPromise() : -1;
    }

    /** The cap-table index of the capability pointer at pointer slot {@code slot} of struct {@code s}, or -1. */
    private static int capAt(Captures.Raw raw, int[] s, int slot) {
        if (s == null || slot >= s[3]) {
            return -1;
        }
        Captures.Raw.Ptr p = raw.resolve(s[0], s[1] + s[2] + slot);
        return p != null && p.kind() == 3 ? (int) (p.word() >>> 32) : -1;
    }

    /** The recorded Call/Bootstrap our question {@code q} was matched to (the latest), or -1. */
    private int recIndexOfOurQ(int q) {
        for (int i = recs.size() - 1; i >= 0; i--) {
            if (matched[i] && ourQ[i] == q && isCallish(recs.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private String importId(int x) {
        return threads.contains(x) ? "thread" : "import " + x;
    }

    /** What {@code promisedAnswer(q, ops)} names: the capability the recorded Return holds there. */
    private String answerId(int at, CapnpRpc.PromisedAnswer.Reader pa, boolean recorded) {
        int call = recorded ? recCallFor(at, pa.getQuestionId()) : recIndexOfOurQ(pa.getQuestionId());
        short[] ops = opsOf(pa);
        int x = call < 0 ? -1 : recAnswerExport(call, ops);
        return x >= 0 ? importId(x) : "answer of #" + call + ops(pa);
    }

    private static short[] opsOf(CapnpRpc.PromisedAnswer.Reader pa) {
        StructList.Reader<CapnpRpc.PromisedAnswer.Op.Reader> t = pa.getTransform();
        short[] ops = new short[t.size()];
        for (int i = 0; i < ops.length; i++) {
            ops[i] = t.get(i).isGetPointerField() ? t.get(i).getGetPointerField() : -1;
        }
        return ops;
    }

    private CapId targetId(int at, CapnpRpc.MessageTarget.Reader t, boolean recorded) {
        if (t.isImportedCap()) {
            return new CapId(importId(t.getImportedCap()), "importedCap=" + t.getImportedCap());
        }
        CapnpRpc.PromisedAnswer.Reader pa = t.getPromisedAnswer();
        return new CapId(answerId(at, pa, recorded), "promisedAnswer(q=" + pa.getQuestionId() + ", " + ops(pa) + ")");
    }

    private CapId capId(int at, CapnpRpc.CapDescriptor.Reader d, boolean recorded) {
        return switch (d.which()) {
            case NONE -> new CapId("none", "none");
            case SENDER_HOSTED -> new CapId("export", "senderHosted(" + d.getSenderHosted() + ")");
            case SENDER_PROMISE -> new CapId("export", "senderPromise(" + d.getSenderPromise() + ")");
            case RECEIVER_HOSTED -> new CapId(importId(d.getReceiverHosted()), "receiverHosted(" + d.getReceiverHosted() + ")");
            case RECEIVER_ANSWER -> {
                CapnpRpc.PromisedAnswer.Reader pa = d.getReceiverAnswer();
                yield new CapId(answerId(at, pa, recorded), "receiverAnswer(q=" + pa.getQuestionId() + ", " + ops(pa) + ")");
            }
            default -> new CapId(d.which().toString(), d.which().toString());
        };
    }

    private List<CapId> capIds(int at, CapnpRpc.Payload.Reader p, boolean recorded) {
        List<CapId> l = new ArrayList<>();
        for (int i = 0; i < p.getCapTable().size(); i++) {
            l.add(capId(at, p.getCapTable().get(i), recorded));
        }
        return l;
    }

    /**
     * Where a recorded client export sits in a call's params, if it is one a plain client leaves
     * null: {@code construct.threadMap} or {@code context.callbackThread}; else null.
     */
    private static String exportField(Captures.Raw raw, int capIndex, CapnpRpc.Call.Reader c) {
        if (c.getInterfaceId() == org.bitcoinfx.ipc.schema.InitCapnp.Init.TYPE_ID && c.getMethodId() == 0
                && capAt(raw, raw.struct(0, 1, 0), 0) == capIndex) {
            return "construct.threadMap";
        }
        if (capAt(raw, raw.struct(0, 1, 0, 0), 1) == capIndex) {
            return "context.callbackThread";
        }
        return null;
    }

    /** The recorded Call/Bootstrap before record {@code at} that used question {@code recQ}. */
    private int recCallFor(int at, int recQ) {
        for (int i = at - 1; i >= 0; i--) {
            Captures.Rec r = recs.get(i);
            if (isCallish(r)) {
                CapnpRpc.Message.Reader m = r.root();
                int q = m.isCall() ? m.getCall().getQuestionId() : m.getBootstrap().getQuestionId();
                if (q == recQ) {
                    return i;
                }
            }
        }
        return -1;
    }

    private int mappedQ(int at, int recQ) {
        int i = recCallFor(at, recQ);
        return i < 0 ? -1 : ourQ[i];
    }

    private static String ops(CapnpRpc.PromisedAnswer.Reader pa) {
        StringBuilder sb = new StringBuilder("[");
        StructList.Reader<CapnpRpc.PromisedAnswer.Op.Reader> t = pa.getTransform();
        for (int i = 0; i < t.size(); i++) {
            sb.append(t.get(i).isGetPointerField() ? "p" + t.get(i).getGetPointerField() : "noop").append(',');
        }
        return sb.append(']').toString();
    }

    /** Compares our message with recorded client message {@code r}. */
    private Verdict compare(Captures.Rec r, CapnpRpc.Message.Reader m, Captures.Raw raw) {
        CapnpRpc.Message.Reader e = r.root();
        if (e.which() != m.which()) {
            return new Verdict("message type " + m.which() + " != " + e.which());
        }
        Verdict v = new Verdict(null);
        if (m.isBootstrap()) {
            return v;
        }
        CapnpRpc.Call.Reader ec = e.getCall();
        CapnpRpc.Call.Reader mc = m.getCall();
        String what = Captures.ifaceName(mc.getInterfaceId()) + "@" + mc.getMethodId();
        if (ec.getInterfaceId() != mc.getInterfaceId() || ec.getMethodId() != mc.getMethodId()) {
            return new Verdict("method " + what + " != " + Captures.ifaceName(ec.getInterfaceId()) + "@" + ec.getMethodId());
        }
        CapId et = targetId(r.index(), ec.getTarget(), true);
        CapId mt = targetId(-1, mc.getTarget(), false);
        if (!et.id().equals(mt.id())) {
            return new Verdict("target " + mt.form() + " [" + mt.id() + "] != " + et.form() + " [" + et.id() + "]");
        }
        if (!et.kind().equals(mt.kind())) {
            v.notes.add(what + " target " + mt.form() + " where the recorded client sent " + et.form()
                    + ": the same capability (" + et.id() + ")");
        }
        if (ec.getSendResultsTo().which() != mc.getSendResultsTo().which()) {
            return new Verdict("sendResultsTo " + mc.getSendResultsTo().which() + " != " + ec.getSendResultsTo().which());
        }
        List<CapId> ecaps = capIds(r.index(), ec.getParams(), true);
        List<CapId> mcaps = capIds(-1, mc.getParams(), false);
        Captures.Raw eraw = r.raw();
        // Recorded client exports a plain client does not make (its own ThreadMap, callbackThread).
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < ecaps.size(); i++) {
            kept.add(i);
        }
        if (!ids(ecaps, kept).equals(ids(mcaps, null))) {
            for (int i = 0; i < ecaps.size(); i++) {
                String field = ecaps.get(i).id().equals("export") ? exportField(eraw, i, ec) : null;
                if (field != null) {
                    kept.remove(Integer.valueOf(i));
                    int id = ec.getParams().getCapTable().get(i).getSenderHosted();
                    v.dropped.add(id);
                    v.notes.add(what + ": no " + field + " of our own where the recorded client exported one ("
                            + ecaps.get(i).form() + "); a plain client passes null (docs/IPC.md §3)");
                }
            }
            if (!ids(ecaps, kept).equals(ids(mcaps, null))) {
                return new Verdict("capTable " + forms(mcaps) + " != " + forms(ecaps));
            }
        }
        for (int j = 0; j < kept.size(); j++) {
            CapId a = ecaps.get(kept.get(j));
            CapId b = mcaps.get(j);
            if (!a.kind().equals(b.kind())) {
                v.notes.add(what + " cap " + j + " " + b.form() + " where the recorded client sent " + a.form()
                        + ": the same capability (" + a.id() + ")");
            }
        }
        IntFunction<String> ecap = i -> i >= ecaps.size() ? "bad" + i : kept.contains(i) ? ecaps.get(i).id() : null;
        IntFunction<String> mcap = i -> i < mcaps.size() ? mcaps.get(i).id() : "bad" + i;
        long iface = mc.getInterfaceId();
        short method = mc.getMethodId();
        if (iface == ProxyCapnp.ThreadMap.TYPE_ID && method == 0) {
            String en = ec.getParams().getContent().getAs(ProxyCapnp.ThreadMap.MakeThreadParams.factory).getName().toString();
            String mn = mc.getParams().getContent().getAs(ProxyCapnp.ThreadMap.MakeThreadParams.factory).getName().toString();
            if (!en.equals(mn)) {
                if (!mn.startsWith(IpcNodeClient.MAIN_THREAD)) {
                    return new Verdict("makeThread name \"" + mn + "\"");
                }
                v.notes.add("makeThread name \"" + mn + "\" where the recorded client used \"" + en + "\" (" + r + ")");
            }
            return v;
        }
        if (iface == RpcCapnp.Rpc.TYPE_ID && method == 0) {
            String ectx = eraw.canon(eraw.struct(0, 1, 0), 0, ecap);
            String mctx = raw.canon(raw.struct(0, 1, 0), 0, mcap);
            if (!ectx.equals(mctx)) {
                return new Verdict("executeRpc context " + mctx + " != recorded " + ectx);
            }
            String diff = compareExecuteRpc(v,
                    ec.getParams().getContent().getAs(RpcCapnp.Rpc.ExecuteRpcParams.factory),
                    mc.getParams().getContent().getAs(RpcCapnp.Rpc.ExecuteRpcParams.factory));
            return diff == null ? v : new Verdict(diff);
        }
        String ecanon = eraw.canon(eraw.struct(0, 1), 0, ecap);
        String mcanon = raw.canon(raw.struct(0, 1), 0, mcap);
        if (!ecanon.equals(mcanon)) {
            return new Verdict("params " + mcanon + " != recorded " + ecanon);
        }
        return v;
    }

    private static List<String> ids(List<CapId> caps, List<Integer> only) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < caps.size(); i++) {
            if (only == null || only.contains(i)) {
                l.add(caps.get(i).id());
            }
        }
        return l;
    }

    private static List<String> forms(List<CapId> caps) {
        return caps.stream().map(CapId::form).toList();
    }

    private String compareExecuteRpc(Verdict v, RpcCapnp.Rpc.ExecuteRpcParams.Reader e, RpcCapnp.Rpc.ExecuteRpcParams.Reader m) {
        if (!e.getUri().toString().equals(m.getUri().toString())) {
            return "executeRpc uri \"" + m.getUri() + "\" != \"" + e.getUri() + "\"";
        }
        if (!e.getUser().toString().equals(m.getUser().toString())) {
            return "executeRpc user \"" + m.getUser() + "\" != \"" + e.getUser() + "\"";
        }
        String er = e.getRequest().toString();
        String mr = m.getRequest().toString();
        if (er.equals(mr)) {
            return null;
        }
        try {
            JsonNode ej = JSON.readTree(er);
            JsonNode mj = JSON.readTree(mr);
            if (ej != null && mj != null && ej.isObject() && mj.isObject()
                    && ej.path("method").equals(mj.path("method"))
                    && params(ej).equals(params(mj))) {
                v.notes.add("executeRpc request text " + mr + " where the recorded client sent " + er + " (same method and params)");
                return null;
            }
        } catch (IOException ignored) {
            // not JSON: compared as text
        }
        return "executeRpc request " + mr + " != " + er;
    }

    private static JsonNode params(JsonNode req) {
        JsonNode p = req.get("params");
        return p == null || p.isNull() ? JSON.createArrayNode() : p;
    }

    private void handleFinish(CapnpRpc.Finish.Reader f) {
        int q = f.getQuestionId();
        if (f.getReleaseResultCaps()) {
            fail("Finish(q=" + q + ") with releaseResultCaps=true");
            return;
        }
        if (!awaitingFinish.remove(q)) {
            fail("Finish(q=" + q + ") for a question that has no Return yet (or was finished)");
            return;
        }
        for (Captures.Rec r : recs) {
            if (r.client() && !matched[r.index()] && r.root().isFinish()) {
                CapnpRpc.Finish.Reader ef = r.root().getFinish();
                int call = recCallFor(r.index(), ef.getQuestionId());
                if (call >= 0 && matched[call] && ourQ[call] == q && emitted(call)) {
                    if (ef.getReleaseResultCaps()) {
                        fail("recorded " + r + " has releaseResultCaps=true");
                    }
                    matched[r.index()] = true;
                    return;
                }
            }
        }
        deviations.add("extra Finish(q=" + q + ") not in the recording (the recorded client kept that answer)");
    }

    /** True if the Return for recorded call {@code call} has been sent. */
    private boolean emitted(int call) {
        for (Captures.Rec r : recs) {
            if (!r.client() && emitted[r.index()] && r.root().isReturn()
                    && recCallFor(r.index(), r.root().getReturn().getAnswerId()) == call) {
                return true;
            }
        }
        return false;
    }

    private void handleRelease(CapnpRpc.Release.Reader rel) {
        int id = rel.getId();
        int count = rel.getReferenceCount();
        Integer have = importCounts.get(id);
        if (have == null || have != count) {
            fail("Release(id=" + id + ", count=" + count + ") but the client holds " + (have == null ? "no such import" : have + " references"));
            return;
        }
        importCounts.remove(id);
        for (Captures.Rec r : recs) {
            if (r.client() && !matched[r.index()] && r.root().isRelease()
                    && r.root().getRelease().getId() == id && r.root().getRelease().getReferenceCount() == count) {
                matched[r.index()] = true;
                return;
            }
        }
        deviations.add("extra Release(id=" + id + ", count=" + count + ") not in the recording (counts checked)");
    }

    /** Writes the recorded server runs whose preceding client calls have all been matched. */
    private synchronized void emitReady() throws IOException {
        for (Captures.Rec r : recs) {
            if (r.client() || emitted[r.index()]) {
                continue;
            }
            int g = group[r.index()];
            boolean ready = g < 0 || matched[g];
            for (int i = 0; ready && i < g; i++) {
                if (isCallish(recs.get(i)) && !floating.contains(i) && !matched[i]) {
                    ready = false;
                }
            }
            // keep each run in order
            for (int i = g + 1; ready && i < r.index(); i++) {
                if (!recs.get(i).client() && !emitted[i] && group[i] == g) {
                    ready = false;
                }
            }
            CapnpRpc.Message.Reader m = r.root();
            if (!ready && m.isReturn()) {
                // Our client awaits a Return where the recorded one passed the result on at once
                // as a receiverAnswer in a later call's params (bitcoin-cli: makeThread's Thread in
                // makeRpc's context): send it once its own call matched, keeping the server's order.
                int call = recCallFor(r.index(), m.getReturn().getAnswerId());
                boolean eager = call >= 0 && matched[call] && passedOnAsReceiverAnswer(call, g);
                for (int i = 0; eager && i < r.index(); i++) {
                    if (!recs.get(i).client() && !emitted[i]) {
                        eager = false;
                    }
                }
                if (eager) {
                    ready = true;
                    deviations.add("recorded " + r + " sent before " + recs.get(g) + " was matched: our client awaits it"
                            + " where the recorded client passed the result on as a receiverAnswer");
                }
            }
            if (!ready) {
                continue;
            }
            if (m.isRelease() && droppedExports.contains(m.getRelease().getId())) {
                deviations.add("recorded " + r + " not sent: it releases the recorded client's export "
                        + m.getRelease().getId() + ", which ours never made");
                emitted[r.index()] = true;
                continue;
            }
            byte[] frame = r.frame().clone();
            if (m.isReturn()) {
                CapnpRpc.Return.Reader ret = m.getReturn();
                int call = recCallFor(r.index(), ret.getAnswerId());
                if (call < 0 || ourQ[call] < 0) {
                    fail("recorded " + r + " answers no matched call");
                    return;
                }
                Captures.Raw raw = new Captures.Raw(frame);
                raw.putU32(raw.struct(0), 0, ourQ[call]);
                awaitingFinish.add(ourQ[call]);
                CapnpRpc.Message.Reader callMsg = recs.get(call).root();
                boolean makeThread = callMsg.isCall() && callMsg.getCall().getInterfaceId() == ProxyCapnp.ThreadMap.TYPE_ID
                        && callMsg.getCall().getMethodId() == 0;
                if (ret.isResults()) {
                    StructList.Reader<CapnpRpc.CapDescriptor.Reader> t = ret.getResults().getCapTable();
                    for (int i = 0; i < t.size(); i++) {
                        if (t.get(i).isSenderHosted() || t.get(i).isSenderPromise()) {
                            int id = t.get(i).isSenderHosted() ? t.get(i).getSenderHosted() : t.get(i).getSenderPromise();
                            importCounts.merge(id, 1, Integer::sum);
                            if (makeThread) {
                                threads.add(id);
                            }
                        }
                    }
                }
            } else if (!m.isRelease()) {
                fail("cannot replay recorded server message " + r);
                return;
            } else {
                fail("replaying a server Release needs export-ID mapping, not supported: " + r);
                return;
            }
            emitted[r.index()] = true;
            write(frame);
        }
    }

    /** True if a recorded call after {@code call}, up to {@code upTo}, names {@code call}'s results as a receiverAnswer. */
    private boolean passedOnAsReceiverAnswer(int call, int upTo) {
        CapnpRpc.Message.Reader c = recs.get(call).root();
        int q = c.isCall() ? c.getCall().getQuestionId() : c.getBootstrap().getQuestionId();
        for (int i = call + 1; i <= upTo && i < recs.size(); i++) {
            Captures.Rec r = recs.get(i);
            if (r.client() && r.root().isCall()) {
                StructList.Reader<CapnpRpc.CapDescriptor.Reader> t = r.root().getCall().getParams().getCapTable();
                for (int k = 0; k < t.size(); k++) {
                    if (t.get(k).isReceiverAnswer() && recCallFor(i, t.get(k).getReceiverAnswer().getQuestionId()) == call) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private void write(byte[] frame) throws IOException {
        out.write(frame);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        serverSide.close();
        clientSide.close();
    }
}
