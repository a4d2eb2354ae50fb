package org.bitcoinfx.ipc.codegen;

import static org.bitcoinfx.ipc.codegen.JavaNames.hex;
import static org.bitcoinfx.ipc.codegen.JavaNames.quote;
import static org.bitcoinfx.ipc.codegen.JavaNames.upperSnake;
import static org.bitcoinfx.ipc.codegen.JavaTypes.primitiveJava;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.bitcoinfx.ipc.codegen.Schema.Node;
import org.bitcoinfx.ipc.codegen.Schema.NodeKind;
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
 *
 * <p>This class reads the request ({@link RawMessage}, {@link Schema}), names its nodes
 * ({@link JavaNames}) and writes each file's outer class with its constants and enums, handing
 * structs to {@link StructEmitter} (fields: {@link FieldEmitter}, types: {@link JavaTypes}) and
 * interfaces to {@link InterfaceEmitter}; all write through a {@link SourceWriter}. Its own part
 * mirrors {@code makeFileText} / {@code makeNodeText} (files, constants, enums) in capnproto-java's
 * {@code compiler/capnpc-java.c++}.
 */
public final class CapnpcJava {
    private final Schema schema;
    private final JavaNames names;
    private final StructEmitter structs;
    private final InterfaceEmitter interfaces;

    private CapnpcJava(Schema schema, Map<String, String> nodePaths) {
        this.schema = schema;
        this.names = new JavaNames(schema, nodePaths);
        this.structs = new StructEmitter(names, new FieldEmitter(names, new JavaTypes(names)), this);
        this.interfaces = new InterfaceEmitter(names, structs, this);
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

    // ---- files, constants, enums; structs and interfaces go to their emitters -----------------

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

    /** Emits the declarations nested in {@code scope} (a file, struct, group or interface), in schema order. */
    void emitScopeMembers(SourceWriter o, Node scope) {
        for (Schema.Nested nn : scope.nested) {
            Node child = names.node(nn.id());
            if (child == null) {
                continue;
            }
            switch (child.kind) {
                case CONST -> emitConst(o, nn.name(), child);
                case STRUCT -> structs.emitStruct(o, nn.name(), child);
                case ENUM -> emitEnum(o, nn.name(), child);
                case INTERFACE -> interfaces.emitInterface(o, nn.name(), child);
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
}
