#!/usr/bin/env bash
# Renders the icon master icons/bitcoinfx.svg to every format the packages need, for maintainers:
#   icons/png/bitcoinfx-<N>.png   N = 16 22 24 32 36 48 64 72 96 128 192 256 512 1024   (every hicolor size; jpackage)
#   icons/bitcoinfx.ico            16 24 32 48 64 128 256                (Windows, jpackage --icon)
#   icons/bitcoinfx.icns           16 32 48 128 256 512 1024             (macOS, jpackage --icon)
#   icons/bitcoinfx.svg.sha256     the master's SHA-256 these were rendered from
# The outputs are committed, so builds and CI never render. A test in packaging/ fails when the
# master's hash no longer matches bitcoinfx.svg.sha256 (edited but not rendered).
# Needs: rsvg-convert (Debian: librsvg2-bin), icotool (icoutils), png2icns (icnsutils).
set -euo pipefail
cd "$(dirname "$0")"

for tool in rsvg-convert icotool png2icns sha256sum; do
  if ! command -v "$tool" >/dev/null; then
    echo "render.sh: $tool not found (Debian: apt-get install librsvg2-bin icoutils icnsutils)" >&2
    exit 1
  fi
done

SIZES="16 22 24 32 36 48 64 72 96 128 192 256 512 1024"
mkdir -p png
for n in $SIZES; do
  rsvg-convert --width "$n" --height "$n" --format png --output "png/bitcoinfx-$n.png" bitcoinfx.svg
done

icotool --create --output bitcoinfx.ico \
  png/bitcoinfx-16.png png/bitcoinfx-24.png png/bitcoinfx-32.png png/bitcoinfx-48.png \
  png/bitcoinfx-64.png png/bitcoinfx-128.png --raw=png/bitcoinfx-256.png

png2icns bitcoinfx.icns \
  png/bitcoinfx-16.png png/bitcoinfx-32.png png/bitcoinfx-48.png png/bitcoinfx-128.png \
  png/bitcoinfx-256.png png/bitcoinfx-512.png png/bitcoinfx-1024.png >/dev/null

sha256sum bitcoinfx.svg > bitcoinfx.svg.sha256
echo "rendered $(ls png | wc -l) PNGs, bitcoinfx.ico and bitcoinfx.icns from bitcoinfx.svg"
