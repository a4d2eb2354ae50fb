package org.bitcoinfx.node.fake;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The fake node's command line: bitcoin-node's options that matter to it, and test-only
 * {@code -fake…} options. Unknown options are kept in {@link #ignored()} (the node logs them and
 * goes on). Parsed as Bitcoin Core's {@code ArgsManager} does: {@code -name=value}, {@code --name},
 * {@code -noname} (= {@code -name=0}), the last value wins except for repeatable options.
 *
 * <pre>
 * -version                 print "Bitcoin Core daemon version v31.99.0-fake bitcoin-node" and exit 0
 * -datadir=DIR             default ~/.bitcoin
 * -chain=NAME | -regtest | -testnet | -testnet4 | -signet   (default main; the chain is always a regtest-like one)
 * -ipcbind=unix[:PATH]     repeatable; PATH relative to the network datadir; default PATH node.sock
 * -server, -printtoconsole (default 1), -debug=CATEGORY (repeatable)
 * -fakeblocks=N            mine N blocks at startup, 10 minutes apart, ending now
 * -fakeblockevery=S        mine a block every S seconds (decimal)
 * -fakecrashafter=S        exit with code 1 S seconds after "Done loading", without cleaning up
 * -fakeibd[=HEADERS]       simulate initial block download up to HEADERS (default 300) headers
 * -fakeibdblockms=MS       IBD pace: one block every MS ms (default 250)
 * -fakestartdelay=MS       stay in warmup (RPC error -28) for MS ms after binding the socket
 * -fakebinddelay=MS        load for MS ms ("Loading block index…") before binding the socket at all
 * -fakepeers=N             peers shown while the network is active (default 4)
 * -fakeschema=NAME         the mining.capnp served: current (default), pre-submitsolution10, pre-gettransactions8,
 *                          pre-submitblock7 ({@link FakeSchema}); what it lacks answers UNIMPLEMENTED
 * </pre>
 *
 * @param version          {@code -version} given
 * @param datadir          the datadir
 * @param chain            the {@code -chain} name: main, test, testnet4, signet or regtest
 * @param ipcbind          the {@code -ipcbind} values, e.g. {@code unix} or {@code unix:/run/x/node.sock}
 * @param printToConsole   copy debug.log lines to stdout
 * @param debug            {@code -debug} categories
 * @param server           the {@code -server} value (the fake never opens a TCP port either way)
 * @param blocks           {@code -fakeblocks}
 * @param blockEverySeconds {@code -fakeblockevery}, 0 for never
 * @param crashAfterSeconds {@code -fakecrashafter}, 0 for never
 * @param ibdHeaders       {@code -fakeibd} headers, 0 for no IBD
 * @param ibdBlockMs       {@code -fakeibdblockms}
 * @param startDelayMs     {@code -fakestartdelay}
 * @param bindDelayMs      {@code -fakebinddelay}
 * @param peers            {@code -fakepeers}
 * @param schema           {@code -fakeschema}
 * @param args             all arguments as given
 * @param ignored          arguments the fake does not know
 */
public record FakeNodeOptions(boolean version, Path datadir, String chain, List<String> ipcbind, boolean printToConsole,
                              Set<String> debug, boolean server, int blocks, double blockEverySeconds, double crashAfterSeconds,
                              int ibdHeaders, long ibdBlockMs, long startDelayMs, long bindDelayMs, int peers, FakeSchema schema, List<String> args, List<String> ignored) {
    /** bitcoin-node options the fake accepts without acting on them. */
    private static final Set<String> ACCEPTED = Set.of("listen", "prune", "txindex", "fallbackfee", "daemon", "daemonwait", "conf",
            "includeconf", "rpcport", "rpcbind", "rpcallowip", "rpcuser", "rpcpassword", "rpcauth", "port", "bind", "connect",
            "addnode", "dnsseed", "fixedseeds", "natpmp", "discover", "listenonion", "dbcache", "maxmempool", "blocksonly",
            "disablewallet", "wallet", "walletdir", "loglevel", "logtimestamps", "logthreadnames", "shrinkdebugfile", "blockfilterindex",
            "coinstatsindex", "peerbloomfilters", "assumevalid", "maxconnections", "proxy", "onion", "i2psam", "logtimemicros", "torcontrol");

    /** @return the {@code -loglevel} values, in order ({@code trace}, {@code ipc:trace}, …) */
    public List<String> logLevels() {
        List<String> out = new ArrayList<>();
        for (String a : args) {
            String body = a.replaceFirst("^--?", "");
            if (body.toLowerCase(Locale.ROOT).startsWith("loglevel=")) {
                out.add(body.substring("loglevel=".length()).toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    /**
     * Parses bitcoin-node's arguments.
     *
     * @throws IllegalArgumentException for a malformed value of an option the fake acts on
     */
    public static FakeNodeOptions parse(String[] argv) {
        boolean version = false;
        Path datadir = Path.of(System.getProperty("user.home"), ".bitcoin");
        String chain = "main";
        List<String> ipcbind = new ArrayList<>();
        boolean console = true;
        Set<String> debug = new LinkedHashSet<>();
        boolean server = true;
        int blocks = 0;
        double every = 0;
        double crash = 0;
        int ibd = 0;
        long ibdMs = 250;
        long delay = 0;
        long bindDelay = 0;
        int peers = 4;
        FakeSchema schema = FakeSchema.CURRENT;
        List<String> ignored = new ArrayList<>();
        for (String a : argv) {
            if (!a.startsWith("-")) {
                ignored.add(a);
                continue;
            }
            String body = a.replaceFirst("^--?", "");
            int eq = body.indexOf('=');
            String name = (eq < 0 ? body : body.substring(0, eq)).toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : body.substring(eq + 1);
            boolean negated = false;
            if (name.startsWith("no") && !name.equals("node")) {
                name = name.substring(2);
                negated = true;
                value = value.isEmpty() || value.equals("1") ? "0" : "1";
            }
            boolean on = !(value.equals("0") || value.equalsIgnoreCase("false"));
            switch (name) {
                case "version" -> version = true;
                case "datadir" -> datadir = Path.of(value);
                case "chain" -> chain = value;
                case "regtest" -> chain = on ? "regtest" : chain;
                case "testnet" -> chain = on ? "test" : chain;
                case "testnet4" -> chain = on ? "testnet4" : chain;
                case "signet" -> chain = on ? "signet" : chain;
                case "ipcbind" -> {
                    if (negated || value.equals("0")) {
                        ipcbind.clear();
                    } else {
                        ipcbind.add(value.isEmpty() || value.equals("1") ? "unix" : value);
                    }
                }
                case "printtoconsole" -> console = on;
                case "server" -> server = on;
                case "debug" -> debug.add(value.isEmpty() ? "1" : value);
                case "fakeblocks" -> blocks = Integer.parseInt(value);
                case "fakeblockevery" -> every = Double.parseDouble(value);
                case "fakecrashafter" -> crash = Double.parseDouble(value);
                case "fakeibd" -> ibd = value.isEmpty() || value.equals("1") ? 300 : Integer.parseInt(value);
                case "fakeibdblockms" -> ibdMs = Long.parseLong(value);
                case "fakestartdelay" -> delay = Long.parseLong(value);
                case "fakebinddelay" -> bindDelay = Long.parseLong(value);
                case "fakepeers" -> peers = Integer.parseInt(value);
                case "fakeschema" -> schema = FakeSchema.parse(value);
                default -> {
                    if (!ACCEPTED.contains(name)) {
                        ignored.add(a);
                    }
                }
            }
        }
        if (!Set.of("main", "test", "testnet4", "signet", "regtest").contains(chain)) {
            throw new IllegalArgumentException("Invalid chain type " + chain);
        }
        if (blocks < 0 || every < 0 || crash < 0 || ibd < 0 || ibdMs <= 0 || delay < 0 || bindDelay < 0 || peers < 0) {
            throw new IllegalArgumentException("negative -fake… value");
        }
        return new FakeNodeOptions(version, datadir.toAbsolutePath(), chain, List.copyOf(ipcbind), console, debug, server, blocks,
                every, crash, ibd, ibdMs, delay, bindDelay, peers, schema, List.of(argv), List.copyOf(ignored));
    }

    /** @return the network datadir: {@code <datadir>/<testnet3|testnet4|signet|regtest>}, the datadir itself on main */
    public Path networkDir() {
        return switch (chain) {
            case "main" -> datadir;
            case "test" -> datadir.resolve("testnet3");
            default -> datadir.resolve(chain);
        };
    }

    /** @return the Unix socket paths to listen on, from {@code -ipcbind} (relative paths resolved against {@link #networkDir()}) */
    public List<Path> socketPaths() {
        List<Path> out = new ArrayList<>();
        for (String b : ipcbind) {
            if (!b.equals("unix") && !b.startsWith("unix:")) {
                throw new IllegalArgumentException("Invalid -ipcbind address '" + b + "': only unix[:path] is supported");
            }
            String p = b.equals("unix") ? "node.sock" : b.substring("unix:".length());
            out.add(networkDir().resolve(p));
        }
        return out;
    }
}
