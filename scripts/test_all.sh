#!/usr/bin/env bash
# The README's test command (npm test): every check and every runtime, on a fresh clone.
# Needs only Node and npm; installs what it needs itself (Deno and Bun from npm, workerd via
# miniflare, Chromium from Debian). Nothing is skipped. Node's runner comes last (CI reads it).
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_COLOR=1
DENO="npx --yes deno@2.9.6"
[ -d node_modules ] || npm ci --no-audit --no-fund

step() { printf '\n=== %s\n' "$*"; }
step "Chromium (Debian's package) for the browser test"
if ! command -v chromium >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
chromium --version
step "deno check, lint, fmt, doc --lint, test, publish --dry-run"
$DENO task ci
step "npm build (tsc → npm/esm, package.json, npm pack)"
node scripts/build_npm.mjs --pack
step "size budgets (esbuild, minified, gzip)"
node scripts/size.mjs --check
step "bun test (source and build)"
npx bun test ./tests ./npm/esm/tests
step "node --test (the build; workerd, Chromium, the packed tarball, size budgets)"
node --test npm/esm/tests/ tests/runtimes/*.node.mjs
