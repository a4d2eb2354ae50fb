#!/usr/bin/env bash
# Records the classes the packaged app loads from launch to its first window (onboarding on a
# fresh home, then the main window of a regtest run past onboarding) into
# packaging/src/jpackage/common/bitcoinfx.classlist, the list the package's startup archive is made
# from (lib/cds-archive.sh, run by the .deb's postinst and the .rpm's %post). For maintainers: run it
# when start-up code changed much (a stale list only makes start-up slower; PackagerIT checks that
# the archive made from it still holds most of what a launch loads).
#   packaging/cds/record-classlist.sh [IMAGE]     IMAGE: an app image (default: PackagerIT's)
# Needs Xvfb (Debian: xvfb), GTK 3 and BITCOIN_NODE (a real node for the main window). About a minute.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
image="${1:-$here/../target/it/out/bitcoinfx-experimental}"
launcher="$image/bin/bitcoinfx-experimental"
out="$here/../src/jpackage/common/bitcoinfx.classlist"
[ -x "$launcher" ] || { echo "no app image at $image: run PackagerIT first (see packaging/README.md)" >&2; exit 1; }
command -v Xvfb >/dev/null || { echo "Xvfb not found (Debian: apt-get install xvfb)" >&2; exit 1; }

work="$(mktemp -d)"
display=":$(( 90 + RANDOM % 9 ))"
Xvfb "$display" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
cleanup() { kill "$xvfb" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# one launch to its first window, its loaded classes in $work/$1.classlist; $2: settings file or empty
record() {
  local name="$1" settings="$2" home="$work/$1-home"
  mkdir -p "$home"
  local args=()
  [ -n "$settings" ] && args+=("--settings=$settings")
  HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" DISPLAY="$display" \
    JAVA_TOOL_OPTIONS="-Xshare:off -XX:DumpLoadedClassList=$work/$name.classlist" \
    "$launcher" "${args[@]}" >"$work/$name.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 1200); do
    grep -qs "window shown" "$work/$name.log" && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/$name.log" >&2; echo "the app ended before its window" >&2; exit 1; }
    sleep 0.1
  done
  grep -q "window shown" "$work/$name.log" || { echo "no window after 120 s" >&2; kill "$pid"; exit 1; }
  kill -TERM "$pid"; wait "$pid" || true
  echo "$name: $(grep -c -v '^[#@]' "$work/$name.classlist") classes ($(grep -o 'window shown.*' "$work/$name.log"))"
}

record onboarding ""
# the main window with a node: BITCOIN_NODE (a Java stand-in node would inherit JAVA_TOOL_OPTIONS
# and write its own classes into the same list)
if [ -n "${BITCOIN_NODE:-}" ]; then
  mkdir -p "$work/main-settings"  # -listen=0: no P2P port (another regtest node on this machine may hold it)
  printf '{"version":1,"onboarded":true,"chain":"REGTEST","dataDir":"%s","prune":false,"nodeBinary":"%s","extraArgs":"-listen=0"}\n' \
    "$work/main-settings/datadir" "$BITCOIN_NODE" > "$work/main-settings/settings.json"
  record main "$work/main-settings/settings.json"
else
  echo "main window not recorded: set BITCOIN_NODE to a bitcoin-node (only onboarding's classes are listed)"
  : > "$work/main.classlist"
fi

# the first launch's list in its order, then what only the second loaded; without classes no
# archive can hold (generated proxies, the headless test toolkit) and without comments
{
  echo "# Classes Bitcoin FX loads from launch to its first window, recorded by packaging/cds/record-classlist.sh"
  echo "# (-XX:DumpLoadedClassList); the startup archive (lib/cds-archive.sh) is made from it. Do not edit by hand."
  cat "$work/onboarding.classlist" "$work/main.classlist" | grep -v '^#' | grep -v -E '\$Proxy|^jdk/proxy|/monocle/' | awk '!seen[$0]++'
} > "$out"
echo "wrote $out: $(grep -c -v '^[#@]' "$out") classes"
