/**
 * tests/run-all.sh with a fake `npx` (and `npm`, for the build) on the PATH: each stage's outcome is chosen by the
 * test, so we can check that a failing stage does not stop the next ones and that the
 * summary is always printed.
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, expect, test } from 'vitest'

// The fake npx: FAKE_<STAGE>=fail|crash|noreport|<passed>:<failed> decides each stage.
const FAKE_NPX = `#!/usr/bin/env bash
args="$*"
echo "$args" >> "$FAKE_LOG"
stage=""
case "$args" in
  "tsc "*) stage=TYPECHECK ;;
  "eslint "*) stage=LINT ;;
  "run build"*) stage=BUILD ;;
  *"with-postgres"*"--project scale-out"*) stage=SCALE_OUT ;;
  *"with-postgres"*) stage=INTEGRATION_POSTGRES ;;
  *"--project unit"*) stage=UNIT ;;
  *"--project integration"*) stage=INTEGRATION_PGLITE ;;
  *"--project e2e"*) stage=E2E ;;
esac
var="FAKE_$stage"; outcome="\${!var:-1:0}"
echo "sortie de $stage"
report=""
for a in "$@"; do case "$a" in --outputFile.json=*) report="\${a#--outputFile.json=}" ;; esac; done
case "$outcome" in
  fail) exit 1 ;;
  crash) [ -n "$report" ] && echo '{"numPassedTests":2,"numFailedTests":0,"numFailedTestSuites":1,"numPendingTests":0}' > "$report"; exit 1 ;;
  noreport) exit 1 ;;
  nopg) exit 3 ;;
  *) p="\${outcome%%:*}"; f="\${outcome##*:}"
     [ -n "$report" ] && echo "{\\"numPassedTests\\":$p,\\"numFailedTests\\":$f,\\"numFailedTestSuites\\":0,\\"numPendingTests\\":0}" > "$report"
     [ "$f" = 0 ] ;;
esac
`

let dir: string | undefined
afterEach(() => {
	if (dir) rmSync(dir, { recursive: true, force: true })
	dir = undefined
})

function runAll(outcomes: Record<string, string>, env: Record<string, string> = {}) {
	dir = mkdtempSync(path.join(os.tmpdir(), 'ensemble-run-all-'))
	mkdirSync(path.join(dir, 'tests'))
	mkdirSync(path.join(dir, 'bin'))
	copyFileSync('tests/run-all.sh', path.join(dir, 'tests/run-all.sh'))
	for (const command of ['npx', 'npm']) {
		writeFileSync(path.join(dir, 'bin', command), FAKE_NPX)
		chmodSync(path.join(dir, 'bin', command), 0o755)
	}
	const fakes = Object.fromEntries(Object.entries(outcomes).map(([stage, outcome]) => [`FAKE_${stage}`, outcome]))
	const result = spawnSync('bash', [path.join(dir, 'tests/run-all.sh')], {
		encoding: 'utf8',
		env: { ...process.env, PATH: `${path.join(dir, 'bin')}:${process.env.PATH}`, FAKE_LOG: path.join(dir, 'calls.log'), CI: '', ...fakes, ...env },
	})
	const lines = result.stdout.trim().split('\n')
	return { status: result.status, stdout: result.stdout, last: lines[lines.length - 1] }
}

test('run-all : tout réussit, le bilan compte chaque étape et sort en 0', () => {
	const run = runAll({ UNIT: '5:0', INTEGRATION_PGLITE: '7:0', INTEGRATION_POSTGRES: '7:0', SCALE_OUT: '2:0', E2E: '3:0' })
	expect(run.last).toBe('tests: 24 passed, 0 failed')
	expect(run.status).toBe(0)
	// Each stage with its wall and CPU seconds.
	expect(run.stdout).toMatch(/typecheck\s+réussi \(\d+ s, CPU \d+ s\)/)
	expect(run.stdout).toMatch(/unit\s+5 réussis, 0 échoués \(\d+ s, CPU \d+ s\)/)
})

test('run-all : une étape en échec n’arrête pas les suivantes, le bilan est imprimé et le code est non nul', () => {
	const run = runAll({ TYPECHECK: 'fail', UNIT: '5:1', INTEGRATION_PGLITE: 'noreport', INTEGRATION_POSTGRES: 'crash', SCALE_OUT: '2:0', E2E: '3:0' })
	for (const stage of ['TYPECHECK', 'LINT', 'BUILD', 'UNIT', 'INTEGRATION_PGLITE', 'INTEGRATION_POSTGRES', 'SCALE_OUT', 'E2E']) expect(run.stdout).toContain(`sortie de ${stage}`)
	expect(run.stdout).toMatch(/typecheck\s+ÉCHOUÉ/)
	expect(run.stdout).toMatch(/unit\s+5 réussis, 1 échoués/)
	expect(run.stdout).toMatch(/integration-pglite\s+ÉCHOUÉ : pas de rapport/)
	expect(run.stdout).toMatch(/integration-postgres\s+2 réussis, 1 échoués/)
	expect(run.stdout).toMatch(/scale-out\s+2 réussis, 0 échoués/)
	expect(run.stdout).toMatch(/e2e\s+3 réussis, 0 échoués/)
	// typecheck 1 + unit 1 + pglite without report 1 + postgres crashed 1
	expect(run.last).toBe('tests: 12 passed, 4 failed')
	expect(run.status).not.toBe(0)
})

test('run-all : les sorties des étapes parallèles ne se mélangent pas', () => {
	const run = runAll({})
	const plain = run.stdout.replaceAll(`${String.fromCharCode(27)}[1m`, '').replaceAll(`${String.fromCharCode(27)}[0m`, '')
	const headers = [...plain.matchAll(/== (.+)\n(.*)\n/g)].map((m) => [m[1], m[2]])
	expect(headers.filter(([title]) => title !== 'Bilan')).toEqual([
		['Build (npm run build)', 'sortie de BUILD'],
		['Vérification des types (tsc)', 'sortie de TYPECHECK'],
		['Lint (eslint)', 'sortie de LINT'],
		['Tests unitaires', 'sortie de UNIT'],
		["Tests d'intégration sur PGlite", 'sortie de INTEGRATION_PGLITE'],
		["Tests d'intégration sur PostgreSQL", 'sortie de INTEGRATION_POSTGRES'],
		["Deux serveurs d'application (PostgreSQL, S3)", 'sortie de SCALE_OUT'],
		['Tests navigateur (Chromium headless)', 'sortie de E2E'],
	])
})

test('run-all : sans PostgreSQL, le dit hors CI et échoue en CI', () => {
	const local = runAll({ INTEGRATION_POSTGRES: 'nopg', SCALE_OUT: 'nopg' })
	expect(local.stdout).toContain('PostgreSQL n’est pas installé')
	expect(local.status).toBe(0)
	const ci = runAll({ INTEGRATION_POSTGRES: 'nopg', SCALE_OUT: 'nopg' }, { CI: 'true' })
	expect(ci.last).toBe('tests: 3 passed, 2 failed')
	expect(ci.status).not.toBe(0)
})
