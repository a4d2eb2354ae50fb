#!/bin/sh
# Screenshots of the app driving a real regtest bitcoin-node (see RealNodeScreenshots), by default into
# docs/screenshots. Not part of `mvn verify`.
# Usage, from the repository root: BITCOIN_NODE=/path/to/bitcoin-node gui-app/shots.sh [OUT_DIR]   (needs xvfb-run)
set -eu
: "${BITCOIN_NODE:?set BITCOIN_NODE to a bitcoin-node v31+ built with IPC}"
out="${1:-$PWD/docs/screenshots}"
cp_file="$PWD/gui-app/target/shots.classpath"
# one reactor build: the sibling modules come from their target/ directories, not from ~/.m2
mvn -B -q -ntp -pl gui-app -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test
exec xvfb-run -a -s "-screen 0 1400x900x24" java -Dprism.order=sw \
    -cp "$PWD/gui-app/target/test-classes:$PWD/gui-app/target/classes:$(cat "$cp_file")" \
    org.bitcoinfx.gui.RealNodeScreenshots --out="$out"
