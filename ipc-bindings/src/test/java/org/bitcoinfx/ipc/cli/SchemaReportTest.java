package org.bitcoinfx.ipc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.ipc.cli.SchemaReport.Row;
import org.bitcoinfx.ipc.cli.SchemaReport.Status;
import org.bitcoinfx.ipc.rpc.CallContext;
import org.bitcoinfx.ipc.rpc.Capability;
import org.bitcoinfx.ipc.rpc.MethodInfo;
import org.bitcoinfx.ipc.rpc.RpcConnection;
import org.bitcoinfx.ipc.rpc.transport.InMemoryTransport;
import org.bitcoinfx.ipc.schema.EchoCapnp;
import org.bitcoinfx.ipc.schema.InitCapnp;
import org.bitcoinfx.ipc.schema.MiningCapnp;
import org.bitcoinfx.ipc.schema.ProxyCapnp;
import org.bitcoinfx.ipc.schema.RpcCapnp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The generated {@code METHODS} tables against the generated classes, and the schema report's
 * rows, table and JSON against a bare in-memory node: {@code Init.construct},
 * {@code ThreadMap.makeThread} and {@code Thread.getName} only, a {@code makeMining} that runs without a thread and returns
 * no object, the rest UNIMPLEMENTED. The FakeNode's and a real node's reports are
 * {@code FakeNodeSchemaReportTest}'s and {@link RealNodeSchemaReportTest}'s.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SchemaReportTest {
    private static final List<Class<?>> CLIENTS = List.of(InitCapnp.Init.Client.class, ProxyCapnp.ThreadMap.Client.class,
            ProxyCapnp.Thread.Client.class, EchoCapnp.Echo.Client.class, MiningCapnp.Mining.Client.class,
            MiningCapnp.BlockTemplate.Client.class, RpcCapnp.Rpc.Client.class);

    @Test
    void everyInterfaceIsReportedWithItsMethodsInOrdinalOrder() {
        assertEquals(List.of("Init", "ThreadMap", "Thread", "Echo", "Mining", "BlockTemplate", "Rpc"),
                SchemaProbe.INTERFACES.stream().map(SchemaProbe.Iface::name).toList());
        for (SchemaProbe.Iface i : SchemaProbe.INTERFACES) {
            for (int k = 0; k < i.methods().size(); k++) {
                assertEquals(k, i.methods().get(k).ordinal(), i.name() + " ordinals are 0…n-1 in order");
            }
        }
        assertEquals(new MethodInfo(4, "createNewBlock", List.of("context", "options", "cooldown")), MiningCapnp.Mining.METHODS.get(4));
        assertEquals(new MethodInfo(10, "submitSolution", List.of("context", "version", "timestamp", "nonce", "coinbase")),
                MiningCapnp.BlockTemplate.METHODS.get(10));
        assertEquals(new MethodInfo(2, "makeMiningOld2", List.of()), InitCapnp.Init.METHODS.get(2));
        assertEquals(new MethodInfo(1, "makePool", List.of("count")), ProxyCapnp.ThreadMap.METHODS.get(1));
    }

    /** hasContext() holds exactly for the methods whose params have a field of type Proxy.Context, and names match the clients'. */
    @Test
    void hasContextMatchesTheParamsTypes() throws Exception {
        int withContext = 0;
        for (int k = 0; k < CLIENTS.size(); k++) {
            SchemaProbe.Iface iface = SchemaProbe.INTERFACES.get(k);
            for (MethodInfo m : iface.methods()) {
                Method request = CLIENTS.get(k).getMethod(m.name() + "Request");
                Class<?> params = (Class<?>) ((ParameterizedType) request.getGenericReturnType()).getActualTypeArguments()[0];
                boolean contextTyped = java.util.Arrays.stream(params.getMethods())
                        .anyMatch(x -> x.getName().startsWith("init") && x.getParameterCount() == 0 && x.getReturnType() == ProxyCapnp.Context.Builder.class);
                assertEquals(contextTyped, m.hasContext(), iface.name() + "." + m.name());
                for (String f : m.paramFields()) {
                    String cap = Character.toUpperCase(f.charAt(0)) + f.substring(1);
                    assertTrue(java.util.Arrays.stream(params.getMethods()).anyMatch(x -> x.getName().matches("(set|init|get)" + cap + "(CapIndex)?")),
                            iface.name() + "." + m.name() + " has no field " + f);
                }
                withContext += m.hasContext() ? 1 : 0;
            }
        }
        assertEquals(25, withContext); // 32 methods; no Context: construct, makeMiningOld2, makeThread, makePool, getName, interrupt, interruptWait
    }

    /** Init with construct and makeThread only; makeMining runs without looking at the thread and returns no object. */
    static final class BareInit extends InitCapnp.Init.Server {
        final Capability threadMap = Capability.local(new ProxyCapnp.ThreadMap.Server() {
            @Override
            protected CompletableFuture<Void> makeThread(CallContext.Typed<ProxyCapnp.ThreadMap.MakeThreadParams.Reader,
                    ProxyCapnp.ThreadMap.MakeThreadResults.Builder> c) {
                c.results().setResultCapIndex(c.addResultCap(Capability.local(new ProxyCapnp.Thread.Server() {
                    @Override
                    protected CompletableFuture<Void> getName(CallContext.Typed<ProxyCapnp.Thread.GetNameParams.Reader,
                            ProxyCapnp.Thread.GetNameResults.Builder> t) {
                        t.results().setResult("bare");
                        return CompletableFuture.completedFuture(null);
                    }
                })));
                return CompletableFuture.completedFuture(null);
            }
        });

        @Override
        protected CompletableFuture<Void> construct(CallContext.Typed<InitCapnp.Init.ConstructParams.Reader, InitCapnp.Init.ConstructResults.Builder> c) {
            c.results().setThreadMapCapIndex(c.addResultCap(threadMap.dup()));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        protected CompletableFuture<Void> makeMining(CallContext.Typed<InitCapnp.Init.MakeMiningParams.Reader, InitCapnp.Init.MakeMiningResults.Builder> c) {
            return CompletableFuture.completedFuture(null);
        }
    }

    private static List<Row> probeBareNode() throws Exception {
        InMemoryTransport.Pair pair = InMemoryTransport.pair();
        RpcConnection server = new RpcConnection(pair.b(), new BareInit());
        try (IpcNodeClient client = IpcNodeClient.open(new RpcConnection(pair.a(), null), Duration.ofSeconds(10))) {
            return SchemaReport.probe(client);
        } finally {
            server.close();
        }
    }

    private static Row row(List<Row> rows, String iface, int ordinal) {
        return rows.stream().filter(r -> r.iface().equals(iface) && r.ordinal() == ordinal).findFirst().orElseThrow();
    }

    @Test
    void aBareNodesRowsSayServedNotServedNotProbedAndUnexpected() throws Exception {
        List<Row> rows = probeBareNode();
        assertEquals(32, rows.size());
        String unimplemented = "Method not implemented.; interfaceName = capnp/init.capnp:Init; typeId = "
                + Long.toUnsignedString(InitCapnp.Init.TYPE_ID) + "; methodId = 1";
        assertEquals(new Row("Init", 0, "construct", Status.SERVED, SchemaProbe.HANDSHAKE), row(rows, "Init", 0));
        assertEquals(new Row("Init", 1, "makeEcho", Status.NOT_SERVED, unimplemented), row(rows, "Init", 1));
        assertEquals(new Row("Init", 3, "makeMining", Status.UNEXPECTED, "ran without a thread"), row(rows, "Init", 3));
        assertEquals(new Row("Thread", 0, "getName", Status.SERVED, "ran"), row(rows, "Thread", 0));
        assertEquals(Status.NOT_SERVED, row(rows, "ThreadMap", 1).status());
        assertEquals(new Row("Echo", 1, "echo", Status.NOT_PROBED, "no Echo object: Init.makeEcho answered UNIMPLEMENTED"), row(rows, "Echo", 1));
        assertEquals(new Row("Mining", 6, "interrupt", Status.NOT_PROBED, "no Mining object: Init.makeMining returned none"), row(rows, "Mining", 6));
        assertEquals(new Row("BlockTemplate", 10, "submitSolution", Status.NOT_PROBED, "no BlockTemplate object: Init.makeMining returned none"),
                row(rows, "BlockTemplate", 10));
        assertEquals("3 served, 4 not served, 24 not probed, 1 unexpected", SchemaReport.summary(rows));

        String table = SchemaReport.table(rows);
        List<String> lines = table.lines().toList();
        assertEquals("interface      @    method                      status", lines.get(0));
        assertEquals("Init           @0   construct                   served (the handshake called it)", lines.get(1));
        assertEquals("Init           @1   makeEcho                    not served (older schema)", lines.get(2));
        assertTrue(lines.contains("Echo           @0   destroy                     not probed (no Echo object: Init.makeEcho answered UNIMPLEMENTED)"), table);
        assertTrue(lines.contains("Init           @3   makeMining                  unexpected (ran without a thread)"), table);
        assertEquals(SchemaReport.summary(rows), lines.get(lines.size() - 1));
        assertEquals(34, lines.size());

        JsonNode json = SchemaReport.toJson(rows);
        assertEquals(32, json.get("methods").size());
        assertEquals("not probed", json.get("methods").get(9).get("status").asText());
        assertEquals("Echo.echo", json.get("methods").get(9).get("interface").asText() + "." + json.get("methods").get(9).get("method").asText());
        assertEquals(List.of(3, 4, 24, 1), List.of(json.get("served").asInt(), json.get("notServed").asInt(), json.get("notProbed").asInt(),
                json.get("unexpected").asInt()));
        assertEquals(rows.stream().map(Row::statusText).collect(Collectors.toList()),
                java.util.stream.StreamSupport.stream(json.get("methods").spliterator(), false).map(m -> m.get("text").asText()).toList());
    }

    @Test
    void usageListsTheSchemaCommand() {
        assertTrue(BitcoinFxIpc.usage().contains("schema [--json]"), BitcoinFxIpc.usage());
    }
}
