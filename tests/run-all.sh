#!/usr/bin/env bash
# The README's test command (npm test): typecheck, lint, unit tests, integration tests on
# PGlite and on a throwaway PostgreSQL 15, then browser tests in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_ENV=test
reports=$(mktemp -d)
trap 'rm -rf "$reports"' EXIT

step() { printf '\n\033[1m== %s\033[0m\n' "$1"; }

step "Vérification des types (tsc)"
npx tsc --noEmit

step "Lint (eslint)"
npx eslint . --max-warnings=0

step "Build (remix build)"
# The production build, as `npm start` serves it (with NODE_ENV=test, remix would bundle React's development build).
NODE_ENV=production npx remix build

step "Tests unitaires"
npx vitest run --project unit --reporter=default --reporter=json --outputFile.json="$reports/unit.json"

step "Tests d'intégration sur PGlite"
npx vitest run --project integration --reporter=default --reporter=json --outputFile.json="$reports/integration-pglite.json"

step "Tests d'intégration sur PostgreSQL"
set +e
npx tsx tests/support/with-postgres.ts -- npx vitest run --project integration --reporter=default --reporter=json --outputFile.json="$reports/integration-postgres.json"
status=$?
set -e
if [ "$status" -eq 3 ]; then
	echo "ATTENTION : PostgreSQL n'est pas installé ; les tests d'intégration n'ont tourné que sur PGlite."
	echo "            Installez le paquet postgresql (bash .ci/run le fait) pour les lancer aussi sur PostgreSQL."
	if [ "${CI:-}" = "true" ]; then echo "En CI, PostgreSQL est obligatoire."; exit 1; fi
elif [ "$status" -ne 0 ]; then
	exit "$status"
fi

step "Tests navigateur (Chromium headless)"
npx vitest run --project e2e --reporter=default --reporter=json --outputFile.json="$reports/e2e.json"

step "Bilan"
node -e '
const fs = require("fs"), path = require("path");
let passed = 0, failed = 0, skipped = 0;
for (const file of fs.readdirSync(process.argv[1])) {
  const r = JSON.parse(fs.readFileSync(path.join(process.argv[1], file), "utf8"));
  passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + (r.numTodoTests || 0);
  console.log(`${file.replace(".json", "").padEnd(22)} ${r.numPassedTests} réussis, ${r.numFailedTests} échoués`);
}
console.log(`tests: ${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
process.exit(failed ? 1 : 0);
' "$reports"
