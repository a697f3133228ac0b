#!/usr/bin/env bash
# Build SG Desktop for Linux as a one-folder bundle: dist/sg-desktop/ (run dist/sg-desktop/sg-desktop).
#
#   bash packaging/build-linux.sh            # then: QT_QPA_PLATFORM=offscreen dist/sg-desktop/sg-desktop --self-test
#
# Needs uv (https://docs.astral.sh/uv/) and Python 3.11+; PyInstaller comes from the `packaging` dependency
# group in uv.lock. Build on the oldest Linux you support: the bundle uses that machine's C library.
set -euo pipefail
cd "$(dirname "$0")/.."
uv() { if type -P uv >/dev/null; then command uv "$@"; else python3 -m uv "$@"; fi; }

# --inexact: keep the development tools if they are there (the tests may run in the same environment).
uv sync --locked --group packaging --inexact --quiet
rm -rf build/pyinstaller dist/sg-desktop
uv run --locked --group packaging --no-sync pyinstaller --noconfirm --clean --log-level WARN \
  --workpath build/pyinstaller --distpath dist packaging/sg-desktop.spec

size=$(du -sm dist/sg-desktop | cut -f1)
echo "Built dist/sg-desktop/ (${size} MB, $(find dist/sg-desktop -type f | wc -l) files), version $(dist/sg-desktop/sg-desktop --version)"
