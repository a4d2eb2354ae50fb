#!/usr/bin/env bash
# Reproducibility check: builds the committed HEAD twice, each time in a fresh copy (git archive) in
# its own directory, with SOURCE_DATE_EPOCH and project.build.outputTimestamp set to HEAD's commit
# time, then compares
#   - every module jar (ipc-bindings, bundled-node, gui-app, packaging),
#   - every file of the app image (bytes and modes),
#   - the .tar.gz, the SBOM (.cdx.json), .deb and .rpm,
# and writes SHA256SUMS of the artifacts. Differences in the files named in
# packaging/reproducible-exceptions.txt are reported with the reason given there; any other
# difference fails the check (exit 1).
#
# Usage (the node options are those of the one build command, packaging/README.md):
#   packaging/reproducible.sh -Dnode.binary=/path/to/bitcoin-node
#   packaging/reproducible.sh -Dnode.tarball=bitcoin-32.0-x86_64-linux-gnu.tar.gz -Dnode.sha256sums=SHA256SUMS
# Output: packaging/target/reproducible/{a,b}/ (the two builds), …/SHA256SUMS, …/report.txt
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

if [ $# -eq 0 ]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
fi
ARGS=()
for a in "$@"; do
  case "$a" in
    -Dnode.binary=*|-Dnode.tarball=*|-Dnode.sha256sums=*)
      # the builds run elsewhere: make relative paths absolute
      k=${a%%=*}; v=${a#*=}
      [ -n "$v" ] && [ "${v#/}" = "$v" ] && v="$ROOT/$v"
      ARGS+=("$k=$v") ;;
    *) ARGS+=("$a") ;;
  esac
done

if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
  echo "reproducible.sh: note: the working tree has uncommitted changes; this checks HEAD ($(git rev-parse --short HEAD)) only" >&2
fi
COMMIT=$(git rev-parse HEAD)   # fixed now: both builds use this commit even if HEAD moves meanwhile
export SOURCE_DATE_EPOCH
SOURCE_DATE_EPOCH=$(git log -1 --format=%ct "$COMMIT")
OUT="$ROOT/packaging/target/reproducible"
rm -rf "$OUT"
mkdir -p "$OUT"
REPORT="$OUT/report.txt"
: > "$REPORT"
say() { echo "$*" | tee -a "$REPORT"; }

say "commit $COMMIT, SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH ($(date -u -d "@$SOURCE_DATE_EPOCH" +%FT%TZ))"
for run in a b; do
  mkdir -p "$OUT/$run/src"
  git archive --format=tar "$COMMIT" | tar -x -C "$OUT/$run/src"
  say "build $run in $OUT/$run/src"
  (cd "$OUT/$run/src" && ./mvnw -B -q -ntp -Pdist package -DskipTests \
      -Dproject.build.outputTimestamp="$SOURCE_DATE_EPOCH" "${ARGS[@]}") > "$OUT/$run/build.log" 2>&1 || {
    echo "build $run failed; see $OUT/$run/build.log:" >&2
    tail -30 "$OUT/$run/build.log" >&2
    exit 1
  }
done

# file -> reason, from packaging/reproducible-exceptions.txt ("<path relative to dist/>  <reason>")
declare -A EXCEPT
while IFS= read -r line; do
  case "$line" in ''|'#'*) continue ;; esac
  EXCEPT["${line%%[[:space:]]*}"]="$(echo "${line#*[[:space:]]}" | sed 's/^[[:space:]]*//')"
done < "$ROOT/packaging/reproducible-exceptions.txt"

FAILED=0
differs() { # $1 = path shown, $2 = key in the exceptions list
  if [ -n "${EXCEPT[$2]:-}" ]; then
    say "  differs (expected): $1: ${EXCEPT[$2]}"
  else
    say "  DIFFERS: $1"
    FAILED=1
  fi
}

say "module jars:"
for jar in ipc-bindings bundled-node gui-app packaging; do
  for f in "$OUT"/a/src/$jar/target/*.jar; do
    rel=${f#"$OUT"/a/src/}
    if cmp -s "$f" "$OUT/b/src/$rel"; then say "  same: $rel"; else differs "$rel" "$rel"; fi
  done
done

A="$OUT/a/src/packaging/target/dist"
B="$OUT/b/src/packaging/target/dist"
say "app image files (bytes and modes):"
(cd "$A/bitcoinfx-experimental" && find . -printf '%M %p\n' | sort) > "$OUT/a/modes.txt"
(cd "$B/bitcoinfx-experimental" && find . -printf '%M %p\n' | sort) > "$OUT/b/modes.txt"
if ! diff -q "$OUT/a/modes.txt" "$OUT/b/modes.txt" >/dev/null; then
  say "  DIFFERS: the two images differ in file names or modes:"
  diff "$OUT/a/modes.txt" "$OUT/b/modes.txt" | head -20 | tee -a "$REPORT"
  FAILED=1
fi
same=0
while IFS= read -r -d '' f; do
  rel=${f#./}
  if cmp -s "$A/bitcoinfx-experimental/$rel" "$B/bitcoinfx-experimental/$rel"; then
    same=$((same + 1))
  else
    differs "bitcoinfx-experimental/$rel" "bitcoinfx-experimental/$rel"
  fi
done < <(cd "$A/bitcoinfx-experimental" && find . -type f -print0 | sort -z)
say "  same: $same files"

say "artifacts:"
for f in "$A"/*.tar.gz "$A"/*.cdx.json "$A"/*.deb "$A"/*.rpm; do
  [ -e "$f" ] || continue
  name=$(basename "$f")
  key=$(echo "$name" | sed -E 's/[0-9]+(\.[0-9]+)*(-[0-9]+)?/VERSION/; s/(x86_64|amd64|aarch64|arm64)/ARCH/g')
  if cmp -s "$f" "$B/$name"; then say "  same: $name"; else differs "$name" "$key"; fi
done

(cd "$A" && for f in *.tar.gz *.cdx.json *.deb *.rpm; do [ -e "$f" ] && sha256sum -- "$f"; done; true) > "$OUT/SHA256SUMS"
say "SHA256SUMS (build a):"
sed 's/^/  /' "$OUT/SHA256SUMS" | tee -a "$REPORT"
if [ "$FAILED" = 0 ]; then
  say "reproducible: the two builds agree (report: $REPORT)"
else
  say "NOT reproducible: see the DIFFERS lines above (report: $REPORT)"
fi
exit "$FAILED"
