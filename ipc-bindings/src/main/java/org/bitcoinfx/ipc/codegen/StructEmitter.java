package org.bitcoinfx.ipc.codegen;

import static org.bitcoinfx.ipc.codegen.JavaNames.capitalize;
import static org.bitcoinfx.ipc.codegen.JavaNames.hex;
import static org.bitcoinfx.ipc.codegen.JavaNames.upperSnake;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bitcoinfx.ipc.codegen.Schema.Field;
import org.bitcoinfx.ipc.codegen.Schema.Node;

/**
 * Emits a struct ({@code schema.capnp}'s {@code Node.struct}: {@code dataWordCount},
 * {@code pointerCount}, {@code discriminantCount} / {@code discriminantOffset}, {@code fields}) as a
 * class with {@code TYPE_ID}, {@code STRUCT_SIZE}, a Factory and list factory, a {@code Which} enum
 * and {@code which()} for its union, a Reader and a Builder whose fields {@link FieldEmitter}
 * writes, a class per group, and the struct's nested declarations. Mirrors {@code makeStructText}
 * in capnproto-java's {@code compiler/capnpc-java.c++}.
 */
final class StructEmitter {
    private final JavaNames names;
    private final FieldEmitter fieldEmitter;
    private final CapnpcJava scopes;

    StructEmitter(JavaNames names, FieldEmitter fieldEmitter, CapnpcJava scopes) {
        this.names = names;
        this.fieldEmitter = fieldEmitter;
        this.scopes = scopes;
    }

    /** Emits struct {@code s} as the nested class {@code name}. */
    void emitStruct(SourceWriter o, String name, Node s) {
        o.line("");
        o.line("/** Struct {@code " + s.displayName + "} (type ID " + hex(s.id).replace("L", "") + "): " + s.dataWords + " data words, " + s.pointerCount + " pointers. */");
        o.open("public static final class " + name + " {");
        o.line("/** The struct's type ID. */");
        o.line("public static final long TYPE_ID = " + hex(s.id) + ";");
        o.line("/** Data words and pointer count. */");
        o.line("public static final org.capnproto.StructSize STRUCT_SIZE = new org.capnproto.StructSize((short) " + s.dataWords + ", (short) " + s.pointerCount + ");");
        o.line("/** Reads and builds this struct behind a pointer. */");
        o.line("public static final Factory factory = new Factory();");
        o.line("/** Reads and builds lists of this struct. */");
        o.line("public static final org.capnproto.StructList.Factory<Builder, Reader> listFactory = new org.capnproto.StructList.Factory<>(factory);");
        o.line("");
        o.line("private " + name + "() {");
        o.line("}");
        o.line("");
        o.line("/** Factory of Readers and Builders of {@code " + name + "}. */");
        o.open("public static final class Factory extends org.capnproto.StructFactory<Builder, Reader> {");
        o.line("@Override");
        o.open("public Reader constructReader(org.capnproto.SegmentReader segment, int data, int pointers, int dataSize, short pointerCount, int nestingLimit) {");
        o.line("return new Reader(segment, data, pointers, dataSize, pointerCount, nestingLimit);");
        o.close("}");
        o.line("");
        o.line("@Override");
        o.open("public Builder constructBuilder(org.capnproto.SegmentBuilder segment, int data, int pointers, int dataSize, short pointerCount) {");
        o.line("return new Builder(segment, data, pointers, dataSize, pointerCount);");
        o.close("}");
        o.line("");
        o.line("@Override");
        o.open("public org.capnproto.StructSize structSize() {");
        o.line("return STRUCT_SIZE;");
        o.close("}");
        o.line("");
        o.line("@Override");
        o.open("public Reader asReader(Builder builder) {");
        o.line("return builder.asReader();");
        o.close("}");
        o.close("}");
        emitStructBody(o, s);
        scopes.emitScopeMembers(o, s);
        o.close("}");
    }

    /** Reader, Builder, Which, and group classes of a struct or group node. */
    private void emitStructBody(SourceWriter o, Node s) {
        List<Field> fields = new ArrayList<>(s.fields);
        fields.sort(Comparator.comparingInt(Field::codeOrder));
        if (s.discriminantCount > 0) {
            o.line("");
            o.line("/** Which member of the union is set. */");
            o.open("public enum Which {");
            List<Field> members = fields.stream().filter(Field::inUnion)
                    .sorted(Comparator.comparingInt(Field::discriminantValue)).toList();
            for (Field f : members) {
                o.line(upperSnake(f.name()) + ",");
            }
            o.line("_NOT_IN_SCHEMA");
            o.close("}");
        }
        // Reader
        o.line("");
        o.line("/** Reads the struct; a field out of the encoded size reads as its default. */");
        o.open("public static final class Reader extends org.capnproto.StructReader {");
        o.open("public Reader(org.capnproto.SegmentReader segment, int data, int pointers, int dataSize, short pointerCount, int nestingLimit) {");
        o.line("super(segment, data, pointers, dataSize, pointerCount, nestingLimit);");
        o.close("}");
        if (s.discriminantCount > 0) {
            emitWhich(o, s, fields);
        }
        for (Field f : fields) {
            fieldEmitter.emitReaderField(o, s, f);
        }
        o.close("}");
        // Builder
        o.line("");
        o.line("/** Builds the struct in place in its message. */");
        o.open("public static final class Builder extends org.capnproto.StructBuilder {");
        o.open("public Builder(org.capnproto.SegmentBuilder segment, int data, int pointers, int dataSize, short pointerCount) {");
        o.line("super(segment, data, pointers, dataSize, pointerCount);");
        o.close("}");
        o.line("");
        o.line("/** @return a Reader of the same struct */");
        o.open("public Reader asReader() {");
        o.line("return new Reader(segment, data, pointers, dataSize, pointerCount, 0x7fffffff);");
        o.close("}");
        if (s.discriminantCount > 0) {
            emitWhich(o, s, fields);
        }
        for (Field f : fields) {
            fieldEmitter.emitBuilderField(o, s, f);
        }
        o.close("}");
        // Groups
        for (Field f : fields) {
            if (f.isGroup()) {
                Node g = names.node(f.groupId());
                String gname = capitalize(f.name());
                o.line("");
                o.line("/** Group {@code " + f.name() + "}: shares its parent's data and pointers. */");
                o.open("public static final class " + gname + " {");
                o.line("private " + gname + "() {");
                o.line("}");
                emitStructBody(o, g);
                scopes.emitScopeMembers(o, g);
                o.close("}");
            }
        }
    }

    private void emitWhich(SourceWriter o, Node s, List<Field> fields) {
        o.line("");
        o.line("/** @return which union member is set */");
        o.open("public Which which() {");
        o.open("switch (_getShortField(" + s.discriminantOffset + ")) {");
        for (Field f : fields) {
            if (f.inUnion()) {
                o.line("case " + f.discriminantValue() + ": return Which." + upperSnake(f.name()) + ";");
            }
        }
        o.line("default: return Which._NOT_IN_SCHEMA;");
        o.close("}");
        o.close("}");
    }
}
