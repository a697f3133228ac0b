#!/usr/bin/env bash
# CI's packaging half (.ci/run calls it after the tests; it also runs on its own, as root on Debian or Ubuntu):
# build the Linux bundle and run its --self-test offscreen, build the .deb, install it with apt-get, run the
# installed /usr/bin/sg-desktop --self-test, and validate the installed desktop entry and AppStream metainfo.
# A missing hidden import, Qt plugin or system library fails here, not on an officer's computer.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.local/bin:$PATH"
if ! command -v uv >/dev/null 2>&1 && ! python3 -m uv --version >/dev/null 2>&1; then
  python3 -m pip install --quiet uv
fi
export DEBIAN_FRONTEND=noninteractive
step_began=0
step() { step_began=$(date +%s); echo "== packaging: $*"; }
took() { echo "   ($(( $(date +%s) - step_began )) s)"; }

# What building and checking need (binutils: readelf and objdump), and the system libraries Qt needs for the
# bundle's own self-test (the README's list; the installed package brings its own through Depends).
tools="binutils desktop-file-utils appstream libegl1 libgl1 libfontconfig1 libfreetype6 libdbus-1-3 libx11-6
  libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render0
  libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1 libxkbcommon0
  libxkbcommon-x11-0"
need=()
for pkg in $tools; do dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg"); done
apt_updated=no
if [ ${#need[@]} -gt 0 ]; then
  step "installing ${need[*]}"
  apt-get update -qq
  apt_updated=yes
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  took
fi

self_test() {  # $1: the program; in a scratch home and temporary folder, which it must leave as it found them
  local scratch
  scratch=$(mktemp -d)
  mkdir -p "$scratch/home" "$scratch/tmp"
  env -i PATH=/usr/bin:/bin HOME="$scratch/home" TMPDIR="$scratch/tmp" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
    "$1" --self-test
  if [ -n "$(ls -A "$scratch/tmp")" ]; then
    echo "packaging: $1 --self-test left files in its temporary folder: $(ls -A "$scratch/tmp")" >&2
    exit 1
  fi
  rm -rf "$scratch"
}

step "building the bundle (PyInstaller)"
bash packaging/build-linux.sh
took
echo "   bundle: $(du -sm dist/sg-desktop | cut -f1) MB"

step "the bundle's --self-test, offscreen"
self_test dist/sg-desktop/sg-desktop
took

step "building the .deb"
bash packaging/build-deb.sh
took
deb=$(ls dist/sg-desktop_*.deb)
echo "   package: $(du -m "$deb" | cut -f1) MB"

step "installing $deb with apt-get"
# --reinstall: a copy of the same version already installed (an earlier run) is replaced by this build.
if ! apt-get install -y -qq --reinstall "./$deb" >/dev/null 2>&1; then
  [ "$apt_updated" = yes ] || apt-get update -qq
  apt-get install -y -qq --reinstall "./$deb" >/dev/null
fi
took

step "the installed /usr/bin/sg-desktop --self-test, offscreen"
self_test /usr/bin/sg-desktop
took

step "validating the installed desktop entry and AppStream metainfo"
desktop-file-validate /usr/share/applications/sg-desktop.desktop
appstreamcli validate --no-net /usr/share/metainfo/org.sgdesktop.SGDesktop.metainfo.xml
took
echo "== packaging: passed"
