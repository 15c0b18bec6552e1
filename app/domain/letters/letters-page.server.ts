/**
 * The staff's page of a call's decision letters: what is left to send, by decision; the
 * sending in progress (letters prepared, emails queued, failures); the letters sent, each
 * downloadable. Counted in SQL: a call of 2,000 dossiers is a few statements.
 */
import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm'
import { notFound } from '#app/auth/permissions.server.ts'
import type { PolicyUser } from '#app/auth/policy/index.ts'
import { getStorage } from '#app/services/storage.server.ts'
import { db } from '#db/client.server.ts'
import { rowsOf } from '#db/raw-rows.ts'
import { applicationMembers, applications, backgroundJobs, decisionLetters, organizations } from '#db/schema/index.ts'
import { decidedAs, LETTER_FILENAME, LETTERS_JOB, requireLettersCall } from './decision-letters.server.ts'
import { LETTER_DECISIONS, type LetterDecision } from './templates.ts'

/** The page lists this many letters and failures at most (a call of 2,000 dossiers has ~5,000 letters). */
export const LISTED_LETTERS = 2000
export const LISTED_FAILURES = 200

const byDecision = () => Object.fromEntries(LETTER_DECISIONS.map((d) => [d, 0])) as Record<LetterDecision, number>
/** A letter of the decision in force (not of an earlier version, replaced since). */
const current = sql`${decisionLetters.decisionVersion} = ${applications.decisionVersion}`

export async function getLettersPage({ user, callId }: { user: PolicyUser; callId: string }) {
	const found = await requireLettersCall(db, user, callId)
	const [toSendRows, sentRows, [unfinished], [job], failures, letters] = await Promise.all([
		// Decided dossiers × confirmed associations without a letter of the version in force.
		db.execute(sql`
			select ${decidedAs(sql`a.status`)} as decision, count(*)::int as n
			from ${applications} a
			join ${applicationMembers} m on m.application_id = a.id and m.status = 'confirmed' and m.organization_id is not null
			where a.call_id = ${callId} and ${decidedAs(sql`a.status`)} is not null and a.decision_version > 0
				and not exists (select 1 from ${decisionLetters} l where l.application_id = a.id and l.organization_id = m.organization_id and l.decision_version = a.decision_version)
			group by 1`),
		db
			.select({ decision: decisionLetters.decision, n: count() })
			.from(decisionLetters)
			.innerJoin(applications, eq(applications.id, decisionLetters.applicationId))
			.where(and(eq(applications.callId, callId), eq(decisionLetters.status, 'queued'), current))
			.groupBy(decisionLetters.decision),
		// Letters an interrupted sending left behind (the next sending takes them over).
		db
			.select({ n: count() })
			.from(decisionLetters)
			.innerJoin(applications, eq(applications.id, decisionLetters.applicationId))
			.where(and(eq(applications.callId, callId), inArray(decisionLetters.status, ['pending', 'prepared']), current)),
		db
			.select()
			.from(backgroundJobs)
			.where(and(eq(backgroundJobs.callId, callId), eq(backgroundJobs.kind, LETTERS_JOB)))
			.orderBy(desc(backgroundJobs.createdAt))
			.limit(1),
		db
			.select({ id: decisionLetters.id, title: applications.title, association: organizations.name, decision: decisionLetters.decision, error: decisionLetters.lastError })
			.from(decisionLetters)
			.innerJoin(applications, eq(applications.id, decisionLetters.applicationId))
			.innerJoin(organizations, eq(organizations.id, decisionLetters.organizationId))
			.where(and(eq(applications.callId, callId), eq(decisionLetters.status, 'failed'), current))
			.orderBy(asc(applications.title), asc(organizations.name))
			.limit(LISTED_FAILURES),
		db
			.select({
				id: decisionLetters.id,
				title: applications.title,
				association: organizations.name,
				isLead: sql<boolean>`${applications.leadOrganizationId} = ${decisionLetters.organizationId}`,
				decision: decisionLetters.decision,
				version: decisionLetters.decisionVersion,
				status: decisionLetters.status,
				queuedAt: decisionLetters.queuedAt,
			})
			.from(decisionLetters)
			.innerJoin(applications, eq(applications.id, decisionLetters.applicationId))
			.innerJoin(organizations, eq(organizations.id, decisionLetters.organizationId))
			.where(and(eq(applications.callId, callId), inArray(decisionLetters.status, ['prepared', 'queued'])))
			.orderBy(asc(applications.title), asc(applications.id), desc(decisionLetters.decisionVersion), asc(organizations.name))
			.limit(LISTED_LETTERS),
	])
	const toSend = byDecision()
	const rows = rowsOf<{ decision: LetterDecision; n: number }>(toSendRows)
	for (const row of rows) toSend[row.decision] = Number(row.n)
	const sent = byDecision()
	for (const row of sentRows) sent[row.decision as LetterDecision] = row.n
	let progress = null
	if (job) {
		const states = await db.select({ status: decisionLetters.status, n: count() }).from(decisionLetters).where(eq(decisionLetters.jobId, job.id)).groupBy(decisionLetters.status)
		const of = (status: string) => states.find((s) => s.status === status)?.n ?? 0
		progress = {
			status: job.status,
			total: job.total,
			prepared: of('prepared') + of('queued'),
			queued: of('queued'),
			failed: of('failed'),
			lastError: job.lastError,
			finishedAt: job.finishedAt,
		}
	}
	const running = job?.status === 'queued' || job?.status === 'running'
	return {
		call: { id: found.call.id, title: found.call.title, status: found.call.status },
		mayStart: found.mayStart && !running,
		decided: found.mayStart,
		running,
		toSend,
		/** Left by an interrupted sending: sent by the next one. */
		unfinished: running ? 0 : (unfinished?.n ?? 0),
		sent,
		progress,
		failures,
		letters,
		lettersCut: letters.length === LISTED_LETTERS,
	}
}

/** One letter's PDF, for the staff of its call; 404 for any other letter or one not yet rendered. */
export async function getLetterPdf({ user, callId, letterId }: { user: PolicyUser; callId: string; letterId: string }) {
	await requireLettersCall(db, user, callId)
	const [letter] = await db
		.select({ storageKey: decisionLetters.storageKey })
		.from(decisionLetters)
		.innerJoin(applications, eq(applications.id, decisionLetters.applicationId))
		.where(and(eq(decisionLetters.id, letterId), eq(applications.callId, callId)))
	const stored = letter?.storageKey ? await getStorage().getStream(letter.storageKey) : null
	if (!stored) notFound('Ce courrier n’existe pas ou n’a pas encore été préparé.')
	return { ...stored, filename: LETTER_FILENAME }
}
