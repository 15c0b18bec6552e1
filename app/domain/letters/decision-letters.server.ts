/**
 * The decision letters of a call (issue 9): one letter per association of each decided
 * consortium and per version of its decision, sent in bulk by a background job.
 *
 * « Never twice » rests on two things. The letter rows are unique per (dossier, association,
 * decision version): starting the sending again creates rows only for what has none. And a
 * letter moves to 'queued' in the same transaction that puts its emails in the outbox, with
 * a guarded UPDATE (status = 'prepared'): a worker that dies between the PDF and the email,
 * or a second worker on the same job, finds the row already queued and sends nothing.
 */
import { and, asc, count, eq, inArray, sql, type SQL } from 'drizzle-orm'
import { forbidden } from '#app/auth/permissions.server.ts'
import { can, type PolicyUser } from '#app/auth/policy/index.ts'
import { requireCallForDeliberation } from '#app/auth/policy/load.server.ts'
import { referentEmails } from '#app/domain/applications/access.server.ts'
import { decisionOfStatus, RETAINED_STATUSES } from '#app/domain/applications/lifecycle.ts'
import { receiptReference } from '#app/domain/applications/receipt.server.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { enqueueEmail } from '#app/services/mail.server.ts'
import { enqueueJob, isJobSignal, registerJobHandler, type JobContext } from '#app/services/jobs.server.ts'
import { renderDecisionLetter } from '#app/services/pdf/decision-letter.ts'
import { toBuffer } from '#app/services/pdf/pdf-document.ts'
import { getStorage } from '#app/services/storage.server.ts'
import { db, type Executor } from '#db/client.server.ts'
import { applicationMembers, applications, backgroundJobs, decisionLetters } from '#db/schema/index.ts'
import { type CallFacts, type DossierFacts, type LetterDecision, paragraphsOf, renderTemplate, templateKey, type TemplateText } from './templates.ts'
import { type CallTemplate, loadCallFacts, loadDossiers, loadTemplates, valuesFor } from './letter-data.server.ts'

export const LETTERS_JOB = 'decision-letters'
/** Letters handled between two renewals of the job's lease. */
const BATCH = 25
const MAX_ERROR_LENGTH = 500
export const LETTER_FILENAME = 'courrier-de-decision.pdf'
export const letterKey = (letterId: string) => `decision-letters/${letterId}`

export const LETTER_MESSAGES = {
	notDecided: 'Les courriers de décision partent une fois la délibération close : l’appel n’est pas encore « décidé ».',
	running: 'Un envoi des courriers de cet appel est déjà en cours : attendez qu’il se termine.',
	nothingNew: 'Aucun nouveau courrier à envoyer : chaque association a déjà reçu le courrier de la décision en vigueur.',
	noFailure: 'Aucun courrier en échec à réessayer.',
	changed: 'La décision a changé depuis : le courrier de la nouvelle décision remplace celui-ci.',
	noReferent: 'Cette association n’a pas de référent·e à qui écrire : elle doit en désigner un·e, puis réessayez.',
	failed: 'Le courrier n’a pas pu être préparé (erreur technique) : réessayez ; si l’échec se répète, prévenez l’équipe technique.',
}

/** A failure as staff read it: a French message; the technical detail goes to the server's log. */
function failureMessage(letterId: string, error: unknown): string {
	if (error instanceof Error && error.message === LETTER_MESSAGES.changed) return LETTER_MESSAGES.changed
	console.error(`Courrier de décision ${letterId} : échec`, error)
	return LETTER_MESSAGES.failed
}

/**
 * The decision a dossier's status stands for, in SQL (decisionOfStatus of the lifecycle): a
 * retained dossier stays « retenu » through its agreement and project, so its letter is still
 * created and sent when the agreement was signed first.
 */
export const decidedAs = (status: SQL) =>
	sql`(case when ${status} in ('waitlisted', 'rejected') then ${status} when ${status} in (${sql.join(
		RETAINED_STATUSES.map((s) => sql`${s}`),
		sql`, `,
	)}) then 'selected' end)::application_status`

type Outcome = { ok: true; jobId: string; total: number } | { ok: false; message: string }

/** The staff's call for the letters: 404 for anyone else, 403 for a chair who is not staff. */
export async function requireLettersCall(tx: Executor, user: PolicyUser, callId: string, lock?: 'update') {
	const found = await requireCallForDeliberation(tx, user, callId, lock)
	const decision = can(user, 'send-letters', found.resource)
	if (!decision.allowed && decision.reason !== 'status') forbidden('Seule l’équipe du financeur envoie les courriers de décision.')
	return { ...found, mayStart: decision.allowed }
}

/**
 * Starts the sending: a job, and one letter row per (decided dossier × confirmed association)
 * for its current decision version that has none yet. `retryFailed` also puts back the failed
 * letters of decisions still in force. Letters a dead job left unsent are taken over.
 */
export async function startDecisionLetters({
	user,
	callId,
	retryFailed = false,
	batchSize,
	now = new Date(),
}: {
	user: PolicyUser
	callId: string
	retryFailed?: boolean
	/** Letters per batch (tests: several batches out of a few letters). */
	batchSize?: number
	now?: Date
}): Promise<Outcome> {
	return db.transaction(async (tx) => {
		// Locked: two staff starting at once are one after the other, and the second sees the first's job.
		const found = await requireLettersCall(tx, user, callId, 'update')
		if (!found.mayStart) return { ok: false as const, message: LETTER_MESSAGES.notDecided }
		const [active] = await tx
			.select({ id: backgroundJobs.id })
			.from(backgroundJobs)
			.where(and(eq(backgroundJobs.callId, callId), eq(backgroundJobs.kind, LETTERS_JOB), inArray(backgroundJobs.status, ['queued', 'running'])))
			.limit(1)
		if (active) return { ok: false as const, message: LETTER_MESSAGES.running }
		const job = await enqueueJob(tx, { kind: LETTERS_JOB, callId, createdById: user.id, params: { retryFailed, ...(batchSize ? { batchSize } : {}) } })
		// New letters: the unique index (dossier, association, version) skips what already has one.
		await tx.execute(sql`
			insert into ${decisionLetters} (id, job_id, application_id, organization_id, decision_version, decision)
			select gen_random_uuid()::text, ${job.id}, a.id, m.organization_id, a.decision_version, ${decidedAs(sql`a.status`)}
			from ${applications} a
			join ${applicationMembers} m on m.application_id = a.id and m.status = 'confirmed' and m.organization_id is not null
			where a.call_id = ${callId} and ${decidedAs(sql`a.status`)} is not null and a.decision_version > 0
			on conflict (application_id, organization_id, decision_version) do nothing`)
		const ofThisCall = sql`${decisionLetters.applicationId} in (select id from ${applications} where call_id = ${callId})`
		// Unsent letters of an earlier job that stopped (failed): this job carries them on.
		await tx.update(decisionLetters).set({ jobId: job.id, updatedAt: now }).where(and(ofThisCall, inArray(decisionLetters.status, ['pending', 'prepared'])))
		let retried = 0
		if (retryFailed) {
			const back = await tx
				.update(decisionLetters)
				.set({ jobId: job.id, status: 'pending', lastError: null, updatedAt: now })
				.where(
					and(
						ofThisCall,
						eq(decisionLetters.status, 'failed'),
						sql`${decisionLetters.decisionVersion} = (select decision_version from ${applications} where id = ${decisionLetters.applicationId})`,
					),
				)
				.returning({ id: decisionLetters.id })
			retried = back.length
		}
		const [{ total } = { total: 0 }] = await tx.select({ total: count() }).from(decisionLetters).where(eq(decisionLetters.jobId, job.id))
		if (total === 0) {
			await tx.delete(backgroundJobs).where(eq(backgroundJobs.id, job.id))
			return { ok: false as const, message: retryFailed ? LETTER_MESSAGES.noFailure : LETTER_MESSAGES.nothingNew }
		}
		await tx.update(backgroundJobs).set({ total }).where(eq(backgroundJobs.id, job.id))
		await recordAudit(tx, {
			actorUserId: user.id,
			action: retryFailed ? 'call.letters_retried' : 'call.letters_started',
			subjectType: 'call',
			subjectId: callId,
			data: { jobId: job.id, total, retried },
		})
		return { ok: true as const, jobId: job.id, total }
	})
}

type LetterRow = typeof decisionLetters.$inferSelect

/**
 * The emails of a batch of prepared letters, in ONE transaction: to each référent of each
 * letter's association, its PDF attached. Only the letters this transaction moves from
 * 'prepared' to 'queued' get their emails; a letter whose association has no référent is failed.
 */
async function queueLetters(items: { letter: LetterRow; email: TemplateText; url: string }[], now: Date) {
	if (items.length === 0) return
	await db.transaction(async (tx) => {
		const referents = await referentEmails(tx, [...new Set(items.map((i) => i.letter.organizationId))])
		const orphans = items.filter((i) => !referents.some((r) => r.organizationId === i.letter.organizationId)).map((i) => i.letter.id)
		if (orphans.length > 0) {
			await tx
				.update(decisionLetters)
				.set({ status: 'failed', lastError: LETTER_MESSAGES.noReferent, updatedAt: now })
				.where(and(inArray(decisionLetters.id, orphans), eq(decisionLetters.status, 'prepared')))
		}
		const ids = items.map((i) => i.letter.id).filter((id) => !orphans.includes(id))
		if (ids.length === 0) return
		// The guard of « never twice »: only the letters this transaction moves get their emails.
		const moved = await tx
			.update(decisionLetters)
			.set({ status: 'queued', queuedAt: now, lastError: null, updatedAt: now })
			.where(and(inArray(decisionLetters.id, ids), eq(decisionLetters.status, 'prepared')))
			.returning({ id: decisionLetters.id })
		const movedIds = new Set(moved.map((m) => m.id))
		for (const { letter, email, url } of items) {
			if (!movedIds.has(letter.id)) continue
			for (const referent of referents.filter((r) => r.organizationId === letter.organizationId)) {
				await enqueueEmail(tx, {
					to: referent.email,
					template: 'decision-letter',
					data: { subject: email.subject, body: email.body, url },
					attachments: [{ filename: LETTER_FILENAME, contentType: 'application/pdf', storageKey: letterKey(letter.id) }],
				})
			}
		}
	})
}

/** Renders one letter's PDF as of its dossier's decision now. */
export async function renderLetterPdf(call: CallFacts, dossier: DossierFacts, letter: Pick<LetterRow, 'organizationId' | 'decision'>, template: CallTemplate, now: Date) {
	const member = dossier.members.find((m) => m.organizationId === letter.organizationId)
	const recipient = member ? `${member.name}${member.isLead ? ' (chef de file)' : ''}` : ''
	const filled = renderTemplate(template, valuesFor(call, dossier, member?.name ?? '', now))
	return toBuffer(
		renderDecisionLetter({
			reference: receiptReference(dossier.applicationId),
			funderName: call.funderName,
			callTitle: call.title,
			projectTitle: dossier.title,
			recipient,
			consortium: dossier.members,
			decision: letter.decision as LetterDecision,
			amountGrantedCents: dossier.amountGrantedCents,
			waitlistPosition: dossier.waitlistPosition,
			motivation: dossier.motivation ?? '',
			title: filled.subject,
			paragraphs: paragraphsOf(filled.body),
			date: dossier.decidedAt ?? now,
		}),
	)
}

/**
 * The job: the letters still to do, a batch at a time (the lease renewed between batches).
 * Each letter's PDF is rendered and stored under a key of its own (a retry overwrites it),
 * the batch marked 'prepared'; then the batch's emails are queued with the guarded move to
 * 'queued'. A letter that fails is marked failed with its error and the job goes on.
 */
export async function runDecisionLettersJob(context: JobContext) {
	const { job } = context
	const call = await loadCallFacts(db, job.callId!)
	if (!call) return
	const templates = await loadTemplates(db, call.id)
	const batchSize = typeof job.params.batchSize === 'number' && job.params.batchSize > 0 ? job.params.batchSize : BATCH
	for (;;) {
		await context.heartbeat()
		const batch = await db
			.select()
			.from(decisionLetters)
			.where(and(eq(decisionLetters.jobId, job.id), inArray(decisionLetters.status, ['pending', 'prepared'])))
			.orderBy(asc(decisionLetters.applicationId), asc(decisionLetters.organizationId))
			.limit(batchSize)
		if (batch.length === 0) return
		const dossiers = await loadDossiers(db, [...new Set(batch.map((l) => l.applicationId))])
		const now = new Date()
		const ready: { letter: LetterRow; email: TemplateText; url: string }[] = []
		const failures: { id: string; message: string }[] = []
		// Files are written while the next letters render; a failed write fails its letter alone.
		const writes: Promise<void>[] = []
		for (const letter of batch) {
			const dossier = dossiers.get(letter.applicationId)
			const member = dossier?.members.find((m) => m.organizationId === letter.organizationId)
			try {
				// Amended or promoted since: this version's letter would tell a decision no longer in force.
				if (!dossier || !member || dossier.decisionVersion !== letter.decisionVersion || decisionOfStatus(dossier.status) !== letter.decision) {
					throw new Error(LETTER_MESSAGES.changed)
				}
				const decision = letter.decision as LetterDecision
				const values = valuesFor(call, dossier, member.name, now)
				const item = { letter, email: renderTemplate(templates[templateKey(decision, 'email')], values), url: values.lien }
				if (letter.status === 'pending') {
					const pdf = await renderLetterPdf(call, dossier, letter, templates[templateKey(decision, 'letter')], now)
					writes.push(
						getStorage()
							.put(letterKey(letter.id), pdf)
							.then(
								() => void ready.push(item),
								(error: unknown) => void failures.push({ id: letter.id, message: failureMessage(letter.id, error) }),
							),
					)
				} else ready.push(item)
			} catch (error) {
				if (isJobSignal(error)) throw error
				failures.push({ id: letter.id, message: failureMessage(letter.id, error) })
			}
		}
		await Promise.all(writes)
		for (const failure of failures) {
			await db
				.update(decisionLetters)
				.set({ status: 'failed', lastError: failure.message.slice(0, MAX_ERROR_LENGTH), attempts: sql`${decisionLetters.attempts} + 1`, updatedAt: now })
				.where(and(eq(decisionLetters.id, failure.id), inArray(decisionLetters.status, ['pending', 'prepared'])))
		}
		const rendered = ready.filter((r) => r.letter.status === 'pending').map((r) => r.letter.id)
		if (rendered.length > 0) {
			await db
				.update(decisionLetters)
				.set({ status: 'prepared', storageKey: sql`'decision-letters/' || ${decisionLetters.id}`, attempts: sql`${decisionLetters.attempts} + 1`, updatedAt: now })
				.where(and(inArray(decisionLetters.id, rendered), eq(decisionLetters.status, 'pending')))
			context.step()
		}
		await queueLetters(ready, now)
		context.step()
	}
}

registerJobHandler(LETTERS_JOB, runDecisionLettersJob)
