#!/bin/sh
# Makes or removes Bitcoin FX (experimental)'s startup archive, lib/app/bitcoinfx.jsa: the classes
# its launch loads (lib/app/bitcoinfx.classlist), parsed and verified once and mapped by every later
# start (class-data sharing, AppCDS). The launcher names it (-XX:SharedArchiveFile=$APPDIR/bitcoinfx.jsa);
# without it, or with one that no longer matches the jars, the app starts as well, only more slowly.
# The archive records the jars' absolute paths, so it is made where the app is installed: by the
# .deb's postinst and the .rpm's %post, and by hand for an unpacked tarball:
#   sudo /opt/bitcoinfx-experimental/lib/cds-archive.sh create|remove
# It never fails an install: when the archive cannot be made it says why and leaves none.
IMAGE=$(cd "$(dirname "$0")/.." && pwd)
ARCHIVE="$IMAGE/lib/app/bitcoinfx.jsa"
LIST="$IMAGE/lib/app/bitcoinfx.classlist"

case "$1" in
  create)
    rm -f "$ARCHIVE"
    log=$(mktemp) || exit 0
    # -Xshare:dump through the launcher: the same runtime and class path as every start
    if JAVA_TOOL_OPTIONS="-Xshare:dump -XX:SharedClassListFile=$LIST -XX:SharedArchiveFile=$ARCHIVE -Xlog:cds=error" \
        "$IMAGE/bin/bitcoinfx-experimental" >"$log" 2>&1 && [ -s "$ARCHIVE" ]; then
      chmod 0644 "$ARCHIVE"
      echo "bitcoinfx-experimental: startup archive $ARCHIVE made"
    else
      echo "bitcoinfx-experimental: no startup archive (the app starts without it, more slowly):" >&2
      tail -n 5 "$log" >&2
      rm -f "$ARCHIVE"
    fi
    rm -f "$log"
    ;;
  remove)
    rm -f "$ARCHIVE"
    ;;
  *)
    echo "usage: $0 create|remove" >&2
    exit 2
    ;;
esac
exit 0
