package org.bitcoinfx.ipc.rpc;

import java.util.ArrayList;
import java.util.List;
import org.bitcoinfx.ipc.IpcException;
import org.bitcoinfx.ipc.rpc.schema.CapnpRpc;
import org.capnproto.StructList;

/**
 * A connection's cap tables: how capabilities go into a payload's {@code capTable} and come out of
 * one ({@code CapDescriptor}, {@code PromisedAnswer} of {@code capnp/rpc.capnp}). Mirrors CP
 * {@code rpc.c++}'s {@code writeDescriptor} and {@code receiveCap}. Every method but the static
 * ones runs under the connection lock: it reads and changes the connection's tables.
 */
final class CapDescriptors {
    private final RpcConnection connection;
    private final Imports imports;
    private final Exports exports;
    private final Answers answers;

    CapDescriptors(RpcConnection connection, Imports imports, Exports exports, Answers answers) {
        this.connection = connection;
        this.imports = imports;
        this.exports = exports;
        this.answers = answers;
    }

    /**
     * Writes a payload's cap table: how the peer is to find each capability. Its own imports go
     * back as {@code receiverHosted}, its own promises as {@code receiverAnswer}, everything else
     * is exported ({@code senderHosted}), a resolved promise as what it resolved to.
     */
    void write(CapnpRpc.Payload.Builder payload, List<Capability> caps) {
        StructList.Builder<CapnpRpc.CapDescriptor.Builder> table = payload.initCapTable(caps.size());
        for (int i = 0; i < caps.size(); i++) {
            CapnpRpc.CapDescriptor.Builder d = table.get(i);
            Capability c = caps.get(i);
            if (c == null) {
                d.setNone();
                continue;
            }
            CapHook h = c.hook.resolvedHook();
            if (h instanceof ImportHook imp && imp.connection == connection) {
                d.setReceiverHosted(imp.importId);
            } else if (h instanceof PipelineHook p && p.connection == connection) {
                writePromisedAnswer(d.initReceiverAnswer(), p.question.id, p.ops);
            } else {
                d.setSenderHosted(exports.export(h));
            }
        }
    }

    /**
     * Takes back the {@code senderHosted} exports a cap table made (its message was never sent).
     *
     * @return the hooks whose references the caller must drop, without the lock
     */
    List<CapHook> unexport(StructList.Reader<CapnpRpc.CapDescriptor.Reader> table) {
        List<CapHook> drop = new ArrayList<>();
        for (int i = 0; i < table.size(); i++) {
            if (table.get(i).isSenderHosted()) {
                CapHook h = exports.release(table.get(i).getSenderHosted(), 1);
                if (h != null) {
                    drop.add(h);
                }
            }
        }
        return drop;
    }

    /** Turns a received cap table into capabilities this side holds one reference to each of (null for none). */
    List<Capability> receive(StructList.Reader<CapnpRpc.CapDescriptor.Reader> table) {
        List<Capability> caps = new ArrayList<>(table.size());
        for (int i = 0; i < table.size(); i++) {
            caps.add(receive(table.get(i)));
        }
        return caps;
    }

    /** One received descriptor as a capability with a new reference, or null for {@code none}. */
    Capability receive(CapnpRpc.CapDescriptor.Reader d) {
        switch (d.which()) {
            case NONE:
                return null;
            case SENDER_HOSTED:
                return imports.receive(connection, d.getSenderHosted(), false);
            case SENDER_PROMISE:
                return imports.receive(connection, d.getSenderPromise(), true);
            case RECEIVER_HOSTED: {
                Exports.Export e = exports.get(d.getReceiverHosted());
                if (e == null) {
                    // CP rpc.c++:1595-1603: a bad receiverHosted ID becomes a broken cap, not an abort.
                    return Capability.broken(new IpcException(IpcException.Type.FAILED,
                            "invalid 'receiverHosted' export ID " + d.getReceiverHosted()));
                }
                e.hook.addRef();
                return new Capability(e.hook);
            }
            case RECEIVER_ANSWER: {
                // CP rpc.c++ receiveCap: answer.pipeline->getPipelinedCap(ops). Before the answer
                // returns that is a promise, resolved when it returns; calls on it wait, in order.
                CapnpRpc.PromisedAnswer.Reader pa = d.getReceiverAnswer();
                Answers.Answer a = answers.get(pa.getQuestionId());
                if (a == null) {
                    return Capability.broken(new IpcException(IpcException.Type.FAILED,
                            "invalid 'receiverAnswer': no answer " + pa.getQuestionId()));
                }
                short[] ops = ops(pa);
                if (a.returned) {
                    return a.pipelinedCap(ops);
                }
                QueuedHook promise = new QueuedHook();
                // The promise takes over the resolution's reference.
                a.pipelinedCalls.add(new Answers.Waiter(ops, resolution -> promise.resolve(resolution.hook)));
                return new Capability(promise);
            }
            case THIRD_PARTY_HOSTED:
                return Capability.broken(new IpcException(IpcException.Type.UNIMPLEMENTED, "third-party capabilities are not supported"));
            default:
                return Capability.broken(new IpcException(IpcException.Type.FAILED, "unknown CapDescriptor kind"));
        }
    }

    /** Writes {@code PromisedAnswer(questionId, transform = ops as getPointerField)}. */
    static void writePromisedAnswer(CapnpRpc.PromisedAnswer.Builder pa, int questionId, short[] ops) {
        pa.setQuestionId(questionId);
        StructList.Builder<CapnpRpc.PromisedAnswer.Op.Builder> t = pa.initTransform(ops.length);
        for (int i = 0; i < ops.length; i++) {
            t.get(i).setGetPointerField(ops[i]);
        }
    }

    /**
     * A {@code PromisedAnswer}'s transform as pointer-field ordinals.
     *
     * @throws IllegalArgumentException for a {@code noop} or unknown op (a protocol error)
     */
    static short[] ops(CapnpRpc.PromisedAnswer.Reader pa) {
        StructList.Reader<CapnpRpc.PromisedAnswer.Op.Reader> t = pa.getTransform();
        short[] ops = new short[t.size()];
        for (int i = 0; i < ops.length; i++) {
            CapnpRpc.PromisedAnswer.Op.Reader op = t.get(i);
            if (!op.isGetPointerField()) {
                if (op.isNoop()) {
                    throw new IllegalArgumentException("noop transform ops are not supported");
                }
                throw new IllegalArgumentException("unknown transform op");
            }
            ops[i] = op.getGetPointerField();
        }
        return ops;
    }

    /**
     * The cap-table index of the capability at path {@code ops} (non-empty) of a payload's content.
     *
     * @throws RuntimeException if the path does not lead to a capability pointer
     */
    static int capIndexAt(CapnpRpc.Payload.Reader payload, short[] ops) {
        AnyStruct.Reader s = payload.getContent().getAs(AnyStruct.factory);
        for (int i = 0; i < ops.length - 1; i++) {
            s = s.struct(ops[i]);
        }
        return s.capIndex(ops[ops.length - 1]);
    }
}
