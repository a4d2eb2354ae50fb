package org.bitcoinfx.ipc.codegen;

import static org.bitcoinfx.ipc.codegen.JavaNames.capitalize;
import static org.bitcoinfx.ipc.codegen.JavaNames.hex;
import static org.bitcoinfx.ipc.codegen.JavaNames.isImplicitMethodStruct;
import static org.bitcoinfx.ipc.codegen.JavaNames.quote;
import static org.bitcoinfx.ipc.codegen.JavaNames.upperSnake;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bitcoinfx.ipc.codegen.Schema.Field;
import org.bitcoinfx.ipc.codegen.Schema.Method;
import org.bitcoinfx.ipc.codegen.Schema.Node;
import org.bitcoinfx.ipc.codegen.Schema.NodeKind;
import org.bitcoinfx.ipc.codegen.Schema.Type;
import org.bitcoinfx.ipc.codegen.Schema.TypeKind;

/**
 * Bitcoin FX's Cap'n Proto code generator for Java: reads the {@code CodeGeneratorRequest} that
 * {@code capnp compile -o-} writes on standard input and writes one Java source file per requested
 * schema file, on {@code org.capnproto:runtime} 0.1.16 plus our RPC runtime
 * ({@code org.bitcoinfx.ipc.rpc}) for capabilities, which capnproto-java lacks.
 *
 * <p>Usage: {@code capnp compile -I DIR --no-standard-import -o- FILES… | java
 * org.bitcoinfx.ipc.codegen.CapnpcJava OUT_DIR FILE=package.OuterClass… [--node-path=FILE=PATH…]}.
 * Every requested file and every file it imports must be mapped. {@code --node-path} names the
 * path a file had when bitcoin-node was built (e.g. {@code echo.capnp=capnp/echo.capnp}): the
 * interfaces' {@code DISPLAY_NAME}s then read as the node reports them in its UNIMPLEMENTED
 * replies ({@code interfaceName = capnp/echo.capnp:Echo}).
 *
 * <p>Per struct it emits Reader, Builder, a Factory, {@code TYPE_ID} and {@code STRUCT_SIZE};
 * primitive fields with their defaults XOR-encoded as the reference does; Text, Data, structs,
 * lists, enums, unions ({@code which()}), groups; capability fields as cap-table indexes (pointer
 * kind 3); and per interface its {@code TYPE_ID}, method ordinals, params/results structs, a
 * typed {@code Client} and a {@code Server} skeleton.
 */
public final class CapnpcJava {
    private final Schema schema;
    private final JavaNames names;

    private CapnpcJava(Schema schema, Map<String, String> nodePaths) {
        this.schema = schema;
        this.names = new JavaNames(schema, nodePaths);
    }

    /**
     * Entry point.
     *
     * @param args output directory, then {@code file.capnp=java.package.Outer} mappings and
     *             {@code --node-path=file.capnp=path/in/bitcoin/core.capnp} display paths
     * @throws IOException if the request cannot be read or a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: capnp compile -o- FILES | CapnpcJava OUT_DIR FILE=package.Outer... [--node-path=FILE=PATH...]");
            System.exit(2);
        }
        Map<String, String> mapping = new HashMap<>();
        Map<String, String> nodePaths = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            boolean nodePath = args[i].startsWith("--node-path=");
            String arg = nodePath ? args[i].substring("--node-path=".length()) : args[i];
            int eq = arg.indexOf('=');
            if (eq <= 0 || eq == arg.length() - 1) {
                throw new IllegalArgumentException((nodePath ? "--node-path must be --node-path=FILE=PATH: "
                        : "mapping must be FILE=package.Outer: ") + args[i]);
            }
            (nodePath ? nodePaths : mapping).put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        Map<String, String> out = generate(System.in, mapping, nodePaths);
        Path dir = Path.of(args[0]);
        for (Map.Entry<String, String> e : out.entrySet()) {
            Path file = dir.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
        }
    }

    /**
     * Generates Java for every requested file.
     *
     * @param request a framed CodeGeneratorRequest
     * @param mapping schema file name (as capnp reports it) to {@code package.OuterClass}
     * @return relative output path (e.g. {@code org/x/FooCapnp.java}) to source text
     * @throws IOException if the request cannot be read
     */
    public static Map<String, String> generate(InputStream request, Map<String, String> mapping) throws IOException {
        return generate(request, mapping, Map.of());
    }

    /**
     * Generates Java for every requested file, with interface display names under the paths the
     * node's schema files had.
     *
     * @param request   a framed CodeGeneratorRequest
     * @param mapping   schema file name (as capnp reports it) to {@code package.OuterClass}
     * @param nodePaths schema file name to its path in the node's build (e.g. {@code capnp/echo.capnp});
     *                  files not listed keep their own name
     * @return relative output path (e.g. {@code org/x/FooCapnp.java}) to source text
     * @throws IOException if the request cannot be read
     */
    public static Map<String, String> generate(InputStream request, Map<String, String> mapping, Map<String, String> nodePaths)
            throws IOException {
        Schema schema = Schema.parse(RawMessage.read(request));
        CapnpcJava gen = new CapnpcJava(schema, nodePaths);
        for (Node n : schema.nodes.values()) {
            if (n.kind == NodeKind.FILE) {
                String target = mapping.get(n.displayName);
                if (target != null) {
                    gen.names.nameFile(n, target);
                }
            }
        }
        Map<String, String> out = new java.util.TreeMap<>();
        for (Schema.RequestedFile rf : schema.requestedFiles) {
            String target = mapping.get(rf.filename());
            if (target == null) {
                throw new IllegalArgumentException("no FILE=package.Outer mapping for " + rf.filename());
            }
            Node file = schema.nodes.get(rf.id());
            out.put(target.replace('.', '/') + ".java", gen.emitFile(file, target, rf.filename()));
        }
        return out;
    }

    // ---- emission ----------------------------------------------------------------------------

    private String emitFile(Node file, String target, String filename) {
        SourceWriter o = new SourceWriter();
        int dot = target.lastIndexOf('.');
        String pkg = target.substring(0, dot);
        String outer = target.substring(dot + 1);
        o.line("// Generated by org.bitcoinfx.ipc.codegen.CapnpcJava from " + filename + ". Do not edit:");
        o.line("// regenerate with ipc-bindings/codegen.sh (or mvn -Pcodegen -pl ipc-bindings generate-sources).");
        o.line("package " + pkg + ";");
        o.line("");
        o.line("/** Cap'n Proto schema {@code " + filename + "} (file ID " + hex(file.id).replace("L", "") + "). */");
        o.line("@SuppressWarnings({\"unused\", \"all\"})");
        o.open("public final class " + outer + " {");
        o.line("/** The schema file's ID. */");
        o.line("public static final long FILE_ID = " + hex(file.id) + ";");
        o.line("");
        o.line("private " + outer + "() {");
        o.line("}");
        emitScopeMembers(o, file);
        o.close("}");
        return o.toString();
    }

    private void emitScopeMembers(SourceWriter o, Node scope) {
        for (Schema.Nested nn : scope.nested) {
            Node child = names.node(nn.id());
            if (child == null) {
                continue;
            }
            switch (child.kind) {
                case CONST -> emitConst(o, nn.name(), child);
                case STRUCT -> emitStruct(o, nn.name(), child);
                case ENUM -> emitEnum(o, nn.name(), child);
                case INTERFACE -> emitInterface(o, nn.name(), child);
                case ANNOTATION, FILE -> {
                }
            }
        }
    }

    private void emitConst(SourceWriter o, String name, Node c) {
        String lit = switch (c.constType.kind()) {
            case BOOL -> c.constValue.bits() != 0 ? "true" : "false";
            case INT8 -> "(byte) " + (byte) c.constValue.bits();
            case UINT8 -> "(byte) " + (byte) c.constValue.bits();
            case INT16, UINT16 -> "(short) " + (short) c.constValue.bits();
            case INT32, UINT32 -> Integer.toString((int) c.constValue.bits());
            case INT64, UINT64 -> c.constValue.bits() + "L";
            case FLOAT32 -> "java.lang.Float.intBitsToFloat(" + (int) c.constValue.bits() + ")";
            case FLOAT64 -> "java.lang.Double.longBitsToDouble(" + hex(c.constValue.bits()) + ")";
            case TEXT -> quote(c.constValue.text());
            default -> throw new IllegalArgumentException(c.displayName + ": constants of type " + c.constType.kind() + " are not supported");
        };
        String type = c.constType.kind() == TypeKind.TEXT ? "java.lang.String" : primitiveJava(c.constType.kind());
        o.line("");
        o.line("/** Constant {@code " + c.shortName() + "} ({@code " + c.displayName + "}). */");
        o.line("public static final " + type + " " + name + " = " + lit + ";");
    }

    private void emitEnum(SourceWriter o, String name, Node e) {
        o.line("");
        o.line("/** Enum {@code " + e.displayName + "} (type ID " + hex(e.id).replace("L", "") + "); {@code _NOT_IN_SCHEMA} for values this schema does not know. */");
        o.open("public enum " + name + " {");
        for (String en : e.enumerants) {
            o.line(upperSnake(en) + ",");
        }
        o.line("_NOT_IN_SCHEMA;");
        o.line("");
        o.line("/** The enum's type ID. */");
        o.line("public static final long TYPE_ID = " + hex(e.id) + ";");
        o.line("");
        o.line("/** Factory for lists of this enum. */");
        o.line("public static final org.capnproto.EnumList.Factory<" + name + "> listFactory = new org.capnproto.EnumList.Factory<>(" + name + ".values());");
        o.line("");
        o.line("/** @return the value for a wire ordinal, or {@code _NOT_IN_SCHEMA} */");
        o.open("public static " + name + " fromOrdinal(int ordinal) {");
        o.line(name + "[] values = values();");
        o.line("return ordinal >= 0 && ordinal < values.length - 1 ? values[ordinal] : _NOT_IN_SCHEMA;");
        o.close("}");
        o.close("}");
    }

    private void emitStruct(SourceWriter o, String name, Node s) {
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
        emitScopeMembers(o, s);
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
            emitReaderField(o, s, f);
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
            emitBuilderField(o, s, f);
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
                emitScopeMembers(o, g);
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

    private static String primitiveJava(TypeKind k) {
        return switch (k) {
            case BOOL -> "boolean";
            case INT8, UINT8 -> "byte";
            case INT16, UINT16 -> "short";
            case INT32, UINT32 -> "int";
            case INT64, UINT64 -> "long";
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
            default -> throw new IllegalArgumentException("not a primitive: " + k);
        };
    }

    private static String accessor(TypeKind k) {
        return switch (k) {
            case BOOL -> "Boolean";
            case INT8, UINT8 -> "Byte";
            case INT16, UINT16, ENUM -> "Short";
            case INT32, UINT32 -> "Int";
            case INT64, UINT64 -> "Long";
            case FLOAT32 -> "Float";
            case FLOAT64 -> "Double";
            default -> throw new IllegalArgumentException("not a primitive: " + k);
        };
    }

    /** The XOR mask argument for a primitive default, or null when the default is zero. */
    private static String mask(Field f) {
        Schema.Value v = f.defaultValue();
        long bits = v == null ? 0 : v.bits();
        if (bits == 0) {
            return null;
        }
        return switch (f.type().kind()) {
            case BOOL -> "true";
            case INT8, UINT8 -> "(byte) " + (byte) bits;
            case INT16, UINT16, ENUM -> "(short) " + (short) bits;
            case INT32, UINT32, FLOAT32 -> Integer.toString((int) bits);
            case INT64, UINT64, FLOAT64 -> hex(bits);
            default -> null;
        };
    }

    private String listReaderType(Type t) {
        Type e = t.element();
        return switch (e.kind()) {
            case VOID -> "org.capnproto.PrimitiveList.Void.Reader";
            case BOOL, INT8, UINT8, INT16, UINT16, INT32, UINT32, INT64, UINT64, FLOAT32, FLOAT64 ->
                    "org.capnproto.PrimitiveList." + primitiveListName(e.kind()) + ".Reader";
            case TEXT -> "org.capnproto.TextList.Reader";
            case DATA -> "org.capnproto.DataList.Reader";
            case STRUCT -> "org.capnproto.StructList.Reader<" + names.javaName(e.typeId()) + ".Reader>";
            case ENUM -> "org.capnproto.EnumList.Reader<" + names.javaName(e.typeId()) + ">";
            case LIST -> "org.capnproto.ListList.Reader<" + listReaderType(e) + ">";
            default -> throw new IllegalArgumentException("lists of " + e.kind() + " are not supported");
        };
    }

    private String listBuilderType(Type t) {
        Type e = t.element();
        return switch (e.kind()) {
            case VOID -> "org.capnproto.PrimitiveList.Void.Builder";
            case BOOL, INT8, UINT8, INT16, UINT16, INT32, UINT32, INT64, UINT64, FLOAT32, FLOAT64 ->
                    "org.capnproto.PrimitiveList." + primitiveListName(e.kind()) + ".Builder";
            case TEXT -> "org.capnproto.TextList.Builder";
            case DATA -> "org.capnproto.DataList.Builder";
            case STRUCT -> "org.capnproto.StructList.Builder<" + names.javaName(e.typeId()) + ".Builder>";
            case ENUM -> "org.capnproto.EnumList.Builder<" + names.javaName(e.typeId()) + ">";
            case LIST -> "org.capnproto.ListList.Builder<" + listBuilderType(e) + ">";
            default -> throw new IllegalArgumentException("lists of " + e.kind() + " are not supported");
        };
    }

    private String listFactory(Type t) {
        Type e = t.element();
        return switch (e.kind()) {
            case VOID, BOOL, INT8, UINT8, INT16, UINT16, INT32, UINT32, INT64, UINT64, FLOAT32, FLOAT64 ->
                    "org.capnproto.PrimitiveList." + primitiveListName(e.kind()) + ".factory";
            case TEXT -> "org.capnproto.TextList.factory";
            case DATA -> "org.capnproto.DataList.factory";
            case STRUCT -> names.javaName(e.typeId()) + ".listFactory";
            case ENUM -> names.javaName(e.typeId()) + ".listFactory";
            case LIST -> "new org.capnproto.ListList.Factory<>(" + listFactory(e) + ")";
            default -> throw new IllegalArgumentException("lists of " + e.kind() + " are not supported");
        };
    }

    private static String primitiveListName(TypeKind k) {
        return switch (k) {
            case VOID -> "Void";
            case BOOL -> "Boolean";
            case INT8, UINT8 -> "Byte";
            case INT16, UINT16 -> "Short";
            case INT32, UINT32 -> "Int";
            case INT64, UINT64 -> "Long";
            case FLOAT32 -> "Float";
            case FLOAT64 -> "Double";
            default -> throw new IllegalArgumentException(k.toString());
        };
    }

    private void checkNoPointerDefault(Node s, Field f) {
        if (f.defaultValue() != null && f.defaultValue().hasPointer()) {
            throw new IllegalArgumentException(s.displayName + "." + f.name() + ": pointer defaults are not supported");
        }
    }

    private void emitReaderField(SourceWriter o, Node s, Field f) {
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
                o.open("public " + listReaderType(t) + " get" + cap + "() {");
                o.line("return _getPointerField(" + listFactory(t) + ", " + idx + ", null, 0);");
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

    private void emitBuilderField(SourceWriter o, Node s, Field f) {
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
                o.open("public " + listBuilderType(t) + " get" + cap + "() {");
                o.line("return _getPointerField(" + listFactory(t) + ", " + idx + ", null, 0);");
                o.close("}");
                o.line("");
                o.line("/** Allocates {@code " + f.name() + "} with {@code size} elements. */");
                o.open("public " + listBuilderType(t) + " init" + cap + "(int size) {");
                emitSetDiscriminant(o, s, f);
                o.line("return _initPointerField(" + listFactory(t) + ", " + idx + ", size);");
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

    private void emitInterface(SourceWriter o, String name, Node iface) {
        o.line("");
        o.line("/** Interface {@code " + iface.displayName + "} (type ID " + hex(iface.id).replace("L", "") + "). */");
        o.open("public static final class " + name + " {");
        o.line("/** The interface's type ID, sent as {@code Call.interfaceId}. */");
        o.line("public static final long TYPE_ID = " + hex(iface.id) + ";");
        o.line("/** The interface's name, for logs. */");
        o.line("public static final String NAME = " + quote(name) + ";");
        o.line("/** The schema's display name, as bitcoin-node reports it in UNIMPLEMENTED replies. */");
        o.line("public static final String DISPLAY_NAME = " + quote(names.nodeDisplayName(iface.displayName)) + ";");
        for (Method m : iface.methods) {
            o.line("/** Ordinal of {@code " + m.name() + " @" + m.ordinal() + "}. */");
            o.line("public static final short METHOD_" + upperSnake(m.name()) + " = " + m.ordinal() + ";");
        }
        o.line("");
        o.line("private " + name + "() {");
        o.line("}");
        o.line("");
        o.line("/** @return the method name for an ordinal, or {@code @N} if the schema has none */");
        o.open("public static String methodName(int ordinal) {");
        o.open("switch (ordinal) {");
        for (Method m : iface.methods) {
            o.line("case " + m.ordinal() + ": return " + quote(m.name()) + ";");
        }
        o.line("default: return \"@\" + ordinal;");
        o.close("}");
        o.close("}");
        for (Method m : iface.methods) {
            for (long id : new long[] {m.paramStructType(), m.resultStructType()}) {
                Node st = names.node(id);
                if (isImplicitMethodStruct(st)) {
                    String jn = names.javaName(id);
                    emitStruct(o, jn.substring(jn.lastIndexOf('.') + 1), st);
                }
            }
        }
        emitScopeMembers(o, iface);
        // Client
        o.line("");
        o.line("/** Typed client: one request factory per method, calling through the RPC runtime. */");
        o.open("public static final class Client {");
        o.line("private final org.bitcoinfx.ipc.rpc.Capability capability;");
        o.line("");
        o.line("/** Wraps {@code capability}; the client does not take a reference of its own. */");
        o.open("public Client(org.bitcoinfx.ipc.rpc.Capability capability) {");
        o.line("this.capability = java.util.Objects.requireNonNull(capability, \"capability\");");
        o.close("}");
        o.line("");
        o.line("/** @return the capability this client calls */");
        o.open("public org.bitcoinfx.ipc.rpc.Capability capability() {");
        o.line("return capability;");
        o.close("}");
        for (Method m : iface.methods) {
            String p = names.javaName(m.paramStructType());
            String r = names.javaName(m.resultStructType());
            o.line("");
            o.line("/** A new call of {@code " + m.name() + " @" + m.ordinal() + "}: fill its params, then send. */");
            o.open("public org.bitcoinfx.ipc.rpc.Request<" + p + ".Builder, " + r + ".Reader> " + m.name() + "Request() {");
            o.line("return capability.newCall(TYPE_ID, (short) " + m.ordinal() + ", NAME, " + quote(m.name()) + ", " + p + ".factory, " + r + ".factory);");
            o.close("}");
        }
        o.close("}");
        // Server
        o.line("");
        o.line("/** Server skeleton: override the methods served; the rest answer UNIMPLEMENTED as the C++ server does. */");
        o.open("public abstract static class Server extends org.bitcoinfx.ipc.rpc.Server {");
        o.open("protected Server() {");
        o.line("super(TYPE_ID, DISPLAY_NAME);");
        o.close("}");
        o.line("");
        o.line("@Override");
        o.open("protected final java.util.concurrent.CompletableFuture<java.lang.Void> dispatch(short methodId, org.bitcoinfx.ipc.rpc.CallContext context) {");
        o.open("switch (methodId) {");
        for (Method m : iface.methods) {
            o.line("case " + m.ordinal() + ": return " + m.name() + "(context.typed(" + names.javaName(m.paramStructType()) + ".factory, " + names.javaName(m.resultStructType()) + ".factory));");
        }
        o.line("default: return unimplemented(methodId);");
        o.close("}");
        o.close("}");
        for (Method m : iface.methods) {
            String p = names.javaName(m.paramStructType());
            String r = names.javaName(m.resultStructType());
            o.line("");
            o.line("/** Serves {@code " + m.name() + " @" + m.ordinal() + "}; answers UNIMPLEMENTED unless overridden. */");
            o.open("protected java.util.concurrent.CompletableFuture<java.lang.Void> " + m.name() + "(org.bitcoinfx.ipc.rpc.CallContext.Typed<" + p + ".Reader, " + r + ".Builder> context) {");
            o.line("return unimplemented((short) " + m.ordinal() + ");");
            o.close("}");
        }
        o.close("}");
        o.close("}");
    }

}
