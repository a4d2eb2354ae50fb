#!/usr/bin/env bash
# Builds reference-bench.c++ against the system's Cap'n Proto (Debian: capnproto libcapnp-dev g++)
# and our schemas, then runs it on a running node's socket: ./reference-bench.sh SOCKET [WARM_UP_CALLS [BLOCKHASH]]
# (with BLOCKHASH: also getBlock of a template of the node's mempool and executeRpc(getblock BLOCKHASH 0);
# IpcBenchmark runs it so, on its own node, after its Java figures)
# Compare with: mvn -q -pl ipc-bindings exec:java -Dexec.classpathScope=test \
#   -Dexec.mainClass=org.bitcoinfx.ipc.bench.IpcBenchmark -Dexec.args=SOCKET
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 SOCKET [WARM_UP_CALLS [BLOCKHASH]]" >&2; exit 2; }
here="$(cd "$(dirname "$0")" && pwd)"
schemas="$here/../../main/capnp"
build="$(mktemp -d)"
trap 'rm -rf "$build"' EXIT
cp -r "$schemas"/mp "$schemas"/*.capnp "$build"/
(cd "$build" && capnp compile -I. --no-standard-import -oc++ mp/proxy.capnp common.capnp echo.capnp init.capnp mining.capnp rpc.capnp)
g++ -O2 -std=c++17 -I"$build" -o "$build/reference-bench" "$here/reference-bench.c++" \
    "$build"/init.capnp.c++ "$build"/echo.capnp.c++ "$build"/rpc.capnp.c++ "$build"/mining.capnp.c++ \
    "$build"/common.capnp.c++ "$build"/mp/proxy.capnp.c++ -lcapnp-rpc -lcapnp -lkj-async -lkj -lpthread
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$build/reference-bench" "$1" "${2:-10000}" ${3:+"$3"}
