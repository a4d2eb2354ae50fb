#!/usr/bin/env bash
# macOS packaging of bitcoinfx-experimental (not run in this project's CI: it needs a Mac).
# Makes packaging/target/macos/bitcoinfx-experimental.app and …/bitcoinfx-experimental-<version>.dmg:
#   1. jlink runtime (the Linux module list, OpenJFX from Maven's mac/mac-aarch64 jars, its .dylibs in runtime/lib)
#   2. jpackage app image (unsigned), the node at Contents/lib/node/bitcoin-node (where NodeLocator looks)
#   3. codesign inside out, hardened runtime and secure timestamp everywhere:
#      the runtime's and JavaFX's dylibs, then bitcoin-node with NO entitlements (bitcoin-node.entitlements),
#      then the launcher and the .app with the JIT's (java.entitlements); never --deep
#   4. a .dmg (hdiutil), signed; notarized with notarytool and stapled
# Needs: macOS 12+, Xcode command line tools (codesign, notarytool, stapler, hdiutil), a full JDK 17+
# (with jmods) as JAVA_HOME, curl and unzip (./mvnw), a "Developer ID Application" identity in the
# keychain and a notarytool keychain profile (xcrun notarytool store-credentials PROFILE --apple-id …
# --team-id …), and a bitcoin-node built with IPC (-ipcbind). Each is checked before anything is built;
# packaging/README.md ("macOS") says why each is needed, with sources.
#
# Usage:
#   packaging/macos/package-macos.sh --node-tarball=bitcoin-31.0-arm64-apple-darwin.tar.gz --node-sha256sums=SHA256SUMS \
#       --identity="Developer ID Application: NAME (TEAMID)" --notary-profile=PROFILE
#   packaging/macos/package-macos.sh --node-binary=/path/to/bitcoin-node --identity=-    # ad-hoc signed, not notarized (local test)
set -euo pipefail
cd "$(dirname "$0")/../.."
NAME=bitcoinfx-experimental
APP_ID=org.bitcoinfx.experimental
MODULES=java.base,java.desktop,java.logging,java.naming,java.sql,java.xml,jdk.security.auth,jdk.unsupported,jdk.localedata,jdk.charsets,javafx.base,javafx.graphics,javafx.controls,javafx.swing
NODE_BINARY='' NODE_TARBALL='' NODE_SUMS='' IDENTITY='' PROFILE=''
for a in "$@"; do
  case "$a" in
    --node-binary=*) NODE_BINARY=${a#*=} ;;
    --node-tarball=*) NODE_TARBALL=${a#*=} ;;
    --node-sha256sums=*) NODE_SUMS=${a#*=} ;;
    --identity=*) IDENTITY=${a#*=} ;;
    --notary-profile=*) PROFILE=${a#*=} ;;
    *) echo "unknown option $a" >&2; exit 2 ;;
  esac
done
if [ -z "$NODE_BINARY$NODE_TARBALL" ] || [ -z "$IDENTITY" ]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  echo "package-macos.sh: give a node (--node-binary or --node-tarball with --node-sha256sums) and --identity" >&2
  exit 2
fi
# Every piece is checked here, before anything is built (sources: packaging/README.md, "macOS").
die() { echo "package-macos.sh: $*" >&2; exit 1; }
[ "$(uname -s)" = Darwin ] || die "this runs on macOS only (codesign, notarytool, hdiutil); on Linux use mvn -Pdist (packaging/README.md)"
for tool in xcrun codesign hdiutil shasum security; do
  command -v "$tool" >/dev/null || die "$tool not found: install Xcode's command line tools (xcode-select --install)"
done
xcrun --find notarytool >/dev/null 2>&1 && xcrun --find stapler >/dev/null 2>&1 ||
  die "xcrun finds no notarytool/stapler: install Xcode 14 or newer (Apple's notary service takes uploads only from notarytool since November 2023)"
: "${JAVA_HOME:?set JAVA_HOME to a full JDK 17+}"
[ -f "$JAVA_HOME/jmods/java.base.jmod" ] || die "no jmods in $JAVA_HOME (use a full JDK)"
[ -x "$JAVA_HOME/bin/jpackage" ] || die "no jpackage in $JAVA_HOME/bin (JDK 17+)"
if [ "$IDENTITY" != "-" ]; then
  # a Developer ID Application certificate with its private key, valid, in the keychain
  security find-identity -v -p codesigning | grep -qF -- "$IDENTITY" ||
    die "no valid codesigning identity \"$IDENTITY\" in the keychain (security find-identity -v -p codesigning lists them;
  a distributable app needs a \"Developer ID Application: NAME (TEAMID)\" certificate from developer.apple.com, or --identity=- for a local, unnotarized test)"
  [ -n "$PROFILE" ] ||
    die "--notary-profile missing: a Developer ID build must be notarized. Store credentials once with
  xcrun notarytool store-credentials PROFILE --apple-id ID --team-id TEAMID   (app-specific password), then pass --notary-profile=PROFILE"
  xcrun notarytool history --keychain-profile "$PROFILE" >/dev/null 2>&1 ||
    die "notarytool cannot use keychain profile '$PROFILE' (xcrun notarytool history --keychain-profile $PROFILE fails): store it with xcrun notarytool store-credentials"
fi
# the node must be a multiprocess build that serves -ipcbind (Bitcoin Core's ENABLE_IPC, doc/multiprocess.md)
node_has_ipc() { "$1" -help 2>/dev/null | grep -q -- '-ipcbind='; }
if [ -n "$NODE_BINARY" ]; then
  [ -f "$NODE_BINARY" ] && [ -x "$NODE_BINARY" ] || die "--node-binary $NODE_BINARY is not an executable file"
  node_has_ipc "$NODE_BINARY" ||
    die "$NODE_BINARY does not offer -ipcbind: build Bitcoin Core with -DENABLE_IPC=ON (the default on macOS; needs Cap'n Proto) and pass build/bin/bitcoin-node"
else
  [ -f "$NODE_TARBALL" ] || die "--node-tarball $NODE_TARBALL does not exist"
  [ -n "$NODE_SUMS" ] && [ -f "$NODE_SUMS" ] || die "--node-tarball needs --node-sha256sums=SHA256SUMS (the release's list)"
  tar -tzf "$NODE_TARBALL" | grep -q '^[^/]*/libexec/bitcoin-node$' ||
    die "$NODE_TARBALL has no libexec/bitcoin-node: it is not a release built with IPC"
fi
VERSION=$(sed -n 's:.*<app.version>\(.*\)</app.version>.*:\1:p' packaging/pom.xml)
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct HEAD)}
WORK=packaging/target/macos
rm -rf "$WORK"; mkdir -p "$WORK/input"

# ./mvnw: Maven 3.9 with the pinned dependency and plugin checksums (.mvn/checksums)
./mvnw -B -q -ntp -pl packaging -am package -DskipTests
JARS=packaging/target/jars
for j in "$JARS"/*.jar; do
  case "$(basename "$j")" in javafx-*) ;; *) cp "$j" "$WORK/input/" ;; esac
done
FX=$(find "$JARS" -name 'javafx-*-mac*.jar' | sort | tr '\n' ':')
[ -n "$FX" ] || die "no JavaFX mac jars in $JARS: OpenJFX's platform jars follow the OS Maven runs on (run this on macOS)"

# 1. runtime
"$JAVA_HOME/bin/jlink" --module-path "$JAVA_HOME/jmods:$FX" --add-modules "$MODULES" \
  --strip-debug --no-header-files --no-man-pages --strip-native-commands --compress=2 \
  '--exclude-resources=glob:/javafx.graphics/*.dylib' --output "$WORK/runtime"
unzip -q -j -o "$(ls "$JARS"/javafx-graphics-*-mac*.jar)" '*.dylib' -d "$WORK/runtime/lib"

# 2. app image and node
"$JAVA_HOME/bin/jpackage" --type app-image --name "$NAME" --app-version "$VERSION" --vendor "Bitcoin FX" \
  --mac-package-identifier "$APP_ID" --mac-package-name "Bitcoin FX Experimental" \
  --runtime-image "$WORK/runtime" --input "$WORK/input" --main-jar "$(cd "$JARS" && ls gui-app-*.jar)" \
  --main-class org.bitcoinfx.gui.Main --icon icons/bitcoinfx.icns --dest "$WORK"
APP="$WORK/$NAME.app"
NODE_DIR="$APP/Contents/lib/node"
mkdir -p "$NODE_DIR"
if [ -n "$NODE_TARBALL" ]; then
  [ -n "$NODE_SUMS" ] || { echo "--node-tarball needs --node-sha256sums" >&2; exit 2; }
  T=$(basename "$NODE_TARBALL")
  WANT=$(awk -v t="$T" '{n=$2; sub(/^\*/, "", n); sub(/.*\//, "", n); if (n == t) print tolower($1)}' "$NODE_SUMS")
  HAVE=$(shasum -a 256 "$NODE_TARBALL" | cut -d' ' -f1)
  [ -n "$WANT" ] || { echo "$T is not listed in $NODE_SUMS" >&2; exit 1; }
  [ "$WANT" = "$HAVE" ] || { echo "SHA-256 of $T is $HAVE, $NODE_SUMS lists $WANT" >&2; exit 1; }
  mkdir -p "$WORK/node-x"
  tar -xzf "$NODE_TARBALL" -C "$WORK/node-x"
  set -- "$WORK"/node-x/*/libexec/bitcoin-node
  [ $# = 1 ] && [ -f "$1" ] && [ ! -L "$1" ] || { echo "$T has no single libexec/bitcoin-node" >&2; exit 1; }
  cp "$1" "$NODE_DIR/bitcoin-node"
  SOURCE=$T SOURCE_SHA=$HAVE
else
  cp "$NODE_BINARY" "$NODE_DIR/bitcoin-node"
  SOURCE=binary SOURCE_SHA=
fi
chmod 0755 "$NODE_DIR/bitcoin-node"
node_has_ipc "$NODE_DIR/bitcoin-node" || die "the bundled bitcoin-node does not offer -ipcbind (not built with IPC)"
cp packaging/src/jpackage/common/bitcoin-node-COPYING "$NODE_DIR/COPYING"
# a Developer ID binary from a tarball is re-signed below; keep the hash of what was supplied
SHA=$(shasum -a 256 "$NODE_DIR/bitcoin-node" | cut -d' ' -f1)
[ -n "$SOURCE_SHA" ] || SOURCE_SHA=$SHA
VLINE=$("$NODE_DIR/bitcoin-node" -version | head -1)
echo "bundled bitcoin-node: $VLINE"
echo "bundled bitcoin-node SHA-256 (as supplied): $SHA"

# 3. sign, inside out
SIGN=(codesign --force --timestamp --options runtime --sign "$IDENTITY")
[ "$IDENTITY" = "-" ] && SIGN=(codesign --force --options runtime --sign -)
find "$APP/Contents/runtime" "$APP/Contents/app" -type f \( -name '*.dylib' -o -name '*.jnilib' \) -print0 |
  xargs -0 "${SIGN[@]}"
"${SIGN[@]}" --entitlements packaging/macos/bitcoin-node.entitlements "$NODE_DIR/bitcoin-node"
# record the hash of the node as shipped (signing changes its bytes); About checks against this
SHA=$(shasum -a 256 "$NODE_DIR/bitcoin-node" | cut -d' ' -f1)
printf '{\n  "versionLine" : "%s",\n  "sha256" : "%s",\n  "source" : "%s",\n  "sourceSha256" : "%s"\n}\n' \
  "$VLINE" "$SHA" "$SOURCE" "$SOURCE_SHA" > "$NODE_DIR/bitcoin-node.json"
printf '%s  bitcoin-node\n' "$SHA" > "$NODE_DIR/bitcoin-node.sha256"
"${SIGN[@]}" --entitlements packaging/macos/java.entitlements "$APP/Contents/runtime"
"${SIGN[@]}" --entitlements packaging/macos/java.entitlements "$APP/Contents/MacOS/$NAME"
"${SIGN[@]}" --entitlements packaging/macos/java.entitlements "$APP"
codesign --verify --strict --verbose=2 "$APP"
codesign --display --verbose=2 "$NODE_DIR/bitcoin-node" 2>&1 | grep -E 'flags=.*runtime' >/dev/null ||
  { echo "bitcoin-node is not signed with the hardened runtime" >&2; exit 1; }

# 4. dmg, notarized
DMG="$WORK/$NAME-$VERSION.dmg"
hdiutil create -volname "Bitcoin FX Experimental" -srcfolder "$APP" -ov -format UDZO "$DMG"
if [ "$IDENTITY" != "-" ]; then
  codesign --force --timestamp --sign "$IDENTITY" "$DMG"
  xcrun notarytool submit "$DMG" --keychain-profile "$PROFILE" --wait
  xcrun stapler staple "$DMG"
  spctl --assess --type open --context context:primary-signature --verbose=2 "$DMG"
fi
(cd "$WORK" && shasum -a 256 "$(basename "$DMG")" > SHA256SUMS)
echo "done: $DMG"
