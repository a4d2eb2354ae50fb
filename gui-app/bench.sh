#!/bin/sh
# Benchmark of the app against a real regtest bitcoin-node (see AppBench); prints figures. Not part of `mvn verify`.
# Usage, from the repository root: BITCOIN_NODE=/path/to/bitcoin-node gui-app/bench.sh [--minutes=N] [--blocks=N]
# Runs under xvfb-run when there is no DISPLAY.
set -eu
: "${BITCOIN_NODE:?set BITCOIN_NODE to a bitcoin-node v31+ built with IPC}"
cp_file="$PWD/gui-app/target/bench.classpath"
mvn -B -q -ntp -pl gui-app -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test
run=""
if [ -z "${DISPLAY:-}" ]; then run='xvfb-run -a -s "-screen 0 1400x900x24"'; fi
eval exec $run java -cp "'$PWD/gui-app/target/test-classes:$PWD/gui-app/target/classes:$(cat "$cp_file")'" \
    org.bitcoinfx.gui.AppBench "$@"
