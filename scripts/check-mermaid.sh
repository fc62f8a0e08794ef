#!/usr/bin/env bash
# Parses every ```mermaid block of Markdown files with the pinned mermaid package (the renderer
# GitHub uses for them) and names file and line of each block that does not parse.
#
#   scripts/check-mermaid.sh [FILE.md ...]     # default: README.md and docs/*.md
#
# Exits 1 when a block does not parse.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -eq 0 ]; then
  cd "$root"
  shopt -s nullglob
  set -- README.md docs/*.md
fi
modules=$("$root/scripts/npm-tools.sh")
exec node "$root/scripts/check-mermaid.mjs" "$modules" "$@"
