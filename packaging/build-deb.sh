#!/usr/bin/env bash
# Wrap the Linux bundle (dist/sg-desktop/, from packaging/build-linux.sh) into a Debian package:
#
#   bash packaging/build-deb.sh        # writes dist/sg-desktop_<version>_<arch>.deb
#   sudo apt-get install ./dist/sg-desktop_*.deb
#
# The package installs the bundle in /opt/sg-desktop, a launcher as /usr/bin/sg-desktop, the desktop entry,
# the icons (hicolor theme) and the AppStream metainfo where desktops look for them. Its Depends are the
# system libraries the bundle links to (the README's list for Qt, and a few more for Wayland, printing and the
# C++ runtime); before building, every library any file of the bundle needs is checked to be either in the
# bundle or in a package named here, so a missing dependency fails the build, not an installation.
# Needs dpkg-deb, readelf (binutils), desktop-file-validate (desktop-file-utils) and appstreamcli (appstream).
set -euo pipefail
cd "$(dirname "$0")/.."

bundle=dist/sg-desktop
[ -x "$bundle/sg-desktop" ] || { echo "build-deb: no bundle at $bundle; run packaging/build-linux.sh first" >&2; exit 1; }
version=$("$bundle/sg-desktop" --version | sed -n 's/^SG Desktop //p')
[ -n "$version" ] || { echo "build-deb: the bundle did not say its version" >&2; exit 1; }
deb_version=$(echo "$version" | sed -E 's/(a|b|rc|\.dev)([0-9]+)$/~\1\2/')  # 1.2rc1 sorts before 1.2 as 1.2~rc1
arch=$(dpkg --print-architecture)
metainfo=resources/org.sgdesktop.SGDesktop.metainfo.xml
newest=$(grep -o '<release version="[^"]*"' "$metainfo" | head -1 | cut -d'"' -f2)
if [ "$newest" != "$version" ]; then
  echo "build-deb: $metainfo's newest release is $newest, but the application is $version; add its release notes" >&2
  exit 1
fi

# The README's list (what Qt's X11 plugin and Qt itself link to), then OpenGL on X11 (GLX), Wayland, printing
# (CUPS), GLib, XML (Python's expat) and the C and C++ runtimes. Ubuntu 24.04 renamed a few packages (the 64-bit time_t move): both names are given.
depends=(libegl1 libgl1 libfontconfig1 libfreetype6 libdbus-1-3 libx11-6 libx11-xcb1 libxcb1 libxcb-cursor0
  libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0
  libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1 libxkbcommon0 libxkbcommon-x11-0
  libxcb-glx0 libwayland-client0 libwayland-cursor0 libwayland-egl1 "libcups2t64 | libcups2" "libglib2.0-0t64 | libglib2.0-0"
  zlib1g libzstd1 libexpat1 libstdc++6 libgcc-s1)
# Only the GTK look-and-feel plugin (native file dialogs on GNOME) needs GTK; without it Qt uses its own.
recommends=("libgtk-3-0t64 | libgtk-3-0")
optional_plugin=platformthemes/libqgtk3.so

# -- every library the bundle links to is in it, or in a package named above ---------------------------------
mapfile -t elves < <(find "$bundle" -type f \( -name '*.so*' -o -perm -u+x \) -exec sh -c \
  'for f; do [ "$(head -c4 "$f" | tail -c3)" = ELF ] && echo "$f"; done' _ {} +)
declare -A bundled=()
while IFS= read -r name; do bundled[$name]=1; done < <(find "$bundle" \( -type f -o -type l \) -printf '%f\n')
declare -A system=()  # soname -> path, from the loader's cache (the first, this architecture's, of each)
while read -r soname path; do
  [ -z "${system[$soname]:-}" ] && system[$soname]=$path
done < <("$(command -v ldconfig || echo /sbin/ldconfig)" -p | awk -v arch="$(uname -m | sed 's/_/-/')" 'NR > 1 && (index($0, arch) || !/x86|aarch|arm|i386/) \
  {print $1, $NF}')
named=" $(printf '%s\n' "${depends[@]}" "${recommends[@]}" | tr '|' '\n' | tr -d ' ' | tr '\n' ' ') "
declare -A owner=()  # soname -> the package that ships it
missing=()
glibc=2.17
for elf in "${elves[@]}"; do
  needed=$(readelf -d "$elf" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
  for lib in $needed; do
    [ -n "${bundled[$lib]:-}" ] && continue
    path=${system[$lib]:-}
    if [ -z "$path" ]; then missing+=("$lib (not on this machine; needed by ${elf#"$bundle"/})"); continue; fi
    if [ -z "${owner[$lib]+set}" ]; then
      real=$(readlink -f "$path")
      # Debian lists a library under /lib or /usr/lib, whichever its package ships (both are one folder now).
      found=$(dpkg -S "$real" 2>/dev/null || dpkg -S "${real/#\/usr\/lib\//\/lib\/}" 2>/dev/null \
        || dpkg -S "${real/#\/lib\//\/usr\/lib\/}" 2>/dev/null || true)
      owner[$lib]=${found%%:*}
    fi
    package=${owner[$lib]}
    case "$package" in
      libc6) continue ;;  # its version is taken from the symbols below
      "") missing+=("$lib (no package owns ${path})") ;;
      *) [[ "$named" == *" $package "* ]] || [[ "$elf" == *"$optional_plugin" ]] \
           || missing+=("$lib (package $package, needed by ${elf#"$bundle"/})") ;;
    esac
  done
  for v in $(objdump -T "$elf" 2>/dev/null | grep -o 'GLIBC_[0-9.]*' | sort -u | sed 's/GLIBC_//'); do
    glibc=$(printf '%s\n%s\n' "$glibc" "$v" | sort -V | tail -1)
  done
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "build-deb: the bundle needs system libraries the package does not depend on:" >&2
  printf '  %s\n' "${missing[@]}" | sort -u >&2
  exit 1
fi
depends=("libc6 (>= $glibc)" "${depends[@]}")

# -- the package's tree ---------------------------------------------------------------------------------------
root=build/deb/sg-desktop_${deb_version}_${arch}
rm -rf "$root"
mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" "$root/usr/share/metainfo" \
  "$root/usr/share/icons/hicolor/scalable/apps" "$root/usr/share/doc/sg-desktop"
cp -a "$bundle" "$root/opt/sg-desktop"
cat > "$root/usr/bin/sg-desktop" <<'EOF'
#!/bin/sh
# SG Desktop's launcher: the application itself lives in /opt/sg-desktop.
exec /opt/sg-desktop/sg-desktop "$@"
EOF
chmod 0755 "$root/usr/bin/sg-desktop"
install -m 0644 resources/sg-desktop.desktop "$root/usr/share/applications/sg-desktop.desktop"
install -m 0644 "$metainfo" "$root/usr/share/metainfo/$(basename "$metainfo")"
install -m 0644 resources/sg-desktop.svg "$root/usr/share/icons/hicolor/scalable/apps/sg-desktop.svg"
for png in resources/icons/sg-desktop-*.png; do
  size=$(basename "$png" .png | sed 's/^sg-desktop-//')
  install -D -m 0644 "$png" "$root/usr/share/icons/hicolor/${size}x${size}/apps/sg-desktop.png"
done
cat > "$root/usr/share/doc/sg-desktop/copyright" <<'EOF'
SG Desktop: the confidential early-alert log for children's safeguarding media cases.
License: proprietary. It bundles Python, Qt (PySide6-Essentials, LGPL-3.0), SQLCipher (BSD-3-Clause),
cryptography (Apache-2.0 or BSD-3-Clause), pyrage (MIT or Apache-2.0), platformdirs (MIT), rfc8785 (Apache-2.0)
and icalendar (BSD-2-Clause), whose licences are in /opt/sg-desktop/_internal beside each of them where they
ship one.
EOF
find "$root" -type d -exec chmod 0755 {} +
chmod -R go-w "$root"

desktop-file-validate "$root/usr/share/applications/sg-desktop.desktop"
appstreamcli validate --no-net --explain "$root/usr/share/metainfo/$(basename "$metainfo")" >/dev/null

join() { local IFS=","; echo "$*" | sed 's/,/, /g'; }
cat > "$root/DEBIAN/control" <<EOF
Package: sg-desktop
Version: $deb_version
Architecture: $arch
Maintainer: The SG Desktop team <it-support@sgdesktop.org>
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: $(join "${depends[@]}")
Recommends: $(join "${recommends[@]}")
Section: misc
Priority: optional
Homepage: https://sgdesktop.org/
Description: confidential early-alert log for safeguarding cases that will reach the news
 SG Desktop is the tool of the confidential early-alert protocol between councils,
 the LGA, ADCS and the political group offices: officers record the timetable of a
 serious case review, a criminal trial or an inquest, and the support offered, on
 their own computers, offline, in an encrypted vault, and pass alerts between
 offices as signed, encrypted protocol files.
 .
 After installing, "sg-desktop --self-test" checks that every part works.
EOF

out="dist/sg-desktop_${deb_version}_${arch}.deb"
rm -f "$out"
# zstd: a few seconds, where xz takes two minutes for 8 MB less; every system the bundle runs on (the C library
# of the build machine or later: built on Debian 12, Debian 12 and Ubuntu 22.04 and later) reads it. SG_DEB_COMPRESSION="-Zxz" for the smallest file.
# shellcheck disable=SC2086
dpkg-deb --root-owner-group ${SG_DEB_COMPRESSION:--Zzstd -z9} --build "$root" "$out" >/dev/null
echo "Built $out ($(du -m "$out" | cut -f1) MB; installs $(du -sm --exclude=DEBIAN "$root" | cut -f1) MB)"
