package org.bitcoinfx.ipc.codegen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a {@code CodeGeneratorRequest} (Cap'n Proto {@code schema.capnp}) the generator
 * uses, read with {@link RawMessage}. Offsets below are the ones {@code capnp compile -ocapnp
 * schema.capnp} prints.
 */
final class Schema {
    enum NodeKind { FILE, STRUCT, ENUM, INTERFACE, CONST, ANNOTATION }

    enum TypeKind {
        VOID, BOOL, INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, FLOAT32, FLOAT64,
        TEXT, DATA, LIST, ENUM, STRUCT, INTERFACE, ANY_POINTER
    }

    record Type(TypeKind kind, Type element, long typeId) {
        boolean isPointer() {
            return kind.ordinal() >= TypeKind.TEXT.ordinal() && kind != TypeKind.ENUM;
        }
    }

    /** A default or constant value: the raw bits of a primitive, or a pointer (unsupported for now). */
    record Value(TypeKind kind, long bits, boolean hasPointer, String text) {
    }

    record Field(String name, int codeOrder, int discriminantValue, boolean isGroup, int offset, Type type,
                 Value defaultValue, long groupId) {
        static final int NO_DISCRIMINANT = 0xffff;

        boolean inUnion() {
            return discriminantValue != NO_DISCRIMINANT;
        }
    }

    record Method(String name, int ordinal, int codeOrder, long paramStructType, long resultStructType) {
    }

    record Nested(String name, long id) {
    }

    static final class Node {
        long id;
        String displayName;
        int prefixLength;
        long scopeId;
        NodeKind kind;
        List<Nested> nested = new ArrayList<>();
        // struct
        int dataWords;
        int pointerCount;
        boolean isGroup;
        int discriminantCount;
        int discriminantOffset;
        List<Field> fields = new ArrayList<>();
        // enum
        List<String> enumerants = new ArrayList<>();
        // interface
        List<Method> methods = new ArrayList<>();
        // const
        Type constType;
        Value constValue;

        String shortName() {
            return displayName.substring(prefixLength);
        }
    }

    record RequestedFile(long id, String filename) {
    }

    final Map<Long, Node> nodes = new LinkedHashMap<>();
    final List<RequestedFile> requestedFiles = new ArrayList<>();

    static Schema parse(RawMessage msg) {
        Schema s = new Schema();
        RawMessage.Struct req = msg.root();
        for (RawMessage.Struct n : req.structList(0)) {
            Node node = parseNode(n);
            s.nodes.put(node.id, node);
        }
        for (RawMessage.Struct f : req.structList(1)) {
            s.requestedFiles.add(new RequestedFile(f.u64(0), f.text(0)));
        }
        return s;
    }

    private static Node parseNode(RawMessage.Struct n) {
        Node node = new Node();
        node.id = n.u64(0);
        node.displayName = n.text(0);
        node.prefixLength = n.u32(2);
        node.scopeId = n.u64(2);
        for (RawMessage.Struct nn : n.structList(1)) {
            node.nested.add(new Nested(nn.text(0), nn.u64(0)));
        }
        int which = n.u16(6);
        switch (which) {
            case 0 -> node.kind = NodeKind.FILE;
            case 1 -> {
                node.kind = NodeKind.STRUCT;
                node.dataWords = n.u16(7);
                node.pointerCount = n.u16(12);
                node.isGroup = n.bool(224);
                node.discriminantCount = n.u16(15);
                node.discriminantOffset = n.u32(8);
                for (RawMessage.Struct f : n.structList(3)) {
                    node.fields.add(parseField(f));
                }
            }
            case 2 -> {
                node.kind = NodeKind.ENUM;
                for (RawMessage.Struct e : n.structList(3)) {
                    node.enumerants.add(e.text(0));
                }
            }
            case 3 -> {
                node.kind = NodeKind.INTERFACE;
                int ordinal = 0;
                for (RawMessage.Struct m : n.structList(3)) {
                    // Methods are listed in ordinal order; codeOrder is the declaration order.
                    node.methods.add(new Method(m.text(0), ordinal++, m.u16(0), m.u64(1), m.u64(2)));
                }
                if (!n.structList(4).isEmpty()) {
                    throw new IllegalArgumentException(node.displayName + ": interface inheritance is not supported");
                }
            }
            case 4 -> {
                node.kind = NodeKind.CONST;
                node.constType = parseType(n.struct(3));
                node.constValue = parseValue(n.struct(4));
            }
            case 5 -> node.kind = NodeKind.ANNOTATION;
            default -> throw new IllegalArgumentException("unknown node kind " + which + " for " + node.displayName);
        }
        if (n.bool(288)) {
            throw new IllegalArgumentException(node.displayName + ": generic types are not supported");
        }
        return node;
    }

    private static Field parseField(RawMessage.Struct f) {
        String name = f.text(0);
        int codeOrder = f.u16(0);
        int disc = f.u16(1) ^ 0xffff;
        int which = f.u16(4);
        if (which == 0) {
            return new Field(name, codeOrder, disc, false, f.u32(1), parseType(f.struct(2)), parseValue(f.struct(3)), 0);
        }
        return new Field(name, codeOrder, disc, true, 0, null, null, f.u64(2));
    }

    static Type parseType(RawMessage.Struct t) {
        if (t == null) {
            return new Type(TypeKind.VOID, null, 0);
        }
        int which = t.u16(0);
        TypeKind kind = TypeKind.values()[which];
        return switch (kind) {
            case LIST -> new Type(kind, parseType(t.struct(0)), 0);
            case ENUM, STRUCT, INTERFACE -> new Type(kind, null, t.u64(1));
            case ANY_POINTER -> {
                if (t.u16(4) != 0) {
                    throw new IllegalArgumentException("generic AnyPointer parameters are not supported");
                }
                yield new Type(kind, null, 0);
            }
            default -> new Type(kind, null, 0);
        };
    }

    static Value parseValue(RawMessage.Struct v) {
        if (v == null) {
            return new Value(TypeKind.VOID, 0, false, null);
        }
        int which = v.u16(0);
        TypeKind kind = TypeKind.values()[which];
        long bits = switch (kind) {
            case BOOL -> v.bool(16) ? 1 : 0;
            case INT8, UINT8 -> v.u8(2);
            case INT16, UINT16, ENUM -> v.u16(1);
            case INT32, UINT32, FLOAT32 -> Integer.toUnsignedLong(v.u32(1));
            case INT64, UINT64, FLOAT64 -> v.u64(1);
            default -> 0;
        };
        boolean hasPointer = kind.ordinal() >= TypeKind.TEXT.ordinal() && kind != TypeKind.ENUM
                && kind != TypeKind.INTERFACE && v.hasPointer(0);
        String text = kind == TypeKind.TEXT ? v.text(0) : null;
        return new Value(kind, bits, hasPointer, text);
    }
}
