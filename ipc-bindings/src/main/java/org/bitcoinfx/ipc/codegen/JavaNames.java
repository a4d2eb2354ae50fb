package org.bitcoinfx.ipc.codegen;

import java.util.HashMap;
import java.util.Map;
import org.bitcoinfx.ipc.codegen.Schema.Field;
import org.bitcoinfx.ipc.codegen.Schema.Method;
import org.bitcoinfx.ipc.codegen.Schema.Node;
import org.bitcoinfx.ipc.codegen.Schema.NodeKind;

/**
 * Node lookup and naming over a parsed {@code CodeGeneratorRequest} ({@code schema.capnp}'s
 * {@code Node}, {@code Node.NestedNode}, {@code Field.group}, {@code Method.paramStructType} /
 * {@code resultStructType}): gives every node of a mapped file its Java name, as capnproto-java's
 * {@code compiler/capnpc-java.c++} does in {@code javaFullName}, plus the names it adds itself:
 * groups as the capitalized field name, implicit method structs as {@code FooParams} /
 * {@code FooResults} in their interface. Also the literal and case helpers shared by the emitters
 * ({@code toTitleCase} / {@code toUpperCase} there).
 */
final class JavaNames {
    private final Schema schema;
    private final Map<Long, String> javaNames = new HashMap<>();
    private final Map<String, String> nodePaths;

    JavaNames(Schema schema, Map<String, String> nodePaths) {
        this.schema = schema;
        this.nodePaths = nodePaths;
    }

    /** @return the node with ID {@code id}, or null if the request does not hold it */
    Node node(long id) {
        return schema.nodes.get(id);
    }

    /** Names a mapped file's outer class {@code target} and, below it, everything it declares. */
    void nameFile(Node file, String target) {
        javaNames.put(file.id, target);
        nameChildren(file, target);
    }

    private void nameChildren(Node node, String prefix) {
        for (Schema.Nested nn : node.nested) {
            Node child = node(nn.id());
            if (child == null) {
                continue;
            }
            String name = prefix + "." + nn.name();
            javaNames.put(child.id, name);
            nameChildren(child, name);
        }
        if (node.kind == NodeKind.STRUCT) {
            for (Field f : node.fields) {
                if (f.isGroup()) {
                    Node g = node(f.groupId());
                    String name = prefix + "." + capitalize(f.name());
                    javaNames.put(g.id, name);
                    nameChildren(g, name);
                }
            }
        }
        if (node.kind == NodeKind.INTERFACE) {
            for (Method m : node.methods) {
                nameMethodStruct(prefix, m.paramStructType(), capitalize(m.name()) + "Params");
                nameMethodStruct(prefix, m.resultStructType(), capitalize(m.name()) + "Results");
            }
        }
    }

    private void nameMethodStruct(String prefix, long id, String name) {
        Node n = node(id);
        if (n != null && isImplicitMethodStruct(n)) {
            javaNames.put(id, prefix + "." + name);
            nameChildren(n, prefix + "." + name);
        }
    }

    /** @return true for a method's params or results struct declared inline ({@code foo @0 (x :T)}) */
    static boolean isImplicitMethodStruct(Node n) {
        return n.scopeId == 0 && n.displayName.contains("$");
    }

    /** @return the fully qualified Java name of node {@code id}; fails if its file is not mapped */
    String javaName(long id) {
        String name = javaNames.get(id);
        if (name == null) {
            Node n = node(id);
            throw new IllegalArgumentException("no Java name for " + (n == null ? Long.toHexString(id) : n.displayName)
                    + ": map its file");
        }
        return name;
    }

    /** {@code file.capnp:Name} with the file as the node's build named it ({@code --node-path}). */
    String nodeDisplayName(String displayName) {
        int colon = displayName.indexOf(':');
        String path = colon < 0 ? null : nodePaths.get(displayName.substring(0, colon));
        return path == null ? displayName : path + displayName.substring(colon);
    }

    /** {@code fooBar} to {@code FooBar}. */
    static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** {@code fooBar} to {@code FOO_BAR}. */
    static String upperSnake(String camel) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c) && i > 0 && !Character.isUpperCase(camel.charAt(i - 1))) {
                b.append('_');
            }
            b.append(Character.toUpperCase(c));
        }
        return b.toString();
    }

    /** A 64-bit ID as a Java {@code long} literal, {@code 0x…L}. */
    static String hex(long id) {
        return String.format("0x%016xL", id);
    }

    /** A Java string literal of {@code s}: quotes, backslashes and newlines escaped, other control and non-ASCII characters as Unicode escapes. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (ch < 0x20 || ch > 0x7e) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
