#!/usr/bin/env bash
# Regenerates the Java bindings in src/generated/java (a source root of its own, added by the pom) from the schemas in src/main/capnp with our own
# generator (org.bitcoinfx.ipc.codegen.CapnpcJava), fed by `capnp compile -o-` (Debian: capnproto).
# --node-path: the paths bitcoin-node's build gives these files, so that DISPLAY_NAME reads as the
# node's UNIMPLEMENTED replies do (interfaceName = capnp/init.capnp:Init, include/mp/proxy.capnp:ThreadMap).
# Usage: ipc-bindings/codegen.sh [path/to/capnproto-runtime.jar]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
command -v capnp >/dev/null || { echo "codegen.sh: capnp not found (apt-get install capnproto)" >&2; exit 1; }
jar="${1:-$HOME/.m2/repository/org/capnproto/runtime/0.1.16/runtime-0.1.16.jar}"
# ../mvnw: Maven 3.9, which checks what it fetches against .mvn/checksums (packaging/README.md)
[ -f "$jar" ] || ../mvnw -B -q -ntp dependency:get -Dartifact=org.capnproto:runtime:0.1.16 >/dev/null
classes="$(mktemp -d)"
trap 'rm -rf "$classes"' EXIT
javac -nowarn -d "$classes" src/main/java/org/bitcoinfx/ipc/codegen/*.java
out=src/generated/java
rm -rf "$out/org/bitcoinfx/ipc/schema" "$out/org/bitcoinfx/ipc/rpc/schema"
(cd src/main/capnp && capnp compile -I. --no-standard-import -o- \
    capnp/rpc.capnp capnp/rpc-twoparty.capnp mp/proxy.capnp common.capnp echo.capnp init.capnp mining.capnp rpc.capnp) |
  java -cp "$classes" org.bitcoinfx.ipc.codegen.CapnpcJava "$out" \
    capnp/rpc.capnp=org.bitcoinfx.ipc.rpc.schema.CapnpRpc \
    capnp/rpc-twoparty.capnp=org.bitcoinfx.ipc.rpc.schema.CapnpRpcTwoParty \
    mp/proxy.capnp=org.bitcoinfx.ipc.schema.ProxyCapnp \
    common.capnp=org.bitcoinfx.ipc.schema.CommonCapnp \
    echo.capnp=org.bitcoinfx.ipc.schema.EchoCapnp \
    init.capnp=org.bitcoinfx.ipc.schema.InitCapnp \
    mining.capnp=org.bitcoinfx.ipc.schema.MiningCapnp \
    rpc.capnp=org.bitcoinfx.ipc.schema.RpcCapnp \
    --node-path=mp/proxy.capnp=include/mp/proxy.capnp \
    --node-path=echo.capnp=capnp/echo.capnp \
    --node-path=init.capnp=capnp/init.capnp \
    --node-path=mining.capnp=capnp/mining.capnp \
    --node-path=rpc.capnp=capnp/rpc.capnp
echo "codegen.sh: regenerated $(find "$out/org/bitcoinfx/ipc/schema" "$out/org/bitcoinfx/ipc/rpc/schema" -name '*.java' | wc -l) files"
