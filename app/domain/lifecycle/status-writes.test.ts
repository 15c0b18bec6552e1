/**
 * Nothing but the engine writes a status: scans the source of app/, db/ and server/ (not
 * the tests, not the generated migrations) for a drizzle update of applications or calls
 * that sets `status`, an insert that creates one past its first state, or an SQL
 * `UPDATE applications|calls SET … status =`. No allow-list: engine.server.ts is the one
 * file that moves a status, and it does so on a table it looks up, never by name.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'

const LIFECYCLE_TABLES = 'applications|calls|agreements|payments|evaluationReports|evaluation_reports|partnerAnnouncements|partner_announcements|partnerAnswers|partner_answers|partnerDrawPlaces|partner_draw_places'
const ENGINE = path.join('app', 'domain', 'lifecycle', 'engine.server.ts')

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const full = path.join(dir, name)
		if (statSync(full).isDirectory()) return name === 'migrations' || name === 'node_modules' ? [] : sourceFiles(full)
		return /\.(ts|tsx|js|mjs)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : []
	})
}

/** The text of a call chain from `start` up to where the statement's WHERE, RETURNING or end is. */
function chainFrom(text: string, start: number): string {
	const rest = text.slice(start, start + 1500)
	// The statement ends at its WHERE, RETURNING or ON CONFLICT, a semicolon, or — without semicolons — the end of its block.
	const end = rest.search(/\.where\(|\.returning\(|\.onConflict|;\s*\n|\n\}\n/)
	return end === -1 ? rest : rest.slice(0, end)
}

/** Each status write found in this source text, as "line: excerpt". */
export function statusWrites(text: string): string[] {
	const found: string[] = []
	const report = (index: number) => {
		const line = text.slice(0, index).split('\n').length
		found.push(`${line}: ${text.slice(index, index + 80).split('\n')[0]}`)
	}
	for (const match of text.matchAll(new RegExp(String.raw`\.update\(\s*(?:${LIFECYCLE_TABLES})\s*\)`, 'g'))) {
		if (/\bstatus\s*:/.test(chainFrom(text, match.index))) report(match.index)
	}
	for (const match of text.matchAll(new RegExp(String.raw`\.insert\(\s*(?:${LIFECYCLE_TABLES})\s*\)`, 'g'))) {
		// A record is created in its first state (the column default); any other status is a transition not fired.
		if (/\bstatus\s*:(?!\s*['"](?:draft|awaiting_signatures|waiting|open)['"])/.test(chainFrom(text, match.index))) report(match.index)
	}
	for (const match of text.matchAll(new RegExp(String.raw`\bupdate\s+"?(?:${LIFECYCLE_TABLES})"?\s+(?:as\s+\w+\s+)?set\b`, 'gi'))) {
		const statement = text.slice(match.index, match.index + 800).split(/\bwhere\b|;|`/i)[0]!
		if (/\bstatus"?\s*=/i.test(statement)) report(match.index)
	}
	return found
}

describe('un statut ne s’écrit que par le moteur de transitions', () => {
	test('aucun fichier de app/, db/ ou server/ n’écrit un statut de dossier ou d’appel hors du moteur', () => {
		const files = ['app', 'db', 'server'].flatMap((dir) => sourceFiles(dir)).filter((file) => file !== ENGINE)
		expect(files.length).toBeGreaterThan(50)
		const writes = files.flatMap((file) => statusWrites(readFileSync(file, 'utf8')).map((w) => `${file}:${w}`))
		expect(writes).toEqual([])
	})

	test('le moteur, lui, écrit bien le statut (le test ci-dessus ne passe pas à vide)', () => {
		const engine = readFileSync(ENGINE, 'utf8')
		expect(engine).toMatch(/\.update\(table\)\s*\.set\(\{[^}]*status: transition\.to/)
	})

	test('le détecteur reconnaît chaque façon d’écrire un statut', () => {
		// The writes this scan replaced (before the engine), as they were written.
		expect(statusWrites(`await tx.update(applications).set({ status: 'submitted', submittedAt: now }).where(eq(applications.id, id))`)).toHaveLength(1)
		expect(
			statusWrites(`await tx
				.update(applications)
				.set({ status: input.decision, statusReason: reason || null })
				.where(and(eq(applications.id, application.id)))`),
		).toHaveLength(1)
		expect(statusWrites(`const [call] = await tx\n.update(calls)\n.set({ closedAt: now, status: 'closed' })\n.returning()`)).toHaveLength(1)
		expect(statusWrites(`await tx.insert(calls).values({ title, status: 'published', publishedAt: now })`)).toHaveLength(1)
		expect(statusWrites('await tx.execute(sql`UPDATE applications SET status = ${to} WHERE id = ${id}`)')).toHaveLength(1)
		expect(statusWrites('await db.execute(sql`update "calls" set closed_at = now(), "status" = \'closed\'`)')).toHaveLength(1)
		// What is not a status write.
		expect(statusWrites(`await tx.update(applications).set({ flaggedAt: now, flagReason: 'x' }).where(eq(applications.status, 'submitted'))`)).toEqual([])
		expect(statusWrites(`await tx.update(applicationMembers).set({ status: 'confirmed' }).where(eq(applicationMembers.id, id))`)).toEqual([])
		expect(statusWrites(`await tx.insert(calls).values({ title, status: 'draft' }).returning()`)).toEqual([])
		expect(statusWrites(`await tx.insert(applications).values({ callId, title }).returning()`)).toEqual([])
		expect(statusWrites('await tx.execute(sql`UPDATE applications SET title = ${t} WHERE status = ${s}`)')).toEqual([])
	})
})
