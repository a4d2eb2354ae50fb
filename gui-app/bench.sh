#!/bin/sh
# Benchmark of the app against a regtest bitcoin-node (see AppBench); prints figures. Not part of `mvn verify`.
# Usage, from the repository root: [BITCOIN_NODE=/path/to/bitcoin-node] gui-app/bench.sh [--minutes=N] [--blocks=N]
# Without BITCOIN_NODE it runs against FakeNode (bundled-node's test-jar).
# The sync bench (SyncBench: the app's node vs a bare node syncing from two peers; needs BITCOIN_NODE):
#   BITCOIN_NODE=/path/to/bitcoin-node gui-app/bench.sh --sync [--rounds=N] [--blocks=N] [--page=Status]
# The mining bench (MiningBench: big templates in the Mining page, create → table and FX stalls under churn; needs BITCOIN_NODE):
#   BITCOIN_NODE=/path/to/bitcoin-node gui-app/bench.sh --mining [--sizes=300,3000,6000] [--rounds=N] [--churn=S]
# The scale bench (ScaleBench: console getblock … 2 of multi-MB blocks, Blocks on a 10,000-block chain; FakeNode in-process):
#   gui-app/bench.sh --scale [--repeat=N] [--chain=N]
# The wallet bench (WalletBench: the Wallet page on a wallet of N transactions; needs BITCOIN_NODE):
#   BITCOIN_NODE=/path/to/bitcoin-node gui-app/bench.sh --wallet [--txs=20000] [--blocks=10]
# The mempool bench (MempoolBench: getrawmempool true of N entries parsed and reduced to the Mempool page's histogram; no node):
#   gui-app/bench.sh --mempool [--entries=50000] [--rounds=10]
# Runs under xvfb-run when there is no DISPLAY. JVM options: JAVA_OPTS (default: those exec:exec runs the app with,
# bitcoinfx.jvmArgs in gui-app/pom.xml, and MALLOC_ARENA_MAX=2).
set -eu
main=org.bitcoinfx.gui.AppBench
if [ "${1:-}" = "--sync" ]; then main=org.bitcoinfx.gui.SyncBench; shift; fi
if [ "${1:-}" = "--mining" ]; then main=org.bitcoinfx.gui.MiningBench; shift; fi
if [ "${1:-}" = "--scale" ]; then main=org.bitcoinfx.gui.ScaleBench; shift; fi
if [ "${1:-}" = "--wallet" ]; then main=org.bitcoinfx.gui.WalletBench; shift; fi
if [ "${1:-}" = "--mempool" ]; then main=org.bitcoinfx.gui.MempoolBench; shift; fi
cp_file="$PWD/gui-app/target/bench.classpath"
mvn -B -q -ntp -pl gui-app -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test
run=""
if [ -z "${DISPLAY:-}" ]; then run='xvfb-run -a -s "-screen 0 1400x900x24"'; fi
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
eval exec $run java ${JAVA_OPTS:-$(cat "$PWD/gui-app/target/classes/org/bitcoinfx/gui/jvm-options")} -cp "'$PWD/gui-app/target/test-classes:$PWD/gui-app/target/classes:$(cat "$cp_file")'" \
    "$main" "$@"
