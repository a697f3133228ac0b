#!/usr/bin/env bash
# How long SG Desktop takes from being started to its unlock dialog on screen, on an X display.
#
#   DISPLAY=:99 bash packaging/startup-time.sh [PROGRAM] [RUNS]     (default: dist/sg-desktop/sg-desktop, 5 runs)
#
# Each run starts PROGRAM on a throw-away vault (made once, with the program's own `init`) and a private
# settings folder, waits until `xdotool` finds its window titled "Unlock — SG Desktop", notes the time, and
# closes the program. Prints each run and the median, in milliseconds. Needs xdotool and an X server (Xvfb).
set -euo pipefail
program=${1:-dist/sg-desktop/sg-desktop}
runs=${2:-5}
: "${DISPLAY:?set DISPLAY to an X display, e.g. Xvfb :99}"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" XDG_CACHE_HOME="$scratch/cache"
export SG_PASSPHRASE="startup time: $RANDOM $RANDOM $RANDOM"
"$program" init --office "Start-up timing (fictional)" --org other >/dev/null
unset SG_PASSPHRASE

times=()
for _ in $(seq "$runs"); do
  began=$(date +%s%N)
  "$program" >/dev/null 2>&1 &
  pid=$!
  # By the program's process, so that another copy of SG Desktop on the same display does not count.
  until xdotool search --all --pid "$pid" --name "^Unlock" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "startup-time: $program exited before its unlock dialog appeared" >&2; exit 1; }
    sleep 0.01
  done
  ended=$(date +%s%N)
  times+=($(( (ended - began) / 1000000 )))
  kill "$pid"
  wait "$pid" 2>/dev/null || true
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "start-up to the unlock dialog: ${times[*]} ms; median ${sorted[$(( ${#sorted[@]} / 2 ))]} ms"
