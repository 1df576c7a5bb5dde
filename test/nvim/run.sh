#!/usr/bin/env bash
# Neovim (0.7.2, Debian) as a real LSP client of `node bin/leastpriv.js lsp --stdio`: see init.lua.
# Works on a fresh copy of examples/capital-one-2019.yaml in a temp folder; HOME/XDG_*/TMPDIR point into it
# (nvim writes its log, shada and swap there). Exit 0 = pass.
# Env: LEASTPRIV_EXTENSION_ROOT (default: this repo), LEASTPRIV_NODE, LEASTPRIV_KEEP_RUNS=1, NVIM (binary).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="${LEASTPRIV_EXTENSION_ROOT:-$(cd "$HERE/../.." && pwd)}"
NVIM="${NVIM:-nvim}"
CLI="$ROOT/bin/leastpriv.js"

if ! command -v "$NVIM" >/dev/null; then
  echo "FAIL: Neovim not found ($NVIM). Install it with: apt-get install -y --no-install-recommends neovim" >&2
  exit 1
fi
[ -f "$CLI" ] || { echo "FAIL: $CLI missing" >&2; exit 1; }
[ -f "$ROOT/dist/server.js" ] || [ -n "${LEASTPRIV_EXTENSION_ROOT:-}" ] || { echo "FAIL: $ROOT/dist/server.js missing: run npm run build" >&2; exit 1; }

RUN="$(mktemp -d "${TMPDIR:-/tmp}/leastpriv-nvim-XXXXXX")"
rc=1
cleanup() { if [ "$rc" = 0 ] && [ "${LEASTPRIV_KEEP_RUNS:-0}" != 1 ]; then rm -rf "$RUN"; else echo "run folder kept: $RUN"; fi; }
trap cleanup EXIT
mkdir -p "$RUN/home" "$RUN/tmp" "$RUN/ws"
export HOME="$RUN/home" XDG_CONFIG_HOME="$RUN/home/.config" XDG_DATA_HOME="$RUN/home/.local/share" \
       XDG_CACHE_HOME="$RUN/home/.cache" XDG_STATE_HOME="$RUN/home/.local/state" TMPDIR="$RUN/tmp"
export LEASTPRIV_CLI="$CLI"
cp "$ROOT/examples/capital-one-2019.yaml" "$RUN/ws/"
chmod 644 "$RUN/ws/capital-one-2019.yaml"   # the source may be read-only
cd "$RUN/ws"
echo "$("$NVIM" --version | head -1), server: ${LEASTPRIV_NODE:-node} $CLI lsp --stdio"
set +e
timeout -k 5 90 "$NVIM" --headless --clean -n -i NONE -u "$HERE/init.lua" capital-one-2019.yaml </dev/null
nvim_rc=$?
set -e
if [ "$nvim_rc" != 0 ]; then
  echo "FAIL: nvim exited with $nvim_rc"
  for f in "$XDG_CACHE_HOME/nvim/lsp.log" "$XDG_STATE_HOME/nvim/lsp.log"; do [ -f "$f" ] && { echo "--- $f"; tail -30 "$f"; }; done
  exit 1
fi
line59="$(sed -n 59p capital-one-2019.yaml)"
echo "line 59 on disk: '$line59'"
if [[ "$line59" =~ ^[[:space:]]*Action:[[:space:]]*$ ]]; then rc=0; echo PASS; else echo "FAIL: file on disk not fixed"; fi
exit "$rc"
