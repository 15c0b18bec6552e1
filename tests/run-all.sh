#!/usr/bin/env bash
# The README's test command (npm test): the build, then typecheck, lint, unit tests,
# integration tests on PGlite and on a throwaway PostgreSQL 15, two app servers on one
# PostgreSQL and one S3 store, and browser tests in headless Chromium.
#
# Every stage runs even when an earlier one failed, and the summary is always printed.
# Stages that share neither a port nor a folder run side by side; each writes its output to
# a file, printed whole when the group ends, so outputs never interleave. The last line is
# `tests: N passed, N failed` (CI reads it); the exit code is non-zero if any stage failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export NODE_ENV=test
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/logs" "$work/reports" "$work/status"

# Stage names, in the order of the summary; label and kind ("check": no test report).
stages=(typecheck lint build unit integration-pglite integration-postgres scale-out e2e)
declare -A label=(
	[typecheck]="Vérification des types (tsc)"
	[lint]="Lint (eslint)"
	[build]="Build (npm run build)"
	[unit]="Tests unitaires"
	[integration-pglite]="Tests d'intégration sur PGlite"
	[integration-postgres]="Tests d'intégration sur PostgreSQL"
	[scale-out]="Deux serveurs d'application (PostgreSQL, S3)"
	[e2e]="Tests navigateur (Chromium headless)"
)

declare -A pids=()
run_stage() { # name command…: runs in the background, output and exit code to files
	local name=$1
	shift
	(
		# Wall and CPU seconds (the stage's processes and their children), for the summary.
		TIMEFORMAT="%0R %0U %0S"
		{ time { "$@" >"$work/logs/$name.log" 2>&1; echo $? >"$work/status/$name"; }; } 2>"$work/status/$name.time"
	) &
	pids[$name]=$!
}

vitest_json() { # the reporter options that write the stage's JSON report
	echo --reporter=default --reporter=json --outputFile.json="$work/reports/$1.json"
}

print_group() { # name…: waits for these stages, then prints each one's output in order
	for name in "$@"; do wait "${pids[$name]}"; done
	for name in "$@"; do
		printf '\n\033[1m== %s\033[0m\n' "${label[$name]}"
		cat "$work/logs/$name.log" 2>/dev/null
	done
}

# The production build first, alone (about 10 s): the integration runs and the browser tests
# serve build/, as `npm start` does. (The script builds with NODE_ENV=production: with
# NODE_ENV=test, remix would bundle React's development build.)
run_stage build npm run build
print_group build

# Then the integration run on PGlite starts at once, beside the checks that share nothing with
# it (tsc and eslint read, unit tests touch no folder); the other long stages start when the
# checks are done. The integration files run one after another in one process (--no-isolate:
# vitest's pool reads it from the command line, not from the project; each file keeps its own
# database, folders and environment, tests/setup/integration.ts, decision 047): loading the app
# and its bundle once instead of once per file halved their CPU. The browser tests are the
# longest stage since; started first, beside the checks, they took 1,158 s in one run (other
# work was on the machine) against 913 s started after them: this order stays.
run_stage integration-pglite npx vitest run --project integration --no-isolate $(vitest_json integration-pglite)
run_stage typecheck npx tsc --noEmit
run_stage lint npx eslint . --max-warnings=0
run_stage unit npx vitest run --project unit --no-isolate $(vitest_json unit)
print_group typecheck lint unit

# Both integration runs serve build/ on ports of their own, on databases of their own, and the
# browser tests (ports and folders of their own too) run beside them.
run_stage integration-postgres npx tsx tests/support/with-postgres.ts -- npx vitest run --project integration --no-isolate $(vitest_json integration-postgres)
# Two built servers on a PostgreSQL of their own and a local S3 store (tests/scale-out/): about
# 80 s alone, mostly waiting on the servers and the database, so it runs beside the others.
run_stage scale-out npx tsx tests/support/with-postgres.ts -- npx vitest run --project scale-out $(vitest_json scale-out)
# One browser-test file at a time (vitest's default on two cores). Two at a time shortened this
# stage (1,158 → 1,067 s) but lengthened the integration runs beside it (PGlite 1,115 → 1,298 s),
# and in one run the demo's seeding on PostgreSQL passed its 30 s: no gain, more load (decision 047).
run_stage e2e npx vitest run --project e2e $(vitest_json e2e)
print_group integration-pglite integration-postgres scale-out e2e

printf '\n\033[1m== %s\033[0m\n' "Bilan"
node -e '
const fs = require("fs"), path = require("path");
const [work, ci, ...stages] = process.argv.slice(1);
const checks = new Set(["typecheck", "lint", "build"]);
let passed = 0, failed = 0, skipped = 0, anyFailed = false;
for (const stage of stages) {
  const statusFile = path.join(work, "status", stage);
  const status = fs.existsSync(statusFile) ? Number(fs.readFileSync(statusFile, "utf8").trim()) : 1;
  const name = stage.padEnd(22);
  // "wall user sys" in seconds: how long the stage took, and how much of the 2 cores it used.
  const [wall, user, sys] = (fs.existsSync(statusFile + ".time") ? fs.readFileSync(statusFile + ".time", "utf8").trim().split(/\s+/).map(Number) : []);
  const timing = wall === undefined ? "" : ` (${wall} s, CPU ${user + sys} s)`;
  const needsPostgres = stage === "integration-postgres" || stage === "scale-out";
  if (needsPostgres && status === 3 && ci !== "true") {
    console.log(`${name} non lancés : PostgreSQL n’est pas installé (bash .ci/run l’installe)${stage === "integration-postgres" ? " ; les tests d’intégration n’ont tourné que sur PGlite" : ""}`);
    continue;
  }
  if (checks.has(stage)) {
    // A check has no test count: it adds one failure when it fails, nothing when it passes.
    if (status !== 0) { failed += 1; anyFailed = true; }
    console.log(`${name} ${status === 0 ? "réussi" : "ÉCHOUÉ"}${timing}`);
    continue;
  }
  const reportFile = path.join(work, "reports", `${stage}.json`);
  let report;
  try { report = JSON.parse(fs.readFileSync(reportFile, "utf8")); } catch { report = undefined; }
  if (!report) {
    failed += 1; anyFailed = true;
    const why = needsPostgres && status === 3 ? "PostgreSQL n’est pas installé (obligatoire en CI)" : `pas de rapport (code ${status})`;
    console.log(`${name} ÉCHOUÉ : ${why}${timing}`);
    continue;
  }
  let stageFailed = report.numFailedTests;
  // A file that fails to load, or an error outside any test, fails the run without failing a test.
  if (status !== 0 && stageFailed === 0) stageFailed = Math.max(1, report.numFailedTestSuites || 0);
  passed += report.numPassedTests; failed += stageFailed;
  skipped += report.numPendingTests + (report.numTodoTests || 0);
  if (status !== 0 || stageFailed) anyFailed = true;
  console.log(`${name} ${report.numPassedTests} réussis, ${stageFailed} échoués${status !== 0 && !report.numFailedTests ? ` (erreur hors des tests, code ${status})` : ""}${timing}`);
}
if (skipped) console.log(`${skipped} tests ignorés`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(anyFailed ? 1 : 0);
' "$work" "${CI:-}" "${stages[@]}"
