#!/usr/bin/env bash
# The README's test command (npm test): every check and every runtime, on a fresh clone.
# Needs only Node and npm; installs what it needs itself. Node's runner comes last.
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_COLOR=1
DENO="npx --yes deno@2.9.6"
[ -d node_modules ] || npm ci --no-audit --no-fund

step() { printf '\n=== %s\n' "$*"; }
step "deno check, lint, fmt, doc --lint, test, publish --dry-run"
$DENO task ci
step "npm build (tsc → npm/esm)"
node scripts/build_npm.mjs
step "bun test (source and build)"
npx bun test ./tests ./npm/esm/tests
step "node --test (the compiled build)"
node --test npm/esm/tests/
