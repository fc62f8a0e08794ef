#!/usr/bin/env bash
# Installs the pinned npm tools of scripts/tools/ (package.json + package-lock.json) into the
# git-ignored cache .tool-cache/npm, unless the same lockfile is installed there already, and
# prints the path of their node_modules folder.
#
#   modules=$(scripts/npm-tools.sh)
#
# `npm ci` installs exactly what the lockfile names and checks every package's integrity hash.
# No install scripts run: none of these packages needs one.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source_dir="$root/scripts/tools"
cache="${TOOL_CACHE:-$root/.tool-cache}/npm"
mkdir -p "$cache"

# Two checks running at once must not install into the same folder together.
exec 9> "$cache.lock"
flock 9

if ! cmp -s "$source_dir/package-lock.json" "$cache/installed-lock.json"; then
  echo "installing pinned npm tools into $cache" >&2
  rm -rf "$cache/node_modules" "$cache/installed-lock.json"
  cp "$source_dir/package.json" "$source_dir/package-lock.json" "$source_dir/.npmrc" "$cache/"
  (cd "$cache" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
  # Written last: an interrupted install is redone next time.
  cp "$source_dir/package-lock.json" "$cache/installed-lock.json"
fi
echo "$cache/node_modules"
