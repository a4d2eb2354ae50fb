package org.bitcoinfx.ipc.rpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.bitcoinfx.ipc.rpc.schema.CapnpRpc;
import org.bitcoinfx.ipc.rpc.transport.Frames;
import org.capnproto.MessageBuilder;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketPair;

/**
 * The far end of a Unix socket pair, driven by hand: a test reads our connection's frames (or
 * never reads them) and writes whatever bytes it likes, well-formed Cap'n Proto or not. A
 * test-scope server of ours for the writer, disconnect and hostile-peer tests.
 */
final class FakePeer implements AutoCloseable {
    final Socket ours;   // the side an RpcConnection under test uses
    final Socket theirs; // the side this peer drives
    final InputStream in;
    final OutputStream out;

    FakePeer() throws IOException {
        AFUNIXSocketPair<AFUNIXSocketChannel> pair = AFUNIXSocketPair.open();
        ours = pair.getSocket1().socket();
        theirs = pair.getSocket2().socket();
        in = theirs.getInputStream();
        out = theirs.getOutputStream();
    }

    /** A client connection over our end, with {@code options}. */
    RpcConnection connect(OutputStream wrap, RpcConnection.Options options) throws IOException {
        return new RpcConnection(ours.getInputStream(), wrap != null ? wrap : ours.getOutputStream(), ours, null, options);
    }

    /** The next message our connection sent, or null at end of stream. */
    CapnpRpc.Message.Reader read() throws IOException {
        Frames.Inbound m = Frames.read(in);
        return m == null ? null : m.message().getRoot(CapnpRpc.Message.factory);
    }

    /** Every message until our connection closed its end. */
    List<CapnpRpc.Message.Reader> readUntilEof() throws IOException {
        List<CapnpRpc.Message.Reader> all = new ArrayList<>();
        CapnpRpc.Message.Reader m;
        while ((m = read()) != null) {
            all.add(m);
        }
        return all;
    }

    /** Writes a message. */
    void send(MessageBuilder m) throws IOException {
        out.write(Frames.encode(m));
        out.flush();
    }

    /** Writes raw bytes (a frame that breaks the rules). */
    void sendRaw(byte[] b) throws IOException {
        out.write(b);
        out.flush();
    }

    /** A Return for question {@code answerId} whose results hold one capability, senderHosted {@code exportId}. */
    static MessageBuilder returnCap(int answerId, int exportId) {
        MessageBuilder b = new MessageBuilder();
        CapnpRpc.Return.Builder r = b.initRoot(CapnpRpc.Message.factory).initReturn();
        r.setAnswerId(answerId);
        r.setReleaseParamCaps(false);
        CapnpRpc.Payload.Builder p = r.initResults();
        p.setContentCapIndex(0);
        p.initCapTable(1).get(0).setSenderHosted(exportId);
        return b;
    }

    /** Answers the Bootstrap our connection sends with export {@code exportId}; returns its question ID. */
    int answerBootstrap(int exportId) throws IOException {
        CapnpRpc.Message.Reader m = read();
        if (m == null || !m.isBootstrap()) {
            throw new IOException("expected a Bootstrap, got " + (m == null ? "end of stream" : m.which()));
        }
        int q = m.getBootstrap().getQuestionId();
        send(returnCap(q, exportId));
        return q;
    }

    @Override
    public void close() throws IOException {
        theirs.close();
        ours.close();
    }
}
