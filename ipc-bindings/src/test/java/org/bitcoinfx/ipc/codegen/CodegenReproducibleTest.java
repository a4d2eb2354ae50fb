package org.bitcoinfx.ipc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.bitcoinfx.ipc.schema.CapnpTool;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The committed generated sources equal what the generator makes from {@code capnp compile -o-} now. */
class CodegenReproducibleTest {
    /** Same files and mapping as {@code ipc-bindings/codegen.sh}. */
    static final Map<String, String> MAPPING = new LinkedHashMap<>();

    static {
        MAPPING.put("capnp/rpc.capnp", "org.bitcoinfx.ipc.rpc.schema.CapnpRpc");
        MAPPING.put("capnp/rpc-twoparty.capnp", "org.bitcoinfx.ipc.rpc.schema.CapnpRpcTwoParty");
        MAPPING.put("mp/proxy.capnp", "org.bitcoinfx.ipc.schema.ProxyCapnp");
        MAPPING.put("common.capnp", "org.bitcoinfx.ipc.schema.CommonCapnp");
        MAPPING.put("echo.capnp", "org.bitcoinfx.ipc.schema.EchoCapnp");
        MAPPING.put("init.capnp", "org.bitcoinfx.ipc.schema.InitCapnp");
        MAPPING.put("mining.capnp", "org.bitcoinfx.ipc.schema.MiningCapnp");
        MAPPING.put("rpc.capnp", "org.bitcoinfx.ipc.schema.RpcCapnp");
    }

    /** Same {@code --node-path}s as {@code ipc-bindings/codegen.sh}. */
    static final Map<String, String> NODE_PATHS = Map.of(
            "mp/proxy.capnp", "include/mp/proxy.capnp",
            "echo.capnp", "capnp/echo.capnp",
            "init.capnp", "capnp/init.capnp",
            "mining.capnp", "capnp/mining.capnp",
            "rpc.capnp", "capnp/rpc.capnp");

    @Test
    void generatedSourcesMatchCommittedFiles() throws Exception {
        Assumptions.assumeTrue(CapnpTool.available(), "capnp not found: apt-get install capnproto");
        Path capnpDir = CapnpTool.schemaDir();
        Path javaDir = capnpDir.getParent().getParent().resolve("generated/java");
        String[] args = Stream.concat(Stream.of("compile", "-I.", "--no-standard-import", "-o-"), MAPPING.keySet().stream()).toArray(String[]::new);
        byte[] request = CapnpTool.run(capnpDir, new byte[0], args);
        Map<String, String> generated = CapnpcJava.generate(new ByteArrayInputStream(request), MAPPING, NODE_PATHS);

        TreeSet<String> committed = new TreeSet<>();
        for (String dir : new String[] {"org/bitcoinfx/ipc/schema", "org/bitcoinfx/ipc/rpc/schema"}) {
            try (Stream<Path> s = Files.list(javaDir.resolve(dir))) {
                s.filter(p -> p.toString().endsWith(".java")).forEach(p -> committed.add(javaDir.relativize(p).toString().replace('\\', '/')));
            }
        }
        TreeSet<String> made = new TreeSet<>();
        for (String k : generated.keySet()) {
            made.add(k.replace('\\', '/'));
        }
        assertEquals(committed, made, "set of generated files");
        assertEquals(MAPPING.size(), made.size());
        for (Map.Entry<String, String> e : generated.entrySet()) {
            String onDisk = Files.readString(javaDir.resolve(e.getKey()), StandardCharsets.UTF_8);
            assertEquals(onDisk, e.getValue(), e.getKey() + " differs from the generator's output; run ipc-bindings/codegen.sh");
        }
    }
}
