package org.bitcoinfx.ipc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.BlockCreateOptions;
import org.bitcoinfx.ipc.BlockRef;
import org.bitcoinfx.ipc.BlockTemplate;
import org.bitcoinfx.ipc.CoinbaseTx;
import org.bitcoinfx.ipc.IpcNodeClient;

/**
 * The {@code bitcoinfx-ipc} command line: talks to a bitcoin-node over its IPC socket only.
 *
 * <pre>
 * bitcoinfx-ipc [--socket PATH | --datadir DIR [--chain main|test|testnet4|signet|regtest]] [--debug-ipc] COMMAND
 *   echo TEXT                     Echo.echo
 *   tip                           Mining.getTip
 *   wait-tip [--timeout MS]       Mining.waitTipChanged on the current tip (default 60000 ms)
 *   template [--json]             Mining.createNewBlock and the template's fields
 *   rpc METHOD [ARGS…] [--wallet NAME]   any JSON-RPC call through Rpc.executeRpc
 *   check [--json FILE]           conformance run: Bitcoin Core's interface_ipc*.py assertions, row by row
 *   schema [--json]               every interface and method ordinal of the app's schemas, and which this node serves
 *                                 (probed without side effects: {@link SchemaReport}, {@link SchemaProbe})
 * </pre>
 * Exit status: 0 on success, 1 on a failed call or check, 2 on bad usage; {@code schema} exits 0
 * unless the connection fails, whatever the node serves.
 */
public final class BitcoinFxIpc {
    static final ObjectMapper JSON = new ObjectMapper();

    private BitcoinFxIpc() {
    }

    /** Entry point; see the class comment. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path socket = null;
        Path datadir = null;
        String chain = "main";
        boolean debug = false;
        List<String> rest = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--socket" -> socket = Path.of(args[++i]);
                    case "--datadir" -> datadir = Path.of(args[++i]);
                    case "--chain" -> chain = args[++i];
                    case "--debug-ipc" -> debug = true;
                    case "-h", "--help", "help" -> {
                        out.println(usage());
                        return 0;
                    }
                    default -> rest.add(args[i]);
                }
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            err.println("missing value after " + args[args.length - 1]);
            return 2;
        }
        if (rest.isEmpty()) {
            err.println(usage());
            return 2;
        }
        if (socket == null) {
            if (datadir == null) {
                err.println("give --socket PATH, or --datadir DIR [--chain CHAIN] to find the node's socket");
                return 2;
            }
            try {
                socket = socketPath(datadir, chain);
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                return 2;
            }
        }
        String cmd = rest.remove(0);
        IpcNodeClient connected;
        try {
            connected = IpcNodeClient.connect(socket);
        } catch (java.io.IOException e) {
            // as bitcoin-cli -ipcconnect says it (BC src/bitcoin-cli.cpp; test/functional/interface_ipc_cli.py)
            err.println("error: " + e.getMessage() + "\n\nProbably bitcoin-node is not running or not listening on this unix socket. "
                    + "Can be started with:\n\n    bitcoin-node -chain=" + (chain == null ? "main" : chain) + " -ipcbind=unix\n");
            return 1;
        }
        try (IpcNodeClient client = connected) {
            if (debug) {
                client.addListener(e -> err.println("ipc: " + e.toLogLine()));
            }
            return switch (cmd) {
                case "echo" -> {
                    out.println(client.echo(String.join(" ", rest)).get());
                    yield 0;
                }
                case "tip" -> {
                    Optional<BlockRef> tip = client.mining().getTip().get();
                    out.println(tip.map(t -> t.height() + " " + t.hashHex()).orElse("no tip"));
                    yield 0;
                }
                case "wait-tip" -> waitTip(client, rest, out);
                case "template" -> template(client, rest.contains("--json"), out);
                case "rpc" -> rpc(client, rest, out, err);
                case "check" -> check(client, socket, rest, out, err);
                case "schema" -> SchemaReport.run(client, rest.contains("--json"), out);
                default -> {
                    err.println("unknown command: " + cmd + "\n" + usage());
                    yield 2;
                }
            };
        } catch (ExecutionException e) {
            err.println("error: " + e.getCause().getMessage());
            return 1;
        } catch (Exception e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    /** {@code check [--json FILE]}: @return 0 if no row failed, 1 if one did, 2 for a bad argument */
    private static int check(IpcNodeClient client, Path socket, List<String> rest, PrintStream out, PrintStream err) {
        Path json = null;
        int k = rest.indexOf("--json");
        if (k >= 0) {
            if (k + 1 >= rest.size() || rest.get(k + 1).startsWith("--")) {
                err.println("check --json needs a FILE to write the report to");
                return 2;
            }
            json = Path.of(rest.get(k + 1));
        }
        return new ConformanceCheck(client, socket, out).run(json);
    }

    static String usage() {
        return """
                usage: bitcoinfx-ipc [--socket PATH | --datadir DIR [--chain CHAIN]] [--debug-ipc] COMMAND
                  echo TEXT                          Echo.echo
                  tip                                Mining.getTip: height and hash
                  wait-tip [--timeout MS]            Mining.waitTipChanged on the current tip (default 60000 ms)
                  template [--json]                  Mining.createNewBlock and the template's fields
                  rpc METHOD [ARGS...] [--wallet NAME]  any JSON-RPC call through Rpc.executeRpc
                  check [--json FILE]                conformance run: a row per assertion of Bitcoin Core's interface_ipc*.py
                                                     tests a client can make, plus the app's own; FILE gets a JSON report
                  schema [--json]                    every interface and method ordinal of the app's schemas, and whether
                                                     this node serves it (probed without side effects where possible)
                CHAIN is main, test, testnet4, signet or regtest; the socket is <datadir>/<network dir>/node.sock,
                as bitcoin-node -ipcbind=unix makes it.""";
    }

    /**
     * The socket {@code bitcoin-node -ipcbind=unix} listens on: {@code <datadir>/node.sock} on
     * mainnet, {@code <datadir>/<testnet3|testnet4|signet|regtest>/node.sock} otherwise (BC
     * {@code src/ipc/process.cpp}).
     *
     * @throws IllegalArgumentException for an unknown chain
     */
    public static Path socketPath(Path datadir, String chain) {
        String sub = switch (chain) {
            case "main" -> "";
            case "test" -> "testnet3";
            case "testnet4" -> "testnet4";
            case "signet" -> "signet";
            case "regtest" -> "regtest";
            default -> throw new IllegalArgumentException("unknown chain '" + chain + "' (main, test, testnet4, signet, regtest)");
        };
        return sub.isEmpty() ? datadir.resolve("node.sock") : datadir.resolve(sub).resolve("node.sock");
    }

    private static int waitTip(IpcNodeClient client, List<String> rest, PrintStream out) throws Exception {
        long ms = 60000;
        int i = rest.indexOf("--timeout");
        if (i >= 0 && i + 1 < rest.size()) {
            ms = Long.parseLong(rest.get(i + 1));
        }
        BlockRef tip = client.mining().getTip().get().orElseThrow(() -> new IllegalStateException("the node has no tip yet"));
        Optional<BlockRef> next = client.mining().waitTipChanged(tip.hash(), Duration.ofMillis(ms)).get();
        out.println(next.map(t -> t.height() + " " + t.hashHex() + (t.equals(tip) ? " (unchanged: timeout)" : "")).orElse("interrupted"));
        return 0;
    }

    private static int template(IpcNodeClient client, boolean json, PrintStream out) throws Exception {
        Optional<BlockTemplate> maybe = client.mining().createNewBlock(BlockCreateOptions.DEFAULT, true).get(2, TimeUnit.MINUTES);
        if (maybe.isEmpty()) {
            out.println("no template (interrupted)");
            return 1;
        }
        try (BlockTemplate t = maybe.get()) {
            byte[] header = t.getBlockHeader().get();
            byte[] block = t.getBlock().get();
            List<Long> fees = t.getTxFees().get();
            List<Long> sigops = t.getTxSigops().get();
            CoinbaseTx cb = t.getCoinbaseTx().get();
            List<byte[]> path = t.getCoinbaseMerklePath().get();
            HexFormat hex = HexFormat.of();
            ObjectNode o = JSON.createObjectNode();
            o.put("header", hex.formatHex(header));
            o.put("previousblockhash", BlockRef.toDisplayHex(java.util.Arrays.copyOfRange(header, 4, 36)));
            o.put("blocksize", block.length);
            o.put("transactions", fees.size());
            o.put("totalfees_sat", fees.stream().mapToLong(Long::longValue).sum());
            o.set("txfees_sat", JSON.valueToTree(fees));
            o.set("txsigops", JSON.valueToTree(sigops));
            ObjectNode c = o.putObject("coinbase");
            c.put("version", cb.version());
            c.put("sequence", cb.sequence());
            c.put("scriptsigprefix", hex.formatHex(cb.scriptSigPrefix()));
            c.put("witness", cb.witness() == null ? null : hex.formatHex(cb.witness()));
            c.put("blockrewardremaining_sat", cb.blockRewardRemaining());
            c.set("requiredoutputs", JSON.valueToTree(cb.requiredOutputs().stream().map(hex::formatHex).toList()));
            c.put("locktime", cb.lockTime());
            o.set("coinbasemerklepath", JSON.valueToTree(path.stream().map(BlockRef::toDisplayHex).toList()));
            if (json) {
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o));
            } else {
                o.fields().forEachRemaining(e -> out.println(e.getKey() + ": " + e.getValue()));
            }
        }
        return 0;
    }

    private static int rpc(IpcNodeClient client, List<String> rest, PrintStream out, PrintStream err) throws Exception {
        String wallet = null;
        int w = rest.indexOf("--wallet");
        if (w >= 0) {
            if (w + 1 >= rest.size()) {
                err.println("--wallet needs a NAME");
                return 2;
            }
            wallet = rest.get(w + 1);
            rest.remove(w + 1);
            rest.remove(w);
        }
        if (rest.isEmpty()) {
            err.println("rpc needs a METHOD");
            return 2;
        }
        String method = rest.remove(0);
        Object[] params = rest.stream().map(BitcoinFxIpc::cliArg).toArray();
        JsonNode r = (wallet == null ? client.rpc().call(method, params) : client.rpc().callWallet(wallet, method, params)).get();
        out.println(r.isTextual() ? r.asText() : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r));
        return 0;
    }

    /** As bitcoin-cli: an argument that parses as JSON is sent as that value, anything else as a string. */
    public static Object cliArg(String s) {
        try {
            JsonNode n = JSON.readTree(s);
            return n == null ? s : n;
        } catch (Exception e) {
            return s;
        }
    }
}
