#!/usr/bin/env bash
# Launch → window shown of the packaged app, with and without its startup archive
# (lib/app/bitcoinfx.jsa), under Xvfb: the median of N launches of each, interleaved, and the ratio.
# Launch → window shown is the app's own figure ("window shown N ms after the process started":
# from the process's start to the first frame laid out); CPU is the process's user+system time at
# that moment (less sensitive to other load on the machine than the wall-clock figure).
#   packaging/cds/launch-bench.sh [IMAGE] [N]
# IMAGE: the installed package (/opt/bitcoinfx-experimental, the default when installed) or an app
# image (PackagerIT's: packaging/target/it/out/bitcoinfx-experimental); its archive is made with
# lib/cds-archive.sh create if missing (root for /opt). N: launches of each kind (default 7).
# Two kinds of launch: first run (a fresh home: onboarding, no node) and, with BITCOIN_NODE set, the
# main window of a regtest run past onboarding (the node started; the bench stops it). Needs Xvfb, GTK 3.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
image="${1:-}"
if [ -z "$image" ]; then
  if [ -x /opt/bitcoinfx-experimental/bin/bitcoinfx-experimental ]; then image=/opt/bitcoinfx-experimental
  else image="$here/../target/it/out/bitcoinfx-experimental"; fi
fi
n="${2:-7}"
launcher="$image/bin/bitcoinfx-experimental"
jsa="$image/lib/app/bitcoinfx.jsa"
[ -x "$launcher" ] || { echo "no app image at $image" >&2; exit 1; }
command -v Xvfb >/dev/null || { echo "Xvfb not found (Debian: apt-get install xvfb)" >&2; exit 1; }
made=""
if [ ! -f "$jsa" ]; then "$image/lib/cds-archive.sh" create; made=1; fi
[ -f "$jsa" ] || { echo "no startup archive at $jsa" >&2; exit 1; }

work="$(mktemp -d)"
display=":$(( 90 + RANDOM % 9 ))"
Xvfb "$display" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
cleanup() {
  [ -f "$jsa.off" ] && mv "$jsa.off" "$jsa"
  [ -n "$made" ] && "$image/lib/cds-archive.sh" remove
  kill "$xvfb" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
tck=$(getconf CLK_TCK)

# one launch; prints "<window-shown ms> <cpu ms>"; $1: kind (first|main)
launch() {
  local kind="$1" home
  home="$(mktemp -d "$work/home.XXXX")"
  local args=()
  if [ "$kind" = main ]; then  # -listen=0: no P2P port (another regtest node on this machine may hold it)
    printf '{"version":1,"onboarded":true,"chain":"REGTEST","dataDir":"%s","prune":false,"nodeBinary":"%s","extraArgs":"-listen=0"}\n' \
      "$home/datadir" "$BITCOIN_NODE" > "$home/settings.json"
    args+=("--settings=$home/settings.json")
  fi
  HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" DISPLAY="$display" \
    "$launcher" "${args[@]}" >"$home/log" 2>&1 &
  local pid=$! cpu="" shown=""
  for _ in $(seq 1 3000); do
    if grep -qs "window shown" "$home/log"; then
      cpu=$(awk -v t="$tck" '{print int(($14 + $15) * 1000 / t)}' "/proc/$pid/stat" 2>/dev/null || echo "")
      break
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.02
  done
  shown=$(grep -o 'window shown [0-9]*' "$home/log" | grep -o '[0-9]*$' || true)
  if [ "$kind" = main ] && [ -n "$shown" ]; then
    # stop only once the node has finished loading: a SIGTERM during its start-up can leave it
    # waiting on an IPC connection made while it shut down (see packaging/README.md)
    for _ in $(seq 1 1200); do
      grep -qs "Done loading" "$home/datadir/regtest/debug.log" && break
      sleep 0.1
    done
  fi
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  [ -n "$shown" ] || { cat "$home/log" >&2; echo "launch failed" >&2; exit 1; }
  echo "$shown $cpu"
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print int((a[NR/2] + a[NR/2+1]) / 2)}'; }

kinds="first"
[ -n "${BITCOIN_NODE:-}" ] && kinds="first main"
echo "launch → window shown, $image, $n launches each (interleaved), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
for kind in $kinds; do
  : > "$work/with"; : > "$work/without"
  for i in $(seq 1 "$n"); do
    launch "$kind" >> "$work/with"
    mv "$jsa" "$jsa.off"; launch "$kind" >> "$work/without"; mv "$jsa.off" "$jsa"
  done
  w=$(cut -d' ' -f1 "$work/with" | median); wo=$(cut -d' ' -f1 "$work/without" | median)
  wc_=$(cut -d' ' -f2 "$work/with" | median); woc=$(cut -d' ' -f2 "$work/without" | median)
  label="first run (onboarding)"; [ "$kind" = main ] && label="main window (regtest node)"
  printf '%-28s with archive %5d ms (cpu %5d ms)   without %5d ms (cpu %5d ms)   ratio %.2f (cpu %.2f)\n' \
    "$label" "$w" "$wc_" "$wo" "$woc" "$(awk -v a="$w" -v b="$wo" 'BEGIN {print a / b}')" "$(awk -v a="$wc_" -v b="$woc" 'BEGIN {print a / b}')"
  echo "  with:    $(cut -d' ' -f1 "$work/with" | tr '\n' ' ')ms"
  echo "  without: $(cut -d' ' -f1 "$work/without" | tr '\n' ' ')ms"
done
