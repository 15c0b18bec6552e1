/**
 * The procès-verbal's data (issue 9), read live from the deliberation's read model (the
 * staff's full view: the same rows the deliberation page shows), the jury, its conflicts,
 * the chair's validation and the amendments. The close renders it once and stores the file
 * (closing.server.ts); before, the route renders a draft on each request.
 */
import { and, asc, eq } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { can, type PolicyUser } from '#app/auth/policy/index.ts'
import { policyUserOf, requireCallForDeliberation } from '#app/auth/policy/load.server.ts'
import { APPLICATION_STATUS_LABELS } from '#app/domain/applications/options.ts'
import { JUROR_KIND_LABELS } from '#app/domain/jury/composition.ts'
import { CONFLICT_CAUSE_LABELS, CONFLICT_STATUS_LABELS } from '#app/domain/jury/conflicts.ts'
import { listConflicts } from '#app/domain/jury/conflicts.server.ts'
import { renderMinutes, type MinutesData, type MinutesDossier } from '#app/services/pdf/minutes.ts'
import { toBuffer } from '#app/services/pdf/pdf-document.ts'
import { getStorage, type StoredStream } from '#app/services/storage.server.ts'
import { db, type Executor } from '#db/client.server.ts'
import { applications, calls, criteria, decisionAmendments, jurors, users } from '#db/schema/index.ts'
import { lotteryOf } from './decisions.ts'
import { hiddenApplicationIds, loadDeliberation, type DeliberationDossier, type DeliberationView } from './deliberation.server.ts'
import { INTERVAL_DRAWS, INTERVAL_LEVEL, INTERVAL_SEED } from './ranking.ts'

type Call = typeof calls.$inferSelect

/** The active chair of the call's jury, if any (their validation is then required to close). */
export async function activeChairOf(executor: Executor, callId: string) {
	const [chair] = await executor
		.select({ jurorId: jurors.id, userId: jurors.userId, name: users.displayName })
		.from(jurors)
		.innerJoin(users, eq(users.id, jurors.userId))
		.where(and(eq(jurors.callId, callId), eq(jurors.isChair, true), eq(jurors.status, 'active')))
	return chair ?? null
}

/** The decision_amendments of a call, oldest first, with the dossier's title and who made each. */
export function listAmendments(executor: Executor, callId: string) {
	return executor
		.select({
			id: decisionAmendments.id,
			applicationId: decisionAmendments.applicationId,
			title: applications.title,
			fromStatus: decisionAmendments.fromStatus,
			toStatus: decisionAmendments.toStatus,
			fromAmountCents: decisionAmendments.fromAmountCents,
			toAmountCents: decisionAmendments.toAmountCents,
			reason: decisionAmendments.reason,
			by: users.displayName,
			createdAt: decisionAmendments.createdAt,
		})
		.from(decisionAmendments)
		.innerJoin(applications, eq(applications.id, decisionAmendments.applicationId))
		.leftJoin(users, eq(users.id, decisionAmendments.byId))
		.where(eq(applications.callId, callId))
		.orderBy(asc(decisionAmendments.createdAt), asc(decisionAmendments.id))
}

type MinutesInput = {
	user: PolicyUser
	call: Call
	funderName: string
	now?: Date
	/** The record's full view (the stored minutes), whoever acts; otherwise the reader's. */
	full?: boolean
	/** The reader's view when the caller already has it. */
	view?: DeliberationView
}

/**
 * Everything the minutes print: the full view for the stored minutes; a reader in conflict
 * with dossiers (a chair, or staff who sit on the jury) gets a version without them.
 */
export async function loadMinutes(executor: Executor, input: MinutesInput): Promise<MinutesData> {
	const { call } = input
	const validator = alias(users, 'validator')
	const [view, hidden, juryRows, conflictRows, criteriaRows, amendmentRows, [validation]] = await Promise.all([
		input.view ?? loadDeliberation(executor, { user: input.user, call, full: input.full }),
		input.full ? new Set<string>() : hiddenApplicationIds(executor, input.user, call.id),
		executor
			.select({ name: users.displayName, kind: jurors.kind, isChair: jurors.isChair })
			.from(jurors)
			.innerJoin(users, eq(users.id, jurors.userId))
			.where(and(eq(jurors.callId, call.id), eq(jurors.status, 'active')))
			.orderBy(asc(users.displayName)),
		listConflicts([call.id], executor),
		executor.select().from(criteria).where(eq(criteria.callId, call.id)).orderBy(asc(criteria.position)),
		listAmendments(executor, call.id),
		executor.select({ name: validator.displayName }).from(validator).where(eq(validator.id, call.minutesValidatedById ?? '')),
	])

	const titleOf = new Map(view.dossiers.map((d) => [d.applicationId, d.title]))
	// A reader in conflict with dossiers finds nothing of them: no conflict, amendment or draw that names them.
	const shown = (applicationId: string) => !hidden.has(applicationId)
	const asDecision = (d: DeliberationDossier): MinutesDossier => ({ title: d.title, leadName: d.leadName, amountCents: d.amountGrantedCents, motivation: d.decisionMotivation })
	const byStatus = (status: string) => view.dossiers.filter((d) => d.status === status)
	const retainedCents = view.totals.retainedCents
	const hasChair = juryRows.some((j) => j.isChair)

	let lottery: MinutesData['method']['lottery'] = null
	if (call.lotterySeed !== null && view.funding && view.hiddenForConflict === 0) {
		// The draw again from the recorded seed: the minutes show it reproduces.
		const drawn = lotteryOf(view.dossiers, view.funding.envelope, call.lotterySeed)
		lottery = { seed: call.lotterySeed, drawnAt: call.lotteryDrawnAt, order: drawn.order.map((id) => titleOf.get(id)!), funded: drawn.funded.map((id) => titleOf.get(id)!) }
	}

	return {
		draft: call.status === 'deliberation',
		hiddenForConflict: view.hiddenForConflict,
		callTitle: call.title,
		funderName: input.funderName,
		date: call.decidedAt ?? input.now ?? new Date(),
		jurors: juryRows.map((j) => ({ name: j.name, kind: JUROR_KIND_LABELS[j.kind], isChair: j.isChair })),
		conflicts: conflictRows
			.filter((c) => shown(c.applicationId))
			.map((c) => ({
			jurorName: c.jurorName,
			applicationTitle: c.applicationTitle,
			source: c.source === 'detected' ? 'Détecté' : 'Déclaré',
			cause: CONFLICT_CAUSE_LABELS[c.cause],
			detail: c.detail,
			status: CONFLICT_STATUS_LABELS[c.status],
			decisionReason: c.decisionReason,
		})),
		method: {
			criteria: criteriaRows.map((c) => ({ label: c.label, weight: c.weight, scaleMax: c.scaleMax })),
			rankingScore: call.rankingScore,
			calibration: view.calibration.model,
			disagreementThreshold: call.disagreementThreshold,
			interval: { seed: INTERVAL_SEED, draws: INTERVAL_DRAWS, level: INTERVAL_LEVEL },
			lottery,
		},
		ranking: view.dossiers.map((d) => ({
			rank: d.rank,
			interval: d.interval,
			title: d.title,
			leadName: d.leadName,
			raw: d.raw,
			calibrated: d.calibrated,
			evaluations: d.evaluations,
			spread: d.spread,
			requestedCents: d.amountRequestedCents,
			proposedCents: d.proposedAmountCents,
		})),
		decisions: {
			selected: view.dossiers.filter((d) => d.amountGrantedCents !== null && !['admissible', 'waitlisted', 'rejected'].includes(d.status)).map(asDecision),
			waitlisted: byStatus('waitlisted')
				.sort((a, b) => (a.waitlistPosition ?? Infinity) - (b.waitlistPosition ?? Infinity))
				.map(asDecision),
			rejected: byStatus('rejected').map(asDecision),
		},
		envelope: { envelopeCents: call.envelopeCents, usedCents: retainedCents, remainingCents: call.envelopeCents === null ? null : call.envelopeCents - retainedCents },
		hasChair,
		validation: validation && call.minutesValidatedAt ? { name: validation.name, at: call.minutesValidatedAt } : null,
		amendments: amendmentRows
			.filter((a) => shown(a.applicationId))
			.map((a) => ({
			at: a.createdAt,
			title: a.title,
			from: APPLICATION_STATUS_LABELS[a.fromStatus] ?? a.fromStatus,
			to: APPLICATION_STATUS_LABELS[a.toStatus] ?? a.toStatus,
			fromAmountCents: a.fromAmountCents,
			toAmountCents: a.toAmountCents,
			reason: a.reason,
			by: a.by ?? '—',
		})),
	}
}

/** The minutes as a PDF file. */
export async function renderMinutesFile(executor: Executor, input: MinutesInput): Promise<Buffer> {
	const data = await loadMinutes(executor, input)
	const doc = renderMinutes(data)
	return toBuffer(doc)
}

/**
 * The minutes as this viewer may read them ('read-minutes': staff and the seated chair): the
 * stored file once the call is decided, else a draft drawn now from their view of the
 * deliberation (a chair in conflict with a dossier gets a draft without it).
 */
export async function getMinutesForViewer(input: { user: { id: string } | PolicyUser; callId: string; now?: Date }): Promise<{ filename: string } & ({ data: Buffer } | StoredStream)> {
	const user = await policyUserOf(db, input.user)
	const loaded = await requireCallForDeliberation(db, user, input.callId)
	const decision = can(user, 'read-minutes', loaded.resource)
	if (!decision.allowed) throw new Response('Le procès-verbal existe une fois la délibération ouverte.', { status: 409 })
	const { call } = loaded
	// The stored minutes are the full record: a reader in conflict with a dossier (chair or staff on the jury) reads a version drawn without it.
	const view = await loadDeliberation(db, { user, call })
	if (call.minutesStorageKey && view.hiddenForConflict === 0) {
		const stored = await getStorage().getStream(call.minutesStorageKey)
		if (!stored) throw new Error(`minutes file missing: ${call.minutesStorageKey}`)
		return { filename: 'proces-verbal.pdf', ...stored }
	}
	return { filename: 'projet-de-proces-verbal.pdf', data: await renderMinutesFile(db, { user, call, funderName: loaded.funderName, now: input.now, view }) }
}
