package org.bitcoinfx.ipc.codegen;

import static org.bitcoinfx.ipc.codegen.JavaNames.capitalize;
import static org.bitcoinfx.ipc.codegen.JavaNames.upperSnake;
import static org.bitcoinfx.ipc.codegen.JavaTypes.accessor;
import static org.bitcoinfx.ipc.codegen.JavaTypes.mask;
import static org.bitcoinfx.ipc.codegen.JavaTypes.primitiveJava;

import org.bitcoinfx.ipc.codegen.Schema.Field;
import org.bitcoinfx.ipc.codegen.Schema.Node;
import org.bitcoinfx.ipc.codegen.Schema.Type;
import org.bitcoinfx.ipc.codegen.Schema.TypeKind;

/**
 * Emits the accessors of one struct field ({@code schema.capnp}'s {@code Field}: a {@code slot} at
 * an offset, or a {@code group}) in a Reader and in a Builder: primitives with their XOR-encoded
 * defaults, enums, Text / Data, structs, lists, AnyPointer, capabilities as cap-table indexes
 * (pointer kind 3, through {@code org.bitcoinfx.ipc.rpc.CapPointers}), union members
 * ({@code is…}, setters that write the discriminant) and groups ({@code init…} clears their slots).
 * Mirrors {@code makeFieldText} in capnproto-java's {@code compiler/capnpc-java.c++}.
 */
final class FieldEmitter {
    private final JavaNames names;
    private final JavaTypes types;

    FieldEmitter(JavaNames names, JavaTypes types) {
        this.names = names;
        this.types = types;
    }

    private void checkNoPointerDefault(Node s, Field f) {
        if (f.defaultValue() != null && f.defaultValue().hasPointer()) {
            throw new IllegalArgumentException(s.displayName + "." + f.name() + ": pointer defaults are not supported");
        }
    }

    /** Emits the Reader accessors of field {@code f} of struct or group {@code s}. */
    void emitReaderField(SourceWriter o, Node s, Field f) {
        String cap = capitalize(f.name());
        o.line("");
        if (f.inUnion()) {
            o.line("/** @return true if the union holds {@code " + f.name() + "} */");
            o.open("public boolean is" + cap + "() {");
            o.line("return which() == Which." + upperSnake(f.name()) + ";");
            o.close("}");
        }
        if (f.isGroup()) {
            o.line("/** Group {@code " + f.name() + "}. */");
            o.open("public " + cap + ".Reader get" + cap + "() {");
            o.line("return new " + cap + ".Reader(segment, data, pointers, dataSize, pointerCount, nestingLimit);");
            o.close("}");
            return;
        }
        checkNoPointerDefault(s, f);
        Type t = f.type();
        int off = f.offset();
        String m = mask(f);
        switch (t.kind()) {
            case VOID -> {
            }
            case BOOL, INT8, UINT8, INT16, UINT16, INT32, UINT32, INT64, UINT64, FLOAT32, FLOAT64 -> {
                o.line("/** {@code " + f.name() + " :" + t.kind() + "}" + (m == null ? "" : ", default XOR " + m) + ". */");
                o.open("public " + primitiveJava(t.kind()) + " get" + cap + "() {");
                o.line("return _get" + accessor(t.kind()) + "Field(" + off + (m == null ? "" : ", " + m) + ");");
                o.close("}");
            }
            case ENUM -> {
                String en = names.javaName(t.typeId());
                o.line("/** {@code " + f.name() + "}, an enum. */");
                o.open("public " + en + " get" + cap + "() {");
                o.line("return " + en + ".fromOrdinal(Short.toUnsignedInt(_getShortField(" + off + (m == null ? "" : ", " + m) + ")));");
                o.close("}");
            }
            default -> emitReaderPointer(o, f, cap, t, off);
        }
    }

    private void emitReaderPointer(SourceWriter o, Field f, String cap, Type t, int idx) {
        o.line("/** @return true if {@code " + f.name() + "} is set (a non-null pointer) */");
        o.open("public boolean has" + cap + "() {");
        o.line("return !_pointerFieldIsNull(" + idx + ");");
        o.close("}");
        o.line("");
        switch (t.kind()) {
            case TEXT -> {
                o.line("/** {@code " + f.name() + " :Text}; empty if null. */");
                o.open("public org.capnproto.Text.Reader get" + cap + "() {");
                o.line("return _getPointerField(org.capnproto.Text.factory, " + idx + ", null, 0, 0);");
                o.close("}");
            }
            case DATA -> {
                o.line("/** {@code " + f.name() + " :Data}; empty if null. */");
                o.open("public org.capnproto.Data.Reader get" + cap + "() {");
                o.line("return _getPointerField(org.capnproto.Data.factory, " + idx + ", null, 0, 0);");
                o.close("}");
            }
            case STRUCT -> {
                String sn = names.javaName(t.typeId());
                o.line("/** {@code " + f.name() + "}; all defaults if null. */");
                o.open("public " + sn + ".Reader get" + cap + "() {");
                o.line("return _getPointerField(" + sn + ".factory, " + idx + ", null, 0);");
                o.close("}");
            }
            case LIST -> {
                o.line("/** {@code " + f.name() + "}; empty if null. */");
                o.open("public " + types.listReaderType(t) + " get" + cap + "() {");
                o.line("return _getPointerField(" + types.listFactory(t) + ", " + idx + ", null, 0);");
                o.close("}");
            }
            case INTERFACE -> {
                o.line("/** {@code " + f.name() + "} capability: its index in the message's cap table, or -1 if null. */");
                o.open("public int get" + cap + "CapIndex() {");
                o.line("return " + idx + " < pointerCount ? org.bitcoinfx.ipc.rpc.CapPointers.read(segment.buffer, (pointers + " + idx + ") * 8) : -1;");
                o.close("}");
            }
            case ANY_POINTER -> {
                o.line("/** {@code " + f.name() + " :AnyPointer}. */");
                o.open("public org.capnproto.AnyPointer.Reader get" + cap + "() {");
                o.line("return _getPointerField(org.capnproto.AnyPointer.factory, " + idx + ");");
                o.close("}");
                o.line("");
                o.line("/** {@code " + f.name() + "} read as a capability pointer: its cap-table index, or -1 if null. */");
                o.open("public int get" + cap + "CapIndex() {");
                o.line("return " + idx + " < pointerCount ? org.bitcoinfx.ipc.rpc.CapPointers.read(segment.buffer, (pointers + " + idx + ") * 8) : -1;");
                o.close("}");
            }
            default -> throw new IllegalArgumentException("unsupported field type " + t.kind());
        }
    }

    private void emitSetDiscriminant(SourceWriter o, Node s, Field f) {
        if (f.inUnion()) {
            o.line("_setShortField(" + s.discriminantOffset + ", (short) " + f.discriminantValue() + ");");
        }
    }

    /** Emits the Builder accessors of field {@code f} of struct or group {@code s}. */
    void emitBuilderField(SourceWriter o, Node s, Field f) {
        String cap = capitalize(f.name());
        o.line("");
        if (f.inUnion()) {
            o.line("/** @return true if the union holds {@code " + f.name() + "} */");
            o.open("public boolean is" + cap + "() {");
            o.line("return which() == Which." + upperSnake(f.name()) + ";");
            o.close("}");
            o.line("");
        }
        if (f.isGroup()) {
            Node g = names.node(f.groupId());
            o.line("/** Group {@code " + f.name() + "}. */");
            o.open("public " + cap + ".Builder get" + cap + "() {");
            o.line("return new " + cap + ".Builder(segment, data, pointers, dataSize, pointerCount);");
            o.close("}");
            o.line("");
            o.line("/** Selects group {@code " + f.name() + "} (in a union) and clears its fields. */");
            o.open("public " + cap + ".Builder init" + cap + "() {");
            emitSetDiscriminant(o, s, f);
            emitClearGroup(o, g);
            o.line("return get" + cap + "();");
            o.close("}");
            return;
        }
        Type t = f.type();
        int off = f.offset();
        String m = mask(f);
        switch (t.kind()) {
            case VOID -> {
                if (f.inUnion()) {
                    o.line("/** Selects {@code " + f.name() + "} (Void) in the union. */");
                    o.open("public void set" + cap + "() {");
                    emitSetDiscriminant(o, s, f);
                    o.close("}");
                }
            }
            case BOOL, INT8, UINT8, INT16, UINT16, INT32, UINT32, INT64, UINT64, FLOAT32, FLOAT64 -> {
                String jt = primitiveJava(t.kind());
                String acc = accessor(t.kind());
                o.line("/** {@code " + f.name() + " :" + t.kind() + "}. */");
                o.open("public " + jt + " get" + cap + "() {");
                o.line("return _get" + acc + "Field(" + off + (m == null ? "" : ", " + m) + ");");
                o.close("}");
                o.line("");
                o.line("/** Sets {@code " + f.name() + "}" + (f.inUnion() ? " and selects it in the union" : "") + ". */");
                o.open("public void set" + cap + "(" + jt + " value) {");
                emitSetDiscriminant(o, s, f);
                o.line("_set" + acc + "Field(" + off + ", value" + (m == null ? "" : ", " + m) + ");");
                o.close("}");
            }
            case ENUM -> {
                String en = names.javaName(t.typeId());
                o.line("/** {@code " + f.name() + "}, an enum. */");
                o.open("public " + en + " get" + cap + "() {");
                o.line("return " + en + ".fromOrdinal(Short.toUnsignedInt(_getShortField(" + off + (m == null ? "" : ", " + m) + ")));");
                o.close("}");
                o.line("");
                o.line("/** Sets {@code " + f.name() + "}; {@code _NOT_IN_SCHEMA} is refused. */");
                o.open("public void set" + cap + "(" + en + " value) {");
                o.line("if (value == " + en + "._NOT_IN_SCHEMA) throw new IllegalArgumentException(\"_NOT_IN_SCHEMA cannot be written\");");
                emitSetDiscriminant(o, s, f);
                o.line("_setShortField(" + off + ", (short) value.ordinal()" + (m == null ? "" : ", " + m) + ");");
                o.close("}");
            }
            default -> emitBuilderPointer(o, s, f, cap, t, off);
        }
    }

    private void emitBuilderPointer(SourceWriter o, Node s, Field f, String cap, Type t, int idx) {
        o.line("/** @return true if {@code " + f.name() + "} is set (a non-null pointer) */");
        o.open("public boolean has" + cap + "() {");
        o.line("return !_pointerFieldIsNull(" + idx + ");");
        o.close("}");
        o.line("");
        switch (t.kind()) {
            case TEXT, DATA -> {
                String blob = t.kind() == TypeKind.TEXT ? "Text" : "Data";
                String jv = t.kind() == TypeKind.TEXT ? "java.lang.String" : "byte[]";
                o.open("public org.capnproto." + blob + ".Builder get" + cap + "() {");
                o.line("return _getPointerField(org.capnproto." + blob + ".factory, " + idx + ", null, 0, 0);");
                o.close("}");
                o.line("");
                o.line("/** Sets {@code " + f.name() + "} (a copy); null clears it. */");
                o.open("public void set" + cap + "(" + jv + " value) {");
                emitSetDiscriminant(o, s, f);
                o.line("if (value == null) { _clearPointerField(" + idx + "); return; }");
                o.line("_setPointerField(org.capnproto." + blob + ".factory, " + idx + ", new org.capnproto." + blob + ".Reader(value));");
                o.close("}");
                o.line("");
                o.line("/** Sets {@code " + f.name() + "} from a reader (a copy). */");
                o.open("public void set" + cap + "(org.capnproto." + blob + ".Reader value) {");
                emitSetDiscriminant(o, s, f);
                o.line("_setPointerField(org.capnproto." + blob + ".factory, " + idx + ", value);");
                o.close("}");
                o.line("");
                o.line("/** Allocates {@code " + f.name() + "} of {@code size} bytes. */");
                o.open("public org.capnproto." + blob + ".Builder init" + cap + "(int size) {");
                emitSetDiscriminant(o, s, f);
                o.line("return _initPointerField(org.capnproto." + blob + ".factory, " + idx + ", size);");
                o.close("}");
            }
            case STRUCT -> {
                String sn = names.javaName(t.typeId());
                o.open("public " + sn + ".Builder get" + cap + "() {");
                o.line("return _getPointerField(" + sn + ".factory, " + idx + ", null, 0);");
                o.close("}");
                o.line("");
                o.line("/** Copies {@code value} into {@code " + f.name() + "}. */");
                o.open("public void set" + cap + "(" + sn + ".Reader value) {");
                emitSetDiscriminant(o, s, f);
                o.line("_setPointerField(" + sn + ".factory, " + idx + ", value);");
                o.close("}");
                o.line("");
                o.line("/** Allocates a new {@code " + f.name() + "} with all defaults. */");
                o.open("public " + sn + ".Builder init" + cap + "() {");
                emitSetDiscriminant(o, s, f);
                o.line("return _initPointerField(" + sn + ".factory, " + idx + ", 0);");
                o.close("}");
            }
            case LIST -> {
                o.open("public " + types.listBuilderType(t) + " get" + cap + "() {");
                o.line("return _getPointerField(" + types.listFactory(t) + ", " + idx + ", null, 0);");
                o.close("}");
                o.line("");
                o.line("/** Allocates {@code " + f.name() + "} with {@code size} elements. */");
                o.open("public " + types.listBuilderType(t) + " init" + cap + "(int size) {");
                emitSetDiscriminant(o, s, f);
                o.line("return _initPointerField(" + types.listFactory(t) + ", " + idx + ", size);");
                o.close("}");
            }
            case INTERFACE, ANY_POINTER -> {
                if (t.kind() == TypeKind.ANY_POINTER) {
                    o.line("/** {@code " + f.name() + " :AnyPointer}. */");
                    o.open("public org.capnproto.AnyPointer.Builder get" + cap + "() {");
                    o.line("return _getPointerField(org.capnproto.AnyPointer.factory, " + idx + ");");
                    o.close("}");
                    o.line("");
                    o.line("/** Clears {@code " + f.name() + "} and returns it to be filled. */");
                    o.open("public org.capnproto.AnyPointer.Builder init" + cap + "() {");
                    emitSetDiscriminant(o, s, f);
                    o.line("_clearPointerField(" + idx + ");");
                    o.line("return get" + cap + "();");
                    o.close("}");
                    o.line("");
                }
                o.line("/** The cap-table index of capability {@code " + f.name() + "}, or -1 if null. */");
                o.open("public int get" + cap + "CapIndex() {");
                o.line("return org.bitcoinfx.ipc.rpc.CapPointers.read(segment.buffer, (pointers + " + idx + ") * 8);");
                o.close("}");
                o.line("");
                o.line("/** Points {@code " + f.name() + "} at entry {@code index} of the message's cap table; -1 writes null. */");
                o.open("public void set" + cap + "CapIndex(int index) {");
                emitSetDiscriminant(o, s, f);
                o.line("_clearPointerField(" + idx + ");");
                o.line("org.bitcoinfx.ipc.rpc.CapPointers.write(segment.buffer, (pointers + " + idx + ") * 8, index);");
                o.close("}");
            }
            default -> throw new IllegalArgumentException("unsupported field type " + t.kind());
        }
    }

    /** Zeroes every slot of a group (recursively), as initGroup must. */
    private void emitClearGroup(SourceWriter o, Node g) {
        for (Field f : g.fields) {
            if (f.isGroup()) {
                emitClearGroup(o, names.node(f.groupId()));
                continue;
            }
            Type t = f.type();
            switch (t.kind()) {
                case VOID -> {
                }
                case BOOL -> o.line("_setBooleanField(" + f.offset() + ", false);");
                case INT8, UINT8 -> o.line("_setByteField(" + f.offset() + ", (byte) 0);");
                case INT16, UINT16, ENUM -> o.line("_setShortField(" + f.offset() + ", (short) 0);");
                case INT32, UINT32 -> o.line("_setIntField(" + f.offset() + ", 0);");
                case INT64, UINT64 -> o.line("_setLongField(" + f.offset() + ", 0L);");
                case FLOAT32 -> o.line("_setIntField(" + f.offset() + ", 0);");
                case FLOAT64 -> o.line("_setLongField(" + f.offset() + ", 0L);");
                default -> o.line("_clearPointerField(" + f.offset() + ");");
            }
        }
        if (g.discriminantCount > 0) {
            o.line("_setShortField(" + g.discriminantOffset + ", (short) 0);");
        }
    }
}
