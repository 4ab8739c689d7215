#!/usr/bin/env bash
# The README's test command (npm test): every check and every runtime, on a fresh clone.
# Needs only Node and npm; installs what it needs itself (Deno and Bun from npm, workerd via
# miniflare, Chromium from Debian). Nothing is skipped, and every stage runs even when an
# earlier one failed: the summary table at the end says which ones did. Node's runner is the
# last runner; the very last line is `N passed, N failed` over all stages (what CI reads).
#
#   bash scripts/test_all.sh            every stage
#   bash scripts/test_all.sh deno node  only the stages whose name contains one of the words
set -uo pipefail
cd "$(dirname "$0")/.."
export NO_COLOR=1
DENO="npx --yes deno@2.9.6"
[ -d node_modules ] || npm ci --no-audit --no-fund || exit 1

LOGS=$(mktemp -d "${TMPDIR:-/tmp}/authrocket-edge-test.XXXXXX")
ONLY=("$@")
NAMES=() PASSED=() FAILED=() SECONDS_TAKEN=()

# The counts a runner printed in its closing lines (Deno: `ok | 39 passed (212 steps) | 0
# failed`, its tests and steps added up; Bun: ` 12 pass` / ` 0 fail`; Node: `# pass 12` or
# `ℹ pass 12`). A stage that is not a test runner counts as one check.
counts() { # <log> <kind> → "passed failed"
  local log=$1 kind=$2
  case $kind in
    deno)
      grep -E '^(ok|FAILED) \| [0-9]+ passed' "$log" | tail -n 1 | awk '{
        p = 0; f = 0; side = "p"
        for (i = 1; i <= NF; i++) {
          if ($i == "|") continue
          n = $i; gsub(/[^0-9]/, "", n)
          if ($(i+1) ~ /^passed/) p += n
          else if ($(i+1) ~ /^failed/) { f += n; side = "f" }
          else if ($i ~ /^\([0-9]+$/ && $(i+1) ~ /^steps?\)/) { if (side == "p") p += n; else f += n }
        }
        print p, f }' ;;
    bun)
      awk '/^ *[0-9]+ pass$/ {p += $1} /^ *[0-9]+ fail$/ {f += $1} END {print p + 0, f + 0}' "$log" ;;
    node)
      awk '/^(# |ℹ )pass [0-9]+$/ {p += $NF} /^(# |ℹ )fail [0-9]+$/ {f += $NF} END {print p + 0, f + 0}' \
        "$log" ;;
    *) echo "" ;;
  esac
}

stage() { # <name> <kind: deno|bun|node|check> <command…>
  local name=$1 kind=$2 log rc start end p f
  shift 2
  if [ ${#ONLY[@]} -gt 0 ]; then
    local want=0 w
    for w in "${ONLY[@]}"; do [[ $name == *"$w"* ]] && want=1; done
    [ $want = 1 ] || return 0
  fi
  log="$LOGS/${#NAMES[@]}.log"
  printf '\n=== %s\n' "$name"
  start=$(date +%s.%N)
  "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  end=$(date +%s.%N)
  read -r p f <<<"$(counts "$log" "$kind")"
  if [ -z "${p:-}" ]; then # not a test runner (or it printed no counts): one check
    if [ "$rc" = 0 ]; then p=1 f=0; else p=0 f=1; fi
  elif [ "$rc" != 0 ] && [ "$f" = 0 ]; then
    f=1 # the runner failed without a failing test (a crash, a load error): count it
  elif [ "$rc" = 0 ] && [ "$f" != 0 ]; then
    rc=1
  fi
  [ "$rc" = 0 ] || printf '=== %s FAILED (exit %s)\n' "$name" "$rc"
  NAMES+=("$name") PASSED+=("$p") FAILED+=("$f")
  SECONDS_TAKEN+=("$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.1f", b - a}')")
}

chromium_install() {
  if ! command -v chromium >/dev/null 2>&1; then
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq || return 1
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null || return 1
  fi
  chromium --version
}

T0=$(date +%s.%N)
stage "chromium (Debian's package, for the browser test)" check chromium_install
stage "deno check (+ --doc: every JSDoc example)" check $DENO task check
stage "deno lint, fmt --check, doc --lint, examples" check $DENO task lint
stage "deno test (source)" deno $DENO task test
# The same suite with the wall clock moved back 3 days and forward 400: a test that mixes a fixed
# clock with the wall clock fails here at once, not on some day at some hour (issue 10).
for shift in -3d +400d; do
  stage "deno test, wall clock moved $shift (scripts/clock_shift.ts)" deno \
    env TEST_NOW_OFFSET=$shift $DENO task test --preload=scripts/clock_shift.ts
done
stage "deno publish --dry-run" check $DENO publish --dry-run --allow-dirty
stage "npm build (tsc to npm/esm, npm pack)" check node scripts/build_npm.mjs --pack
stage "size budgets (esbuild, minified, gzip)" check node scripts/size.mjs --check
stage "bun test (source and build)" bun npx bun test --timeout 60000 ./tests ./npm/esm/tests
stage "node --test (build; workerd, Chromium, tarball, sizes, scripts)" node \
  node --test npm/esm/tests/ tests/runtimes/*.node.mjs
T1=$(date +%s.%N)

# The summary: one row per stage, then the totals line CI reads.
total_p=0 total_f=0 bad=0
printf '\n%-66s %7s %7s %8s\n' "stage" "passed" "failed" "seconds"
for i in "${!NAMES[@]}"; do
  printf '%-66s %7s %7s %8s\n' "${NAMES[$i]}" "${PASSED[$i]}" "${FAILED[$i]}" "${SECONDS_TAKEN[$i]}"
  total_p=$((total_p + PASSED[i])) total_f=$((total_f + FAILED[i]))
  [ "${FAILED[$i]}" = 0 ] || bad=$((bad + 1))
done
printf '%-66s %7s %7s %8s\n' "all ${#NAMES[@]} stages" "$total_p" "$total_f" \
  "$(awk -v a="$T0" -v b="$T1" 'BEGIN {printf "%.1f", b - a}')"
[ $bad = 0 ] || printf '%s stage(s) failed; their output is above (logs: %s)\n' "$bad" "$LOGS"
[ $bad != 0 ] || rm -rf "$LOGS"
printf '%s passed, %s failed\n' "$total_p" "$total_f"
[ $bad = 0 ]
