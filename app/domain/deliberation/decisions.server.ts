/**
 * The deliberation's writes (issue 9), by the funder's staff while the call is in
 * deliberation: its settings, the proposed amounts, the decisions and the lottery. Each is
 * one transaction under the call's row lock (requireCallForDeliberation 'update'), so two
 * staff members deciding at once are served one after the other: the envelope check of the
 * second reads the first's amount. A decision clears the chair's validation (what was
 * validated is no longer what stands).
 */
import { randomInt } from 'node:crypto'
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm'
import { can, type PolicyUser } from '#app/auth/policy/index.ts'
import { policyUserOf, requireCallForDeliberation } from '#app/auth/policy/load.server.ts'
import { notInViewersConflictsWhere } from '#app/auth/policy/visibility.server.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { applicationTransitions } from '#app/domain/applications/lifecycle.ts'
import { fire } from '#app/domain/lifecycle/engine.server.ts'
import { formatCents } from '#app/utils/format.ts'
import type { Executor } from '#db/client.server.ts'
import { db } from '#db/client.server.ts'
import { applications, calls } from '#db/schema/index.ts'
import { loadDeliberation } from './deliberation.server.ts'
import { DELIBERATION_MESSAGES, type DecisionChoice, lotteryOf } from './decisions.ts'
import { checkEnvelope, retainedTotalCents } from './envelope.server.ts'
import { MAX_SEED } from './random.ts'

type Actor = { id: string } | PolicyUser
/** A refusal the person can act on; `field` names the form field it belongs next to. */
export type DecisionRefusal = { ok: false; message: string; field?: string; status: 'refused' | 'not-staff' }

/** The statuses a decision may be taken or changed from while in deliberation. */
const DECIDABLE = ['admissible', 'selected', 'waitlisted', 'rejected'] as const
const TRANSITION_OF = { selected: applicationTransitions.select, waitlisted: applicationTransitions.waitlist, rejected: applicationTransitions.reject } as const

/** The call locked FOR UPDATE, and whether this person may decide on it (a refusal otherwise). */
async function lockForDecision(tx: Executor, actor: Actor, callId: string) {
	const user = await policyUserOf(tx, actor)
	const loaded = await requireCallForDeliberation(tx, user, callId, 'update')
	const decision = can(user, 'decide', loaded.resource)
	if (!decision.allowed) {
		const refusal: DecisionRefusal = { ok: false, message: DELIBERATION_MESSAGES.notInDeliberation, status: decision.reason === 'status' ? 'refused' : 'not-staff' }
		return { refusal, user, call: loaded.call }
	}
	return { refusal: null, user, call: loaded.call }
}

/** One of the call's decidable dossiers, unless the person is in conflict with it (then it does not exist for them). */
async function findDossier(tx: Executor, user: PolicyUser, callId: string, applicationId: string) {
	const [row] = await tx
		.select({ id: applications.id, status: applications.status, amountRequestedCents: applications.amountRequestedCents, waitlistPosition: applications.waitlistPosition })
		.from(applications)
		.where(and(eq(applications.id, applicationId), eq(applications.callId, callId), notInViewersConflictsWhere(user)))
	return row ?? null
}

// ——— Settings ———

export async function updateDeliberationSettings(input: {
	user: Actor
	callId: string
	rankingScore: 'raw' | 'calibrated'
	disagreementThreshold: number
	lotteryEnabled: boolean
	version: number
}): Promise<{ ok: true } | DecisionRefusal> {
	return db.transaction(async (tx) => {
		const { refusal, call } = await lockForDecision(tx, input.user, input.callId)
		if (refusal) return refusal
		if (call.deliberationVersion !== input.version) return { ok: false as const, message: DELIBERATION_MESSAGES.staleSettings, status: 'refused' as const }
		const rankingChanged = call.rankingScore !== input.rankingScore || call.disagreementThreshold !== input.disagreementThreshold
		// A lottery drawn on another ranking (or switched off) no longer holds: it is cleared, and so is the chair's validation.
		const clearLottery = rankingChanged || !input.lotteryEnabled
		await tx
			.update(calls)
			.set({
				rankingScore: input.rankingScore,
				disagreementThreshold: input.disagreementThreshold,
				lotteryEnabled: input.lotteryEnabled,
				deliberationVersion: call.deliberationVersion + 1,
				...(clearLottery ? { lotterySeed: null, lotteryDrawnAt: null } : {}),
				...(rankingChanged || (clearLottery && call.lotterySeed !== null) ? { minutesValidatedById: null, minutesValidatedAt: null } : {}),
			})
			.where(eq(calls.id, call.id))
		await recordAudit(tx, {
			actorUserId: input.user.id,
			action: 'deliberation.settings_updated',
			subjectType: 'call',
			subjectId: call.id,
			data: {
				from: { rankingScore: call.rankingScore, disagreementThreshold: call.disagreementThreshold, lotteryEnabled: call.lotteryEnabled },
				to: { rankingScore: input.rankingScore, disagreementThreshold: input.disagreementThreshold, lotteryEnabled: input.lotteryEnabled },
			},
		})
		return { ok: true as const }
	})
}

// ——— Amounts ———

/** The bounds of an amount for one dossier: at least 0, at most the amount requested and the call's maximum. */
function amountRefusal(amountCents: number, requestedCents: number | null, maxCents: number | null): string | null {
	if (!Number.isSafeInteger(amountCents) || amountCents < 0) return DELIBERATION_MESSAGES.amount
	if (requestedCents !== null && amountCents > requestedCents) return DELIBERATION_MESSAGES.amountAboveRequested(formatCents(requestedCents))
	if (maxCents !== null && amountCents > maxCents) return DELIBERATION_MESSAGES.amountAboveMax(formatCents(maxCents))
	return null
}

/** The deliberation's working amount of a dossier (not a decision: the chair's validation stands). */
export async function setProposedAmount(input: { user: Actor; callId: string; applicationId: string; amountCents: number }): Promise<{ ok: true } | DecisionRefusal | null> {
	return db.transaction(async (tx) => {
		const { refusal, user, call } = await lockForDecision(tx, input.user, input.callId)
		if (refusal) return refusal
		const dossier = await findDossier(tx, user, call.id, input.applicationId)
		if (!dossier || !(DECIDABLE as readonly string[]).includes(dossier.status)) return null
		const problem = amountRefusal(input.amountCents, dossier.amountRequestedCents, call.maxAmountPerProjectCents)
		if (problem) return { ok: false as const, message: problem, field: 'amount', status: 'refused' as const }
		await tx.update(applications).set({ proposedAmountCents: input.amountCents }).where(eq(applications.id, dossier.id))
		await recordAudit(tx, {
			actorUserId: input.user.id,
			action: 'deliberation.amount_proposed',
			subjectType: 'application',
			subjectId: dossier.id,
			data: { amountCents: input.amountCents },
		})
		return { ok: true as const }
	})
}

// ——— Decisions ———

export type DecideInput = {
	user: Actor
	callId: string
	applicationId: string
	decision: DecisionChoice
	/** For a retained dossier: the amount granted (default: its proposed amount). */
	amountCents?: number
	motivation: string
	/** For the waiting list: the place wanted (default: the end of the list). */
	waitlistPosition?: number
}

/**
 * Retenu, liste d'attente or non retenu, through the lifecycle engine (or a plain update
 * when the decision stays the same with a new amount, motivation or place). Null when the
 * dossier is not one this person may see in this call (a 404).
 */
export async function decide(input: DecideInput): Promise<{ ok: true } | DecisionRefusal | null> {
	return db.transaction(async (tx) => {
		const { refusal, user, call } = await lockForDecision(tx, input.user, input.callId)
		if (refusal) return refusal
		const dossier = await findDossier(tx, user, call.id, input.applicationId)
		if (!dossier) return null
		if (!(DECIDABLE as readonly string[]).includes(dossier.status)) return { ok: false as const, message: DELIBERATION_MESSAGES.notDecidable, status: 'refused' as const }
		const motivation = input.motivation.trim()
		if (input.decision === 'rejected' && motivation === '') return { ok: false as const, message: DELIBERATION_MESSAGES.motivationRequired, field: 'motivation', status: 'refused' as const }

		let granted: number | null = null
		if (input.decision === 'selected') {
			const [row] = await tx.select({ proposed: applications.proposedAmountCents }).from(applications).where(eq(applications.id, dossier.id))
			const amount = input.amountCents ?? row?.proposed ?? dossier.amountRequestedCents
			if (amount === null || amount === undefined) return { ok: false as const, message: DELIBERATION_MESSAGES.amountRequiredForSelected, field: 'amount', status: 'refused' as const }
			// Retained for nothing is not a decision (an amendment refuses it too).
			const problem = amount === 0 ? DELIBERATION_MESSAGES.amountZeroForSelected : amountRefusal(amount, dossier.amountRequestedCents, call.maxAmountPerProjectCents)
			if (problem) return { ok: false as const, message: problem, field: 'amount', status: 'refused' as const }
			// Read under the call's lock: a decision of another staff member in flight has committed or waits.
			const envelope = checkEnvelope(call.envelopeCents, await retainedTotalCents(tx, call.id, dossier.id), amount)
			if (!envelope.ok) return { ok: false as const, message: envelope.message, field: 'amount', status: 'refused' as const }
			granted = amount
		}

		const now = new Date()
		await tx
			.update(applications)
			.set({
				amountGrantedCents: granted,
				...(granted !== null ? { proposedAmountCents: granted } : {}),
				decisionMotivation: motivation || null,
				waitlistPosition: null,
				decidedAt: now,
				decidedById: input.user.id,
				decisionVersion: sql`${applications.decisionVersion} + 1`,
			})
			.where(eq(applications.id, dossier.id))
		const data = { decision: input.decision, amountCents: granted, motivation: motivation || null }
		if (dossier.status === input.decision) {
			await recordAudit(tx, { actorUserId: input.user.id, action: 'application.decision_updated', subjectType: 'application', subjectId: dossier.id, data })
		} else {
			const checked = input.decision === 'selected' ? (['call-in-deliberation', 'within-envelope'] as const) : (['call-in-deliberation'] as const)
			await fire(tx, TRANSITION_OF[input.decision], {
				id: dossier.id,
				actor: { userId: input.user.id, capacities: ['funder-staff'] },
				reason: motivation || null,
				checked: [...checked],
				data,
			})
		}
		// The waiting list, renumbered 1, 2, 3… with this dossier at its place (or at the end).
		await renumberWaitlist(tx, call.id, input.decision === 'waitlisted' ? { id: dossier.id, position: input.waitlistPosition ?? null } : null)
		// The decisions changed: the chair's validation no longer holds.
		await tx.update(calls).set({ minutesValidatedById: null, minutesValidatedAt: null }).where(eq(calls.id, call.id))
		return { ok: true as const }
	})
}

/** Places the call's waiting list compactly, `insert` at its wanted place (clamped), the others in their order. */
async function renumberWaitlist(tx: Executor, callId: string, insert: { id: string; position: number | null } | null) {
	const rows = await tx
		.select({ id: applications.id, position: applications.waitlistPosition })
		.from(applications)
		.where(and(eq(applications.callId, callId), eq(applications.status, 'waitlisted'), insert ? ne(applications.id, insert.id) : undefined))
		.orderBy(sql`${applications.waitlistPosition} asc nulls last`, asc(applications.decidedAt), asc(applications.id))
	const order = rows.map((r) => r.id)
	if (insert) {
		const at = insert.position === null ? order.length : Math.min(Math.max(insert.position, 1), order.length + 1) - 1
		order.splice(at, 0, insert.id)
	}
	const current = new Map(rows.map((r) => [r.id, r.position]))
	const changed = order.map((id, index) => ({ id, position: index + 1 })).filter((r) => current.get(r.id) !== r.position)
	if (changed.length === 0) return
	// One statement whatever the list's length.
	const cases = sql.join(
		changed.map((r) => sql`when ${r.id} then ${r.position}::int`),
		sql` `,
	)
	await tx
		.update(applications)
		.set({ waitlistPosition: sql`case ${applications.id} ${cases} end` })
		.where(
			inArray(
				applications.id,
				changed.map((r) => r.id),
			),
		)
}

// ——— The lottery ———

/**
 * The tirage au sort among the dossiers « à départager », when the call's setting allows it:
 * a fresh 32-bit seed is recorded (with its time); the order and the funded dossiers follow
 * from it through drawLots, as the page and the minutes recompute them.
 */
export async function drawLottery(input: { user: Actor; callId: string }): Promise<({ ok: true; seed: number; order: string[]; funded: string[] }) | DecisionRefusal> {
	return db.transaction(async (tx) => {
		const { refusal, user, call } = await lockForDecision(tx, input.user, input.callId)
		if (refusal) return refusal
		const refused = (message: string) => ({ ok: false as const, message, status: 'refused' as const })
		if (!call.lotteryEnabled) return refused(DELIBERATION_MESSAGES.lotteryDisabled)
		if (call.lotterySeed !== null) return refused(DELIBERATION_MESSAGES.lotteryAlreadyDrawn)
		const view = await loadDeliberation(tx, { user, call })
		// The draw is over every dossier: a person who cannot see them all does not draw.
		if (view.hiddenForConflict > 0) return refused(DELIBERATION_MESSAGES.lotteryConflicted)
		if (call.envelopeCents === null || !view.dossiers.some((d) => d.onTheLine)) return refused(DELIBERATION_MESSAGES.lotteryNothingToDraw)
		const seed = randomInt(0, MAX_SEED + 1)
		const lottery = lotteryOf(view.dossiers, call.envelopeCents, seed)
		await tx.update(calls).set({ lotterySeed: seed, lotteryDrawnAt: new Date(), minutesValidatedById: null, minutesValidatedAt: null }).where(eq(calls.id, call.id))
		await recordAudit(tx, {
			actorUserId: input.user.id,
			action: 'deliberation.lottery_drawn',
			subjectType: 'call',
			subjectId: call.id,
			data: { seed, order: lottery.order, funded: lottery.funded, budgetCents: lottery.budget },
		})
		return { ok: true as const, seed, order: lottery.order, funded: lottery.funded }
	})
}
