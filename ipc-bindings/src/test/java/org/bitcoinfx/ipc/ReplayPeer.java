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
import org.bitcoinfx.ipc.rpc.Frames;
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
 * <p>Matching: Calls and Bootstraps strictly in recorded order (type, target kind and mapped
 * target, interfaceId, methodId, sendResultsTo, cap table shape, params content in canonical
 * form); Finish and Release may come in any order relative to Calls (matched by mapped question
 * ID / by ID and count). Known, documented deviations of our client are tolerated and logged in
 * {@link #deviations()}: an extra {@code ThreadMap.makeThread} (answered with a synthetic Thread),
 * any server Thread standing for another in {@code context.thread}, the makeThread name,
 * executeRpc request text that differs only in JSON-RPC envelope (id/jsonrpc), extra Finish for
 * answered questions, extra Release with exact counts. Records listed as {@code floating} may be
 * matched out of order (e.g. Echo.destroy, which our client only sends on close()).
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
    private final Set<Integer> threads = new HashSet<>();
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
        String diff = expected == null ? "the recording has no more calls" : compare(expected, m, raw);
        if (diff == null) {
            matched[expected.index()] = true;
            ourQ[expected.index()] = qid;
            return;
        }
        for (int f : floating) {
            Captures.Rec r = recs.get(f);
            if (!matched[f] && isCallish(r) && compare(r, m, raw) == null) {
                matched[f] = true;
                ourQ[f] = qid;
                deviations.add("recorded " + r + " matched out of order (floating)");
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

    private String desc(int at, CapnpRpc.CapDescriptor.Reader d, boolean recorded) {
        return switch (d.which()) {
            case NONE -> "none";
            case SENDER_HOSTED -> "senderHosted";
            case SENDER_PROMISE -> "senderPromise";
            case RECEIVER_HOSTED -> threads.contains(d.getReceiverHosted()) ? "thread" : "receiverHosted(" + d.getReceiverHosted() + ")";
            case RECEIVER_ANSWER -> {
                CapnpRpc.PromisedAnswer.Reader pa = d.getReceiverAnswer();
                yield "receiverAnswer(" + (recorded ? mappedQ(at, pa.getQuestionId()) : pa.getQuestionId()) + ops(pa) + ")";
            }
            default -> d.which().toString();
        };
    }

    private static String ops(CapnpRpc.PromisedAnswer.Reader pa) {
        StringBuilder sb = new StringBuilder("[");
        StructList.Reader<CapnpRpc.PromisedAnswer.Op.Reader> t = pa.getTransform();
        for (int i = 0; i < t.size(); i++) {
            sb.append(t.get(i).isGetPointerField() ? "p" + t.get(i).getGetPointerField() : "noop").append(',');
        }
        return sb.append(']').toString();
    }

    private List<String> capTable(int at, CapnpRpc.Payload.Reader p, boolean recorded) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < p.getCapTable().size(); i++) {
            l.add(desc(at, p.getCapTable().get(i), recorded));
        }
        return l;
    }

    /** Null if our message matches recorded client message {@code r}; else the difference. */
    private String compare(Captures.Rec r, CapnpRpc.Message.Reader m, Captures.Raw raw) {
        CapnpRpc.Message.Reader e = r.root();
        if (e.which() != m.which()) {
            return "message type " + m.which() + " != " + e.which();
        }
        if (m.isBootstrap()) {
            return null;
        }
        CapnpRpc.Call.Reader ec = e.getCall();
        CapnpRpc.Call.Reader mc = m.getCall();
        if (ec.getInterfaceId() != mc.getInterfaceId() || ec.getMethodId() != mc.getMethodId()) {
            return "method " + Captures.ifaceName(mc.getInterfaceId()) + "@" + mc.getMethodId() + " != "
                    + Captures.ifaceName(ec.getInterfaceId()) + "@" + ec.getMethodId();
        }
        CapnpRpc.MessageTarget.Reader et = ec.getTarget();
        CapnpRpc.MessageTarget.Reader mt = mc.getTarget();
        if (et.which() != mt.which()) {
            return "target kind " + mt.which() + " != " + et.which();
        }
        if (et.isImportedCap() && et.getImportedCap() != mt.getImportedCap()) {
            return "target importedCap " + mt.getImportedCap() + " != " + et.getImportedCap();
        }
        if (et.isPromisedAnswer()) {
            int want = mappedQ(r.index(), et.getPromisedAnswer().getQuestionId());
            if (want != mt.getPromisedAnswer().getQuestionId() || !ops(et.getPromisedAnswer()).equals(ops(mt.getPromisedAnswer()))) {
                return "promisedAnswer target (" + mt.getPromisedAnswer().getQuestionId() + ops(mt.getPromisedAnswer()) + ") != ("
                        + want + ops(et.getPromisedAnswer()) + ")";
            }
        }
        if (ec.getSendResultsTo().which() != mc.getSendResultsTo().which()) {
            return "sendResultsTo " + mc.getSendResultsTo().which() + " != " + ec.getSendResultsTo().which();
        }
        List<String> ecaps = capTable(r.index(), ec.getParams(), true);
        List<String> mcaps = capTable(-1, mc.getParams(), false);
        if (!ecaps.equals(mcaps)) {
            return "capTable " + mcaps + " != " + ecaps;
        }
        for (String d : mcaps) {
            if (d.equals("thread")) {
                // a Thread stands for a Thread: note it when it is not the very same one
            }
        }
        long iface = mc.getInterfaceId();
        short method = mc.getMethodId();
        if (iface == ProxyCapnp.ThreadMap.TYPE_ID && method == 0) {
            String en = ec.getParams().getContent().getAs(ProxyCapnp.ThreadMap.MakeThreadParams.factory).getName().toString();
            String mn = mc.getParams().getContent().getAs(ProxyCapnp.ThreadMap.MakeThreadParams.factory).getName().toString();
            if (!en.equals(mn)) {
                if (!mn.startsWith(IpcNodeClient.MAIN_THREAD)) {
                    return "makeThread name \"" + mn + "\"";
                }
                deviations.add("makeThread name \"" + mn + "\" where the recorded client used \"" + en + "\" (" + r + ")");
            }
            return null;
        }
        if (iface == RpcCapnp.Rpc.TYPE_ID && method == 0) {
            return compareExecuteRpc(r,
                    ec.getParams().getContent().getAs(RpcCapnp.Rpc.ExecuteRpcParams.factory),
                    mc.getParams().getContent().getAs(RpcCapnp.Rpc.ExecuteRpcParams.factory));
        }
        Captures.Raw eraw = r.raw();
        IntFunction<String> ecap = i -> i < ecaps.size() ? ecaps.get(i) : "bad" + i;
        IntFunction<String> mcap = i -> i < mcaps.size() ? mcaps.get(i) : "bad" + i;
        String ecanon = eraw.canon(eraw.struct(0, 1), 0, ecap);
        String mcanon = raw.canon(raw.struct(0, 1), 0, mcap);
        if (!ecanon.equals(mcanon)) {
            return "params " + mcanon + " != recorded " + ecanon;
        }
        return null;
    }

    private String compareExecuteRpc(Captures.Rec r, RpcCapnp.Rpc.ExecuteRpcParams.Reader e, RpcCapnp.Rpc.ExecuteRpcParams.Reader m) {
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
                deviations.add("executeRpc request text " + mr + " where the recorded client sent " + er + " (same method and params)");
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
            if (!ready) {
                continue;
            }
            byte[] frame = r.frame().clone();
            CapnpRpc.Message.Reader m = r.root();
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
