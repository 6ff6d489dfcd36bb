#!/usr/bin/env bash
# Installs the Debian packages named that are not installed yet (apt-get, as root or through
# sudo); waits for the dpkg lock when another apt-get holds it. Idempotent: does nothing (and
# needs no network) when every package is installed already.
#   usage: scripts/apt-install.sh PACKAGE...
# Progress goes to stderr; exits non-zero when a package could not be installed.
set -euo pipefail
need=()
for p in "$@"; do
  [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || need+=("$p")
done
[ ${#need[@]} -eq 0 ] && exit 0
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "apt-install.sh: not root and no sudo: install ${need[*]} by hand" >&2
    return 1
  fi
}
echo "apt-install.sh: installing ${need[*]}" >&2
lock=(-o DPkg::Lock::Timeout=900)
as_root apt-get "${lock[@]}" update -qq >&2
as_root env DEBIAN_FRONTEND=noninteractive apt-get "${lock[@]}" install -y -qq "${need[@]}" >&2
