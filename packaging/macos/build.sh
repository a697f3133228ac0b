#!/usr/bin/env bash
# Build SG Desktop for macOS: dist/SG Desktop.app and dist/SG-Desktop-<version>.dmg.
#
#   bash packaging/macos/build.sh
#   SG_CODESIGN_IDENTITY="Developer ID Application: Example Council (TEAMID1234)" \
#   SG_NOTARY_PROFILE=sg-desktop-notary bash packaging/macos/build.sh      # signed, notarized and stapled
#
# Needs macOS 12 or later with the Xcode command line tools (codesign, hdiutil, xcrun), uv and Python 3.11+
# (python.org's installer). PyInstaller comes from the `packaging` dependency group in uv.lock. It builds for
# the Mac it runs on (Apple silicon or Intel); build on each kind you support. See packaging/README.md.
#
# This script was written from PyInstaller's, Apple's codesign/notarytool and hdiutil documentation; it has
# not been run on a Mac by the project (its CI is Linux). Check its first run by hand.
set -euo pipefail
cd "$(dirname "$0")/../.."
uv() { if type -P uv >/dev/null; then command uv "$@"; else python3 -m uv "$@"; fi; }

uv sync --locked --group packaging --inexact --quiet
rm -rf build/pyinstaller "dist/SG Desktop.app" dist/sg-desktop
# SG_CODESIGN_IDENTITY (if set) reaches the spec, which has PyInstaller sign every binary and the .app with the
# hardened runtime and packaging/macos/entitlements.plist.
uv run --locked --group packaging --no-sync pyinstaller --noconfirm --clean --log-level WARN \
  --workpath build/pyinstaller --distpath dist packaging/sg-desktop.spec

app="dist/SG Desktop.app"
program="$app/Contents/MacOS/sg-desktop"
version=$("$program" --version | sed -n 's/^SG Desktop //p')
echo "Built $app ($(du -sm "$app" | cut -f1) MB), version $version"

# The same check IT runs after installing: every part of the application, offscreen, on a throw-away vault.
QT_QPA_PLATFORM=offscreen "$program" --self-test

if [ -n "${SG_CODESIGN_IDENTITY:-}" ]; then
  codesign --verify --deep --strict --verbose=2 "$app"
fi

# The disk image: the application beside a link to /Applications, to drag it across.
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
cp -R "$app" "$staging/"
ln -s /Applications "$staging/Applications"
dmg="dist/SG-Desktop-$version.dmg"
rm -f "$dmg"
hdiutil create -volname "SG Desktop $version" -srcfolder "$staging" -fs HFS+ -format UDZO -ov "$dmg"

if [ -n "${SG_CODESIGN_IDENTITY:-}" ]; then
  codesign --sign "$SG_CODESIGN_IDENTITY" --timestamp "$dmg"
  if [ -n "${SG_NOTARY_PROFILE:-}" ]; then
    # The profile holds the Apple ID or API key notarytool uses: made once with `xcrun notarytool
    # store-credentials` (packaging/README.md). --wait returns when Apple has accepted or rejected it.
    xcrun notarytool submit "$dmg" --keychain-profile "$SG_NOTARY_PROFILE" --wait
    xcrun stapler staple "$dmg"
    spctl --assess --type open --context context:primary-signature --verbose=2 "$dmg"
  fi
fi
echo "Built $dmg ($(du -m "$dmg" | cut -f1) MB)"
