package org.bitcoinfx.ipc.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Objects;
import org.bitcoinfx.ipc.IpcNodeClient;

/**
 * {@code bitcoinfx-ipc schema [--json]}: every interface and method ordinal the app's schemas
 * define ({@code ipc-bindings/src/main/capnp}, through the generated {@code METHODS} tables) and
 * whether this node serves it, so that schema drift between a node and the app shows at a glance.
 * How each method is probed, without side effects, is {@link SchemaProbe}'s part.
 *
 * <p>The table has a row per method, interface by interface (Init, ThreadMap, Thread, Echo, Mining,
 * BlockTemplate, Rpc) and by ordinal: interface, {@code @ordinal}, method, and one of "served",
 * "not served (older schema)", "not probed (why)" or, for an answer no node should give,
 * "unexpected (answer)"; the last line counts them: {@code N served, N not served, N not probed}
 * (and {@code , N unexpected} if any). {@code --json} prints the same as an object
 * ({@link #toJson}).
 */
public final class SchemaReport {
    /** What the probe found out about one method. */
    public enum Status {
        /** The node's schema has the method. */
        SERVED("served"),
        /** The node answered UNIMPLEMENTED: its schema is older than the app's. */
        NOT_SERVED("not served"),
        /** Not sent: it would run, or the object it is called on could not be made. */
        NOT_PROBED("not probed"),
        /** An answer no node should give to the probe (a Context call that ran, another error, no answer). */
        UNEXPECTED("unexpected");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        /** @return the status as the report prints it ({@code not served}) */
        public String label() {
            return label;
        }
    }

    /**
     * One row of the report.
     *
     * @param iface   the interface's name in the schema ({@code BlockTemplate})
     * @param ordinal the method's ordinal ({@code @N})
     * @param method  the method's name in the schema ({@code submitSolution})
     * @param status  what the probe found
     * @param detail  served: how it was found when not by the null-thread probe ("the handshake
     *                called it", "ran", "ran, answered FAILED: …"), else empty; not served: the
     *                node's UNIMPLEMENTED reason; not probed: why; unexpected: the answer
     */
    public record Row(String iface, int ordinal, String method, Status status, String detail) {
        /** @throws NullPointerException for a null field */
        public Row {
            Objects.requireNonNull(iface, "iface");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(detail, "detail");
        }

        /**
         * @return the last column: {@code served}, {@code served (the handshake called it)},
         *         {@code not served (older schema)}, {@code not probed (why)}, {@code unexpected (answer)}
         */
        public String statusText() {
            return switch (status) {
                case SERVED -> detail.isEmpty() ? "served" : "served (" + detail + ")";
                case NOT_SERVED -> "not served (older schema)";
                case NOT_PROBED, UNEXPECTED -> status.label() + " (" + detail + ")";
            };
        }

        /** @return the row as the table prints it, columns padded */
        public String line() {
            return String.format("%-14s %-4s %-27s %s", iface, "@" + ordinal, method, statusText());
        }
    }

    private SchemaReport() {
    }

    /**
     * Probes every method on {@code client}'s connection ({@link SchemaProbe}). The connection must
     * have no {@code ThreadMap.makePool}.
     *
     * @return one row per method the app's schemas define, in report order
     * @throws IOException if the connection fails
     */
    public static List<Row> probe(IpcNodeClient client) throws IOException {
        return new SchemaProbe(client).run();
    }

    /**
     * Runs the command: probes, prints the table (or JSON) to {@code out}.
     *
     * @return 0; a failing connection throws instead
     * @throws IOException if the connection fails
     */
    public static int run(IpcNodeClient client, boolean json, PrintStream out) throws IOException {
        List<Row> rows = probe(client);
        if (json) {
            try {
                out.println(BitcoinFxIpc.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(rows)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            out.print(table(rows));
        }
        return 0;
    }

    /** @return the table: a header line, a line per row ({@link Row#line()}), the {@link #summary} line; each line ends in a newline */
    public static String table(List<Row> rows) {
        StringBuilder b = new StringBuilder(String.format("%-14s %-4s %-27s %s%n", "interface", "@", "method", "status"));
        rows.forEach(r -> b.append(r.line()).append(System.lineSeparator()));
        return b.append(summary(rows)).append(System.lineSeparator()).toString();
    }

    /** @return {@code N served, N not served, N not probed}, then {@code , N unexpected} if there are any */
    public static String summary(List<Row> rows) {
        String s = count(rows, Status.SERVED) + " served, " + count(rows, Status.NOT_SERVED) + " not served, "
                + count(rows, Status.NOT_PROBED) + " not probed";
        long unexpected = count(rows, Status.UNEXPECTED);
        return unexpected == 0 ? s : s + ", " + unexpected + " unexpected";
    }

    /** @return how many rows have {@code status} */
    public static long count(List<Row> rows, Status status) {
        return rows.stream().filter(r -> r.status() == status).count();
    }

    /**
     * The report as JSON: {@code {"methods": [{"interface", "ordinal", "method", "status" (a
     * {@link Status#label()}), "detail", "text" (the table's last column)}…], "served", "notServed",
     * "notProbed", "unexpected"}} (counts).
     */
    public static ObjectNode toJson(List<Row> rows) {
        ObjectNode o = BitcoinFxIpc.JSON.createObjectNode();
        ArrayNode a = o.putArray("methods");
        for (Row r : rows) {
            ObjectNode m = a.addObject();
            m.put("interface", r.iface());
            m.put("ordinal", r.ordinal());
            m.put("method", r.method());
            m.put("status", r.status().label());
            m.put("detail", r.detail());
            m.put("text", r.statusText());
        }
        o.put("served", count(rows, Status.SERVED));
        o.put("notServed", count(rows, Status.NOT_SERVED));
        o.put("notProbed", count(rows, Status.NOT_PROBED));
        o.put("unexpected", count(rows, Status.UNEXPECTED));
        return o;
    }
}
