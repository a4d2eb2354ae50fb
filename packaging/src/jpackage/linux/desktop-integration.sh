#!/bin/sh
# Installs or removes Bitcoin FX (experimental)'s desktop entry, AppStream metadata and icons in
# /usr/share, from the copies in its app image. Run by the .deb's postinst/prerm and the .rpm's
# %post/%preun; by hand for an unpacked app image under /opt/bitcoinfx-experimental:
#   sudo /opt/bitcoinfx-experimental/lib/desktop-integration.sh install|remove
# It touches only files named org.bitcoinfx.experimental.*, never anything of Bitcoin Core's.
set -e
APP_ID=org.bitcoinfx.experimental
IMAGE=$(cd "$(dirname "$0")/.." && pwd)
SHARE=${DESKTOP_INTEGRATION_SHARE:-/usr/share}
SIZES="16 22 24 32 36 48 64 72 96 128 192 256 512"

refresh() {
  if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database -q "$SHARE/applications" || true; fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1; then gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" || true; fi
}

case "$1" in
  install)
    install -D -m 0644 "$IMAGE/lib/share/applications/$APP_ID.desktop" "$SHARE/applications/$APP_ID.desktop"
    install -D -m 0644 "$IMAGE/lib/share/metainfo/$APP_ID.metainfo.xml" "$SHARE/metainfo/$APP_ID.metainfo.xml"
    for n in $SIZES; do
      install -D -m 0644 "$IMAGE/lib/share/icons/hicolor/${n}x${n}/apps/$APP_ID.png" "$SHARE/icons/hicolor/${n}x${n}/apps/$APP_ID.png"
    done
    install -D -m 0644 "$IMAGE/lib/share/icons/hicolor/scalable/apps/$APP_ID.svg" "$SHARE/icons/hicolor/scalable/apps/$APP_ID.svg"
    refresh
    ;;
  remove)
    rm -f "$SHARE/applications/$APP_ID.desktop" "$SHARE/metainfo/$APP_ID.metainfo.xml" \
          "$SHARE/icons/hicolor/scalable/apps/$APP_ID.svg"
    for n in $SIZES; do
      rm -f "$SHARE/icons/hicolor/${n}x${n}/apps/$APP_ID.png"
    done
    refresh
    ;;
  *)
    echo "usage: $0 install|remove" >&2
    exit 2
    ;;
esac
