#!/usr/bin/env bash
# Emacs (28, Debian) + eglot as a real LSP client of `node bin/leastpriv.js lsp --stdio`: see test.el.
# Works on a fresh copy of examples/capital-one-2019.yaml in a temp folder; HOME/TMPDIR point into it.
# Exit 0 = pass. Needs: apt-get install -y --no-install-recommends emacs-nox elpa-eglot elpa-yaml-mode
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CLI="$ROOT/bin/leastpriv.js"
command -v emacs >/dev/null || { echo "FAIL: Emacs not found. Install it with: apt-get install -y --no-install-recommends emacs-nox elpa-eglot elpa-yaml-mode" >&2; exit 1; }
[ -d /usr/share/emacs/site-lisp/elpa ] && ls /usr/share/emacs/site-lisp/elpa | grep -q '^eglot' || { echo "FAIL: eglot not found: apt-get install -y --no-install-recommends elpa-eglot elpa-yaml-mode" >&2; exit 1; }
[ -f "$ROOT/dist/cli.js" ] || { echo "FAIL: $ROOT/dist/cli.js missing: run npm run build" >&2; exit 1; }
RUN="$(mktemp -d "${TMPDIR:-/tmp}/leastpriv-emacs-XXXXXX")"
trap 'rm -rf "$RUN"' EXIT
mkdir -p "$RUN/home" "$RUN/tmp" "$RUN/ws"
export HOME="$RUN/home" TMPDIR="$RUN/tmp" LEASTPRIV_CLI="$CLI"
cp "$ROOT/examples/capital-one-2019.yaml" "$RUN/ws/" && chmod 644 "$RUN/ws/capital-one-2019.yaml"
cd "$RUN/ws"
echo "$(emacs --version | head -1), server: node $CLI lsp --stdio"
timeout -k 5 90 emacs --batch -Q -l "$HERE/test.el" capital-one-2019.yaml </dev/null
line59="$(sed -n 59p capital-one-2019.yaml)"
echo "line 59 on disk: '$line59'"
[[ "$line59" =~ ^[[:space:]]*Action:[[:space:]]*$ ]] && echo PASS || { echo "FAIL: file on disk not fixed"; exit 1; }
