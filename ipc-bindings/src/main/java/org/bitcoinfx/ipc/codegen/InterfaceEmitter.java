package org.bitcoinfx.ipc.codegen;

import static org.bitcoinfx.ipc.codegen.JavaNames.hex;
import static org.bitcoinfx.ipc.codegen.JavaNames.isImplicitMethodStruct;
import static org.bitcoinfx.ipc.codegen.JavaNames.quote;
import static org.bitcoinfx.ipc.codegen.JavaNames.upperSnake;

import org.bitcoinfx.ipc.codegen.Schema.Method;
import org.bitcoinfx.ipc.codegen.Schema.Node;

/**
 * Emits an interface ({@code schema.capnp}'s {@code Node.interface} and its {@code Method}s) as a
 * class with {@code TYPE_ID}, {@code NAME}, {@code DISPLAY_NAME} (under the node's build paths),
 * {@code METHOD_…} ordinals, {@code methodName}, the {@code METHODS} table of
 * {@code org.bitcoinfx.ipc.rpc.MethodInfo}s, the implicit Params / Results structs (through
 * {@link StructEmitter}), its nested declarations, a typed {@code Client} of request factories on
 * {@code org.bitcoinfx.ipc.rpc.Capability}, and a {@code Server} skeleton whose methods answer
 * {@code unimplemented} unless overridden. Mirrors the interface part of {@code makeNodeText} in
 * capnproto-java's {@code compiler/capnpc-java.c++}, on our RPC runtime instead of capnproto-java's.
 */
final class InterfaceEmitter {
    private final JavaNames names;
    private final StructEmitter structs;
    private final CapnpcJava scopes;

    InterfaceEmitter(JavaNames names, StructEmitter structs, CapnpcJava scopes) {
        this.names = names;
        this.structs = structs;
        this.scopes = scopes;
    }

    /** Emits interface {@code iface} as the nested class {@code name}. */
    void emitInterface(SourceWriter o, String name, Node iface) {
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
        emitMethodTable(o, iface);
        for (Method m : iface.methods) {
            for (long id : new long[] {m.paramStructType(), m.resultStructType()}) {
                Node st = names.node(id);
                if (isImplicitMethodStruct(st)) {
                    String jn = names.javaName(id);
                    structs.emitStruct(o, jn.substring(jn.lastIndexOf('.') + 1), st);
                }
            }
        }
        scopes.emitScopeMembers(o, iface);
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

    /**
     * Emits {@code METHODS}: one {@code org.bitcoinfx.ipc.rpc.MethodInfo} per method in ordinal
     * order, with its name and the names of its params struct's fields in declaration order.
     */
    private void emitMethodTable(SourceWriter o, Node iface) {
        o.line("");
        o.line("/** The methods in ordinal order: ordinal, name as in the schema, the params struct's field names in declaration order. */");
        if (iface.methods.isEmpty()) {
            o.line("public static final java.util.List<org.bitcoinfx.ipc.rpc.MethodInfo> METHODS = java.util.List.of();");
            return;
        }
        o.line("public static final java.util.List<org.bitcoinfx.ipc.rpc.MethodInfo> METHODS = java.util.List.of(");
        for (int i = 0; i < iface.methods.size(); i++) {
            Method m = iface.methods.get(i);
            String fields = names.node(m.paramStructType()).fields.stream()
                    .sorted(java.util.Comparator.comparingInt(Schema.Field::codeOrder))
                    .map(f -> quote(f.name()))
                    .collect(java.util.stream.Collectors.joining(", "));
            o.line("        new org.bitcoinfx.ipc.rpc.MethodInfo(" + m.ordinal() + ", " + quote(m.name()) + ", java.util.List.of(" + fields + "))"
                    + (i + 1 < iface.methods.size() ? "," : ");"));
        }
    }
}
