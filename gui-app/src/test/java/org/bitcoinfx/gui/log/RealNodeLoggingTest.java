package org.bitcoinfx.gui.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.gui.RealNodeForLogs;
import org.bitcoinfx.ipc.JsonRpcException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LoggingService} on a real node ({@code BITCOIN_NODE}): a category turned on at run time brings its
 * {@code [category]} lines, read by {@link NodeLogLine}; off, they stop; an unknown one is refused in the node's words.
 * And {@code ipc}: turned on at run time, it brings no IPC call lines (the node's IPC loop fixed its level at start).
 */
class RealNodeLoggingTest {
    @TempDir
    Path tmp;

    @Test
    void categoriesOnAndOffAtRunTime() throws Exception {
        try (RealNodeForLogs n = RealNodeForLogs.start(tmp.resolve("n"), "-logtimemicros")) {
            LoggingService s = new LoggingService(n.client());
            Map<String, Boolean> before = s.categories().get(60, TimeUnit.SECONDS);
            assertEquals(Boolean.FALSE, before.get("validation"));
            assertEquals(Boolean.FALSE, before.get("ipc"));

            Map<String, Boolean> on = s.set(List.of("validation", "ipc"), List.of()).get(60, TimeUnit.SECONDS);
            assertTrue(on.get("validation") && on.get("ipc"));
            n.client().rpc().call("generatetodescriptor", 1, "raw(51)").get(60, TimeUnit.SECONDS);
            // the [validation] lines of a block's events are written by the node's scheduler thread after the
            // generating call returns (validationinterface.cpp LOG_EVENT): wait until it has run them all
            n.client().rpc().call("syncwithvalidationinterfacequeue").get(60, TimeUnit.SECONDS);
            long validation = count(n, "validation");
            assertTrue(validation > 0, "[validation] lines once it is on");
            assertEquals(0, n.lines().stream().filter(l -> l.contains("IPC server recv request")).count(),
                    "ipc turned on at run time brings no IPC call lines: they need -debug=ipc at start");

            Map<String, Boolean> off = s.set(List.of(), List.of("validation", "ipc")).get(60, TimeUnit.SECONDS);
            assertFalse(off.get("validation"));
            n.client().rpc().call("generatetodescriptor", 1, "raw(51)").get(60, TimeUnit.SECONDS);
            n.client().rpc().call("syncwithvalidationinterfacequeue").get(60, TimeUnit.SECONDS);
            assertEquals(validation, count(n, "validation"), "no new [validation] lines once it is off");

            ExecutionException e = assertThrows(ExecutionException.class, () -> s.set(List.of("nosuchcategory"), List.of()).get(60, TimeUnit.SECONDS));
            JsonRpcException j = (JsonRpcException) e.getCause();
            assertTrue(j.getMessage().contains("unknown logging category nosuchcategory"), j.getMessage());
        }
    }

    private static long count(RealNodeForLogs n, String category) throws java.io.IOException {
        return n.lines().stream().map(NodeLogLine::parse).filter(l -> l.category().equals(category)).count();
    }
}
