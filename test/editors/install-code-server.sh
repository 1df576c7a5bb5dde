#!/usr/bin/env bash
# Installs code-server (default 4.100.3 = VS Code 1.100.3, the newest release that runs on Node 20)
# from the npm registry only, into ${LEASTPRIV_TEST_CACHE:-$HOME/.cache/leastpriv-test}/code-server.
# Idempotent: returns at once when that version is already installed completely.
#
# Plain `npm install code-server` fails on a root, offline-except-npm machine. Each pitfall handled here:
#   1. postinstall refuses to run as root ("pass --unsafe-perm")  -> we run no package scripts of code-server
#      itself (--ignore-scripts) and replay what its postinstall.sh does; npm_config_unsafe_perm=true anyway.
#   2. kerberos addon needs gssapi headers                           -> Debian libkrb5-dev + pkg-config (checked).
#   3. @vscode/ripgrep postinstall downloads rg from GitHub (fails, npm rolls everything back)
#                                                                    -> pre-create bin/rg -> /usr/bin/rg (Debian ripgrep).
#   4. node-pty post-install runs `npx node-gyp`, which refuses without --yes -> npm_config_yes=true.
#   5. argon2 / kerberos prebuilt downloads from GitHub fail         -> they fall back to node-gyp source builds;
#      node-gyp must not download Node headers either                -> npm_config_nodedir = this Node's prefix.
# Required Debian packages: python3 make g++ libkrb5-dev pkg-config ripgrep.
set -euo pipefail

VER="${CODE_SERVER_VERSION:-4.100.3}"
CACHE="${LEASTPRIV_TEST_CACHE:-${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}/.cache/leastpriv-test}"
DEST="$CACHE/code-server"
MARKER="$DEST/.installed-$VER"
BIN="$DEST/node_modules/code-server/out/node/entry.js"

if [ -f "$MARKER" ] && [ -f "$BIN" ] \
   && [ "$(node -p "require('$DEST/node_modules/code-server/package.json').version" 2>/dev/null)" = "$VER" ]; then
  echo "code-server $VER already installed in $DEST"
  exit 0
fi

t0=$(date +%s)
missing=()
for cmd in node npm python3 make g++ pkg-config; do command -v "$cmd" >/dev/null || missing+=("$cmd"); done
[ -x /usr/bin/rg ] || missing+=("ripgrep (/usr/bin/rg)")
pkg-config --exists krb5-gssapi 2>/dev/null || [ -f /usr/include/gssapi/gssapi.h ] || missing+=("libkrb5-dev (gssapi headers)")
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-code-server.sh: missing prerequisites: ${missing[*]}" >&2
  echo "  apt-get install -y --no-install-recommends python3 make g++ libkrb5-dev pkg-config ripgrep" >&2
  exit 1
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$VER" = "4.100.3" ] && [ "$node_major" != 20 ]; then
  echo "install-code-server.sh: warning: code-server $VER is built for Node 20, this is Node $(node -v)" >&2
fi

# Native addons are compiled against this Node's own headers (no download from nodejs.org).
NODE_PREFIX="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
if [ -z "${npm_config_nodedir:-}" ] && [ -f "$NODE_PREFIX/include/node/node.h" ]; then
  export npm_config_nodedir="$NODE_PREFIX"
fi
export npm_config_unsafe_perm=true npm_config_yes=true npm_config_audit=false npm_config_fund=false \
       npm_config_update_notifier=false npm_config_progress=false
# Keep temp files (npm, ripgrep, node-gyp) out of /tmp.
export TMPDIR="$CACHE/tmp"
mkdir -p "$TMPDIR"

echo "installing code-server $VER into $DEST (node $(node -v), nodedir=${npm_config_nodedir:-default})"
rm -rf "$DEST"
mkdir -p "$DEST"
cd "$DEST"
printf '{ "name": "leastpriv-test-code-server", "version": "1.0.0", "private": true }\n' > package.json
npm install --ignore-scripts --no-audit --no-fund --no-save "code-server@$VER"
npm rebuild argon2            # node-pre-gyp: GitHub download fails fast, then builds from source

cd node_modules/code-server/lib/vscode
npm install --omit=dev --ignore-scripts --no-audit --no-fund
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg   # ripgrep's postinstall exits when bin/ exists
npm rebuild                   # runs the install scripts: node-gyp builds kerberos, spdlog, node-pty, ...
# What code-server's postinstall.sh does after its own npm install:
rm -rf node_modules.asar && ln -s node_modules node_modules.asar
(cd bin/remote-cli && ln -sf code-linux.sh code-server)
(cd bin/helpers && ln -sf browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev --no-audit --no-fund)

cd "$DEST"
# code-server writes ~/.config/code-server/config.yaml even for --version: give it a throwaway HOME.
vhome="$TMPDIR/version-home"
mkdir -p "$vhome"
version_line=$(HOME="$vhome" XDG_CONFIG_HOME="$vhome/.config" XDG_DATA_HOME="$vhome/.local/share" \
  node node_modules/code-server/out/node/entry.js --version 2>/dev/null | grep -E '^[0-9]+\.[0-9]+\.[0-9]+ ' | head -1 || true)
case "$version_line" in
  "$VER "*) ;;
  *) echo "install-code-server.sh: code-server --version printed '$version_line', expected $VER" >&2; exit 1 ;;
esac
rm -rf "$TMPDIR"
touch "$MARKER"
echo "code-server $VER installed in $DEST in $(( $(date +%s) - t0 )) s: $version_line"
