/**
 * Nothing but the policy decides an access. An access decision compares the viewer with
 * what they are: a membership (which organisation, which role), a seat on a jury, the
 * platform role. The rule, checked on the source of app/, db/ and server/ (not the tests,
 * not the generated migrations), outside app/auth/:
 *
 * 1. no SQL compares `memberships.userId` or `jurors.userId` with anything but `users.id`
 *    (joining the users to find whom to email is fine; filtering by the viewer's id is a
 *    check: it belongs to visibility.server.ts or policyUserOf);
 * 2. no code tests the platform role: `isPlatformAdmin` in a condition (`if`, `!`, `&&`,
 *    `||`) or `platformRole === …` (a page may still receive the flag to show a link);
 * 3. no code tests a membership role on its own (`role === 'referent' | 'staff'`,
 *    `role !== …`): the policy says who is référent of what;
 * 4. no second copy of the helpers the policy owns: a function named `funderIdsOf`,
 *    `callForStaff`-like loaders of a funder's call with `inArray(calls.funderId, …)`,
 *    `findAccess` reading memberships.
 *
 * No allow-list: app/auth/ (permissions.server.ts and policy/) is where these live.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const full = path.join(dir, name)
		if (statSync(full).isDirectory()) return name === 'migrations' || name === 'node_modules' ? [] : sourceFiles(full)
		return /\.(ts|tsx|js|mjs)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : []
	})
}

const RULES: { name: string; pattern: RegExp }[] = [
	{ name: 'compares memberships.userId with the viewer', pattern: /eq\(\s*memberships\.userId\s*,\s*(?!\s|users\.id\b)[^)]+\)|eq\(\s*(?!\s|users\.id\b)[\w.]+\s*,\s*memberships\.userId\s*\)/g },
	{ name: 'compares jurors.userId with the viewer', pattern: /eq\(\s*jurors\.userId\s*,\s*(?!\s|users\.id\b)[^)]+\)|eq\(\s*(?!\s|users\.id\b)[\w.]+\s*,\s*jurors\.userId\s*\)/g },
	{ name: 'tests the platform role', pattern: /if\s*\(\s*!?\s*[\w.?]*isPlatformAdmin\b|!\s*[\w.?]*isPlatformAdmin\b|[\w.?]*isPlatformAdmin\s*(?:&&|\|\|)|(?:&&|\|\|)\s*[\w.?]*isPlatformAdmin\b|platformRole\s*[!=]==/g },
	{ name: 'tests a membership role', pattern: /\brole\s*[!=]==\s*['"](?:referent|staff)['"]/g },
	{ name: 'defines its own funderIdsOf', pattern: /function\s+funderIdsOf\b/g },
	{ name: 'filters calls by the viewer’s funders', pattern: /inArray\(\s*calls\.funderId\s*,\s*(?:await\s+)?funderIdsOf/g },
]

/** Each access decision found in this source text, as "line: rule: excerpt". */
export function accessDecisions(text: string): string[] {
	const found: string[] = []
	for (const rule of RULES) {
		for (const match of text.matchAll(rule.pattern)) {
			const line = text.slice(0, match.index).split('\n').length
			found.push(`${line}: ${rule.name}: ${match[0].slice(0, 80)}`)
		}
	}
	return found
}

const AUTH = path.join('app', 'auth') + path.sep

describe('une décision d’accès ne se prend que dans la politique (app/auth/)', () => {
	test('aucun fichier de app/, db/ ou server/ hors de app/auth/ ne décide d’un accès', () => {
		const files = ['app', 'db', 'server'].flatMap((dir) => sourceFiles(dir)).filter((file) => !file.startsWith(AUTH))
		expect(files.length).toBeGreaterThan(50)
		const decisions = files.flatMap((file) => accessDecisions(readFileSync(file, 'utf8')).map((d) => `${file}:${d}`))
		expect(decisions).toEqual([])
	})

	test('la règle reconnaît les formes que prenaient les contrôles dispersés', () => {
		// The shapes the review found, as they were written before the policy.
		const before = [
			`.innerJoin(memberships, and(eq(memberships.organizationId, applicationMembers.organizationId), eq(memberships.userId, user.id)))`,
			`.where(and(eq(memberships.userId, actor.id), eq(organizations.kind, 'funder')))`,
			`if (!user.isPlatformAdmin) {`,
			`return reader.isPlatformAdmin || recipients.includes(reader.email)`,
			`return row?.platformRole === 'admin' ? row : null`,
			`if (membership.role !== 'referent') forbidden()`,
			`async function funderIdsOf(tx: Executor, actor: Actor): Promise<string[]> {`,
			`.where(and(eq(calls.id, callId), inArray(calls.funderId, await funderIdsOf(tx, actor))))`,
		]
		for (const text of before) expect(accessDecisions(text), text).toHaveLength(1)
		// What stays allowed outside app/auth/: finding recipients, passing the admin flag to a page for a link.
		const allowed = [
			`.innerJoin(users, eq(users.id, memberships.userId))`,
			`.leftJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.organizationId, id)))`,
			`isPlatformAdmin: user.isPlatformAdmin,`,
			`{navigation.isPlatformAdmin ? (`,
			`.where(and(inArray(memberships.organizationId, ids), eq(memberships.role, 'referent')))`,
		]
		for (const text of allowed) expect(accessDecisions(text), text).toEqual([])
	})

	test('la politique, elle, prend ces décisions (le premier test ne passe pas à vide)', () => {
		const policy = ['app/auth/policy/decision.ts', 'app/auth/policy/applications.ts', 'app/auth/policy/organizations.ts', 'app/auth/policy/load.server.ts']
			.map((file) => readFileSync(file, 'utf8'))
			.join('\n')
		expect(accessDecisions(policy).length).toBeGreaterThan(0)
	})
})
