#!/usr/bin/env bash
# Installs code-server (VS Code in the browser) from the npm registry into a folder, for the
# end-to-end tests of editors/vscode in a real VS Code driven by headless Chromium
# (editors/test-e2e.sh). Also apt-installs what it needs: Debian's chromium and a CJK font
# (fonts-wqy-microhei) for the browser, ripgrep and the -dev packages of its native modules.
# code-server's own npm postinstall downloads ripgrep from the internet, which is not reachable
# here, so this script installs with scripts off, drops in Debian's ripgrep and rebuilds the
# native modules itself.
#   usage: scripts/install-code-server.sh [DIR]     (default: $HOME/.cache/code-server-e2e)
#   env:   CODE_SERVER_VERSION (default 4.100.3, i.e. VS Code 1.100.3)
# Idempotent: does nothing when DIR holds a finished install of that version. Prints the path
# of the entry script on stdout (everything else goes to stderr); run it with node:
#   node ENTRY --auth none --bind-addr 127.0.0.1:PORT FOLDER
set -euo pipefail
DIR=${1:-${CODE_SERVER_DIR:-$HOME/.cache/code-server-e2e}}
VERSION=${CODE_SERVER_VERSION:-4.100.3}
ENTRY="$DIR/node_modules/code-server/out/node/entry.js"

bash "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh" \
  ripgrep libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev chromium fonts-wqy-microhei

if [ -f "$DIR/.done-$VERSION" ] && [ -f "$ENTRY" ]; then
  echo "$ENTRY"
  exit 0
fi
command -v node >/dev/null && command -v npm >/dev/null || {
  echo "install-code-server.sh: node and npm are needed (Node 20)" >&2
  exit 1
}
mkdir -p "$DIR"
cd "$DIR"
rm -f .done-*
[ -f package.json ] || echo '{"name":"code-server-e2e","private":true}' >package.json
export npm_config_yes=true
npm install --unsafe-perm --ignore-scripts --no-audit --no-fund "code-server@$VERSION" >&2
npm rebuild argon2 >&2
cd node_modules/code-server/lib/vscode
npm install --unsafe-perm --omit=dev --ignore-scripts --no-audit --no-fund >&2
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
npm rebuild node-pty @vscode/spdlog @parcel/watcher native-watchdog kerberos @vscode/deviceid >&2
ln -sfn node_modules node_modules.asar
(cd extensions && npm install --unsafe-perm --omit=dev --ignore-scripts --no-audit --no-fund >&2)
[ -f "$ENTRY" ] || {
  echo "install-code-server.sh: no entry script at $ENTRY after the install" >&2
  exit 1
}
touch "$DIR/.done-$VERSION"
echo "$ENTRY"
