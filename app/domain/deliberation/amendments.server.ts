/**
 * After the close (issue 9): a decision changes only by a recorded amendment, with its
 * reason; a retained consortium may give up its grant (renunciation), and the amount it frees
 * goes to the next dossier of the waiting list that fits. Each change is one transaction under
 * the call's row lock (the envelope is read after it), writes a decision_amendments row, and —
 * when the decision the consortium is told changes — bumps decision_version: its new letter is
 * then sent from the Courriers page.
 */
import { and, asc, eq, gt, inArray, isNotNull, or, sql, type SQL } from 'drizzle-orm'
import { forbidden, notFound } from '#app/auth/permissions.server.ts'
import { can, type PolicyUser } from '#app/auth/policy/index.ts'
import { policyUserOf, requireCallForDeliberation } from '#app/auth/policy/load.server.ts'
import { notInViewersConflictsWhere } from '#app/auth/policy/visibility.server.ts'
import { decide, findAccess } from '#app/domain/applications/access.server.ts'
import { applicationTransitions, type DecisionStatus } from '#app/domain/applications/lifecycle.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { staffEmails } from '#app/domain/dossier-messages/thread.server.ts'
import { fire } from '#app/domain/lifecycle/engine.server.ts'
import type { Actor as LifecycleActor } from '#app/domain/lifecycle/transitions.ts'
import { appUrl } from '#app/env.server.ts'
import { enqueueEmail } from '#app/services/mail.server.ts'
import { formatCents } from '#app/utils/format.ts'
import { db, type Executor } from '#db/client.server.ts'
import { applications, calls, decisionAmendments, organizations } from '#db/schema/index.ts'
import { effectiveProposedCents, hiddenApplicationIds } from './deliberation.server.ts'
import { storeMinutes } from './closing.server.ts'
import { checkEnvelope, RETAINED_STATUSES, retainedTotalCents } from './envelope.server.ts'
import { cancelAgreementOf } from '#app/domain/agreements/agreements.server.ts'
import { listAmendments } from './minutes.server.ts'

type Actor = { id: string }
export type AmendmentRefusal = { ok: false; message: string; field?: 'amount' | 'reason' | 'decision' }
type Call = typeof calls.$inferSelect
type Application = typeof applications.$inferSelect

export const NOT_CLOSED = 'La délibération de cet appel n’est pas close : les décisions se prennent sur la page de délibération.'
export const LETTER_HINT = 'Son courrier est à envoyer depuis la page Courriers.'
const staffActor = (user: Actor): LifecycleActor => ({ userId: user.id, capacities: ['funder-staff'] })

export const IN_CONFLICT =
	'Vous êtes en conflit d’intérêts avec un dossier de cet appel : les avenants et la liste d’attente, qui portent sur toute l’enveloppe, sont tenus par un·e collègue.'

/**
 * The call, locked, for a staff member allowed to amend (403 otherwise; a refusal before the
 * close). `envelopeWide`: the change moves the envelope (an amendment, a promotion), which a
 * staff member who sits on the jury in conflict with one of the call's dossiers may not see.
 */
async function lockCallForAmendment(
	tx: Executor,
	actor: Actor | PolicyUser,
	callId: string,
	options: { envelopeWide: boolean },
): Promise<{ user: PolicyUser; call: Call; funderName: string } | AmendmentRefusal> {
	const user = await policyUserOf(tx, actor)
	const loaded = await requireCallForDeliberation(tx, user, callId, 'update')
	const decision = can(user, 'amend', loaded.resource)
	if (!decision.allowed && decision.reason !== 'status') forbidden('Seul le personnel du financeur modifie les décisions.')
	if (!decision.allowed) return { ok: false, message: NOT_CLOSED }
	if (options.envelopeWide && (await hiddenApplicationIds(tx, user, callId)).size > 0) return { ok: false, message: IN_CONFLICT }
	return { user, call: loaded.call, funderName: loaded.funderName }
}

/** One of the call's applications, locked; 404 when it is not the call's, or the person's jury seat is in conflict with it. */
async function lockApplication(tx: Executor, user: PolicyUser, callId: string, applicationId: string): Promise<Application> {
	const [application] = await tx
		.select()
		.from(applications)
		.where(and(eq(applications.id, applicationId), eq(applications.callId, callId), notInViewersConflictsWhere(user)))
		.for('update')
	if (!application) notFound('Ce dossier n’existe pas ou ne relève pas de cet appel.')
	return application
}

/** The amount a retained dossier may hold: more than nothing, within what it asked and the call's maximum. */
function amountProblem(amount: number, application: Application, call: Call): string | null {
	if (amount <= 0) return 'Indiquez un montant supérieur à zéro.'
	if (application.amountRequestedCents !== null && amount > application.amountRequestedCents) {
		return `Le montant ne peut pas dépasser le montant demandé (${formatCents(application.amountRequestedCents)}).`
	}
	if (call.maxAmountPerProjectCents !== null && amount > call.maxAmountPerProjectCents) {
		return `Le montant ne peut pas dépasser le plafond de l’appel (${formatCents(call.maxAmountPerProjectCents)}).`
	}
	return null
}

/** Closes the gap a dossier leaves on the waiting list: those after it move up one place. */
async function leaveWaitlist(tx: Executor, callId: string, position: number | null) {
	if (position === null) return
	await tx
		.update(applications)
		.set({ waitlistPosition: sql`${applications.waitlistPosition} - 1` })
		.where(and(eq(applications.callId, callId), eq(applications.status, 'waitlisted'), gt(applications.waitlistPosition, position)))
}

async function lastWaitlistPosition(tx: Executor, callId: string): Promise<number> {
	const [row] = await tx
		.select({ value: sql<number | null>`max(${applications.waitlistPosition})` })
		.from(applications)
		.where(and(eq(applications.callId, callId), eq(applications.status, 'waitlisted')))
	return Number(row?.value ?? 0)
}

/**
 * Staff change a decided dossier's decision or its retained amount, with a reason. A change
 * of decision fires the amend transition; a new amount for a retained dossier is a plain
 * update. Either way the envelope is checked, the amendment recorded, the version bumped.
 */
export async function amendDecision(input: {
	user: Actor | PolicyUser
	callId: string
	applicationId: string
	decision: DecisionStatus
	amountCents?: number | null
	reason: string
	now?: Date
}): Promise<{ ok: true } | AmendmentRefusal> {
	const now = input.now ?? new Date()
	const reason = input.reason.trim()
	return db.transaction(async (tx) => {
		const locked = await lockCallForAmendment(tx, input.user, input.callId, { envelopeWide: true })
		if ('ok' in locked) return locked
		const { user, call } = locked
		const application = await lockApplication(tx, user, call.id, input.applicationId)
		const from = application.status
		if (from !== 'selected' && from !== 'waitlisted' && from !== 'rejected') {
			return { ok: false as const, message: 'Ce dossier n’a pas de décision à modifier (retiré, ou jamais décidé).' }
		}
		if (!reason) return { ok: false as const, field: 'reason' as const, message: 'Indiquez le motif de la modification : il figure au procès-verbal.' }

		let amount: number | null = null
		if (input.decision === 'selected') {
			amount = input.amountCents ?? application.amountGrantedCents ?? effectiveProposedCents(application, call.maxAmountPerProjectCents)
			const problem = amountProblem(amount, application, call)
			if (problem) return { ok: false as const, field: 'amount' as const, message: problem }
			const envelope = checkEnvelope(call.envelopeCents, await retainedTotalCents(tx, call.id, application.id), amount)
			if (!envelope.ok) return { ok: false as const, field: 'amount' as const, message: envelope.message }
		}
		if (input.decision === from && (from !== 'selected' || amount === application.amountGrantedCents)) {
			return { ok: false as const, field: 'decision' as const, message: 'Rien ne change : choisissez une autre décision ou un autre montant.' }
		}

		const leavingWaitlist = from === 'waitlisted' && input.decision !== 'waitlisted'
		const set = {
			amountGrantedCents: amount,
			waitlistPosition: input.decision === 'waitlisted' ? (from === 'waitlisted' ? application.waitlistPosition : (await lastWaitlistPosition(tx, call.id)) + 1) : null,
			decisionMotivation: input.decision === from ? application.decisionMotivation : reason,
			decisionVersion: application.decisionVersion + 1,
			decidedAt: now,
			decidedById: user.id,
		}
		if (input.decision === from) {
			await tx.update(applications).set(set).where(eq(applications.id, application.id))
			await recordAudit(tx, {
				actorUserId: user.id,
				action: 'application.decision_amended',
				subjectType: 'application',
				subjectId: application.id,
				data: { from, to: from, fromAmountCents: application.amountGrantedCents, toAmountCents: amount, reason },
			})
		} else {
			const transition =
				input.decision === 'selected' ? applicationTransitions.amendToSelected : input.decision === 'waitlisted' ? applicationTransitions.amendToWaitlisted : applicationTransitions.amendToRejected
			await fire(tx, transition, {
				id: application.id,
				actor: staffActor(user),
				reason,
				checked: ['call-decided', 'within-envelope'],
				set,
				data: { fromAmountCents: application.amountGrantedCents, toAmountCents: amount },
			})
			// No longer retained: an agreement drawn up for it is void.
			if (from === 'selected') await cancelAgreementOf(tx, { applicationId: application.id, userId: user.id, reason })
		}
		if (leavingWaitlist) await leaveWaitlist(tx, call.id, application.waitlistPosition)
		await tx.insert(decisionAmendments).values({
			applicationId: application.id,
			fromStatus: from,
			toStatus: input.decision,
			fromAmountCents: application.amountGrantedCents,
			toAmountCents: amount,
			reason,
			byId: user.id,
		})
		await storeMinutes(tx, { user, call, funderName: locked.funderName, now })
		return { ok: true as const }
	})
}

/**
 * The next dossier of the waiting list takes the amount a renunciation (or an amendment)
 * freed: its amount must fit in what remains, and no dossier before it on the list may fit
 * (the list is walked in order). The others move up one place; its new decision gets a letter.
 */
export async function promoteFromWaitlist(input: {
	user: Actor | PolicyUser
	callId: string
	applicationId: string
	amountCents?: number | null
	reason?: string
	now?: Date
}): Promise<{ ok: true; amountCents: number } | AmendmentRefusal> {
	const now = input.now ?? new Date()
	return db.transaction(async (tx) => {
		const locked = await lockCallForAmendment(tx, input.user, input.callId, { envelopeWide: true })
		if ('ok' in locked) return locked
		const { user, call } = locked
		const application = await lockApplication(tx, user, call.id, input.applicationId)
		if (application.status !== 'waitlisted') return { ok: false as const, message: 'Ce dossier n’est plus sur la liste d’attente.' }
		const amount = input.amountCents ?? effectiveProposedCents(application, call.maxAmountPerProjectCents)
		const problem = amountProblem(amount, application, call)
		if (problem) return { ok: false as const, field: 'amount' as const, message: problem }
		const retained = await retainedTotalCents(tx, call.id)
		const envelope = checkEnvelope(call.envelopeCents, retained, amount)
		if (!envelope.ok) return { ok: false as const, field: 'amount' as const, message: `« ${application.title} » ne peut pas être retenu : ${envelope.message.charAt(0).toLowerCase()}${envelope.message.slice(1)}` }
		const remaining = call.envelopeCents === null ? null : call.envelopeCents - retained
		const ahead = (await waitlist(tx, call)).filter((w) => (w.waitlistPosition ?? Infinity) < (application.waitlistPosition ?? Infinity))
		const fitsAhead = ahead.find((w) => remaining === null || w.amountCents <= remaining)
		if (fitsAhead) return { ok: false as const, message: `« ${fitsAhead.title} » le précède sur la liste d’attente et tient dans ce qui reste de l’enveloppe : il passe d’abord.` }

		const reason = input.reason?.trim() || 'Retenu depuis la liste d’attente après un désistement.'
		await fire(tx, applicationTransitions.promoteFromWaitlist, {
			id: application.id,
			actor: staffActor(user),
			reason,
			checked: ['call-decided', 'within-envelope'],
			set: { amountGrantedCents: amount, waitlistPosition: null, decisionVersion: application.decisionVersion + 1, decidedAt: now, decidedById: user.id },
			data: { amountCents: amount, position: application.waitlistPosition },
		})
		await leaveWaitlist(tx, call.id, application.waitlistPosition)
		await tx.insert(decisionAmendments).values({
			applicationId: application.id,
			fromStatus: 'waitlisted',
			toStatus: 'selected',
			fromAmountCents: null,
			toAmountCents: amount,
			reason,
			byId: user.id,
		})
		await storeMinutes(tx, { user, call, funderName: locked.funderName, now })
		return { ok: true as const, amountCents: amount }
	})
}

/** The waiting list in order, each with the amount it would take (granted, else proposed, else requested, within the maximum). */
/** The call's waiting list in order; `visible` narrows it to what a reader may see (a promotion reads it whole). */
async function waitlist(executor: Executor, call: Call, visible?: SQL) {
	const rows = await executor
		.select({
			id: applications.id,
			title: applications.title,
			leadName: organizations.name,
			waitlistPosition: applications.waitlistPosition,
			proposedAmountCents: applications.proposedAmountCents,
			amountRequestedCents: applications.amountRequestedCents,
			decisionMotivation: applications.decisionMotivation,
		})
		.from(applications)
		.innerJoin(organizations, eq(organizations.id, applications.leadOrganizationId))
		.where(and(eq(applications.callId, call.id), eq(applications.status, 'waitlisted'), visible))
		.orderBy(sql`${applications.waitlistPosition} asc nulls last`, asc(applications.title))
	return rows.map((r) => ({ ...r, amountCents: effectiveProposedCents(r, call.maxAmountPerProjectCents) }))
}

/** Both ways of giving up a grant end here: the status, the history, the funder's staff told (by the lead's). */
async function recordRenunciation(tx: Executor, input: { user: PolicyUser; call: Call; application: Application; actor: LifecycleActor; reason: string; byLead: boolean }) {
	const { call, application, reason } = input
	// Both callers checked the call is decided (the staff's lock requires it; the lead's page asks decisionsDisclosed).
	await fire(tx, applicationTransitions.renounce, {
		id: application.id,
		actor: input.actor,
		reason,
		checked: ['call-decided'],
		set: { statusReason: reason },
		data: { amountCents: application.amountGrantedCents },
	})
	await cancelAgreementOf(tx, { applicationId: application.id, userId: input.actor.userId, reason })
	await tx.insert(decisionAmendments).values({
		applicationId: application.id,
		fromStatus: 'selected',
		toStatus: 'withdrawn',
		fromAmountCents: application.amountGrantedCents,
		toAmountCents: null,
		reason,
		byId: input.actor.userId,
	})
	const [funder, lead] = await Promise.all([
		tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, call.funderId)),
		tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, application.leadOrganizationId)),
	]).then((rows) => rows.map((r) => r[0]))
	await storeMinutes(tx, { user: input.user, call, funderName: funder?.name ?? '' })
	if (!input.byLead) return
	for (const email of await staffEmails(tx, call.funderId)) {
		await enqueueEmail(tx, {
			to: email,
			template: 'application-renounced',
			data: {
				applicationTitle: application.title,
				callTitle: call.title,
				leadName: lead?.name ?? '',
				reason,
				amount: formatCents(application.amountGrantedCents),
				url: `${appUrl()}/gestion/appels/${call.id}/decisions`,
			},
		})
	}
}

/** The lead's référent gives up the retained grant from the dossier's page. */
export async function renounceAsLead(input: { user: Actor | PolicyUser; applicationId: string; reason: string }): Promise<{ ok: true } | AmendmentRefusal> {
	const reason = input.reason.trim()
	return db.transaction(async (tx) => {
		const access = await findAccess(tx, input.applicationId, input.user)
		if (!access) notFound()
		const decision = decide(access, 'renounce')
		if (!decision.allowed && decision.reason !== 'status') forbidden('Seul le référent de l’association chef de file peut renoncer à la subvention.')
		// The call first, then the dossier: the order every decision of the call takes its locks in.
		const [call] = await tx.select().from(calls).where(eq(calls.id, access.application.callId)).for('update')
		const application = await lockApplication(tx, access.user, call!.id, access.application.id)
		if (!decide({ ...access, resource: { ...access.resource, status: application.status, callStatus: call!.status } }, 'renounce').allowed) {
			return { ok: false as const, message: 'Seul un dossier retenu peut renoncer à sa subvention.' }
		}
		if (!reason) return { ok: false as const, field: 'reason' as const, message: 'Indiquez la raison du renoncement : elle est transmise au financeur.' }
		await recordRenunciation(tx, { user: access.user, call: call!, application, actor: { userId: access.user.id, capacities: ['referent:lead'] }, reason, byLead: true })
		return { ok: true as const }
	})
}

/** Staff record a consortium's renunciation (told by mail or phone). */
export async function renounceForStaff(input: { user: Actor | PolicyUser; callId: string; applicationId: string; reason: string }): Promise<{ ok: true } | AmendmentRefusal> {
	const reason = input.reason.trim()
	return db.transaction(async (tx) => {
		const locked = await lockCallForAmendment(tx, input.user, input.callId, { envelopeWide: false })
		if ('ok' in locked) return locked
		const application = await lockApplication(tx, locked.user, locked.call.id, input.applicationId)
		if (application.status !== 'selected') return { ok: false as const, message: 'Seul un dossier retenu peut renoncer à sa subvention.' }
		if (!reason) return { ok: false as const, field: 'reason' as const, message: 'Indiquez la raison du renoncement.' }
		await recordRenunciation(tx, { user: locked.user, call: locked.call, application, actor: staffActor(locked.user), reason, byLead: false })
		return { ok: true as const }
	})
}

/** Before reading a form of the decisions page: 404 outside the funder (and the chair), 403 for the chair, 409 before the close. */
export async function requireAmender(actor: Actor | PolicyUser, callId: string) {
	const user = await policyUserOf(db, actor)
	const loaded = await requireCallForDeliberation(db, user, callId)
	const decision = can(user, 'amend', loaded.resource)
	if (!decision.allowed && decision.reason !== 'status') forbidden('Seul le personnel du financeur modifie les décisions.')
	if (!decision.allowed) throw new Response(NOT_CLOSED, { status: 409 })
	return { user, ...loaded }
}

/** The decisions page: decided dossiers by decision, the envelope, the waiting list and the next that fits, the history. */
export async function getDecisionsPage(input: { user: Actor | PolicyUser; callId: string }) {
	const loaded = await requireAmender(input.user, input.callId)
	const { user, call } = loaded
	// A staff member who sits on the jury in conflict with dossiers sees nothing of them here either.
	const visible = notInViewersConflictsWhere(user)
	const [decided, list, amendments, retained, hidden] = await Promise.all([
		db
			.select({
				id: applications.id,
				title: applications.title,
				leadName: organizations.name,
				status: applications.status,
				amountRequestedCents: applications.amountRequestedCents,
				amountGrantedCents: applications.amountGrantedCents,
				decisionMotivation: applications.decisionMotivation,
				decisionVersion: applications.decisionVersion,
				statusReason: applications.statusReason,
			})
			.from(applications)
			.innerJoin(organizations, eq(organizations.id, applications.leadOrganizationId))
			.where(
				and(
					eq(applications.callId, call.id),
					or(inArray(applications.status, ['rejected', ...RETAINED_STATUSES]), and(eq(applications.status, 'withdrawn'), isNotNull(applications.decidedAt))),
					visible,
				),
			)
			.orderBy(asc(applications.title)),
		waitlist(db, call, visible),
		listAmendments(db, call.id),
		retainedTotalCents(db, call.id),
		hiddenApplicationIds(db, user, call.id),
	])
	// The envelope's figures include the hidden dossiers' amounts: not shown to such a reader, who amends nothing.
	const canAmend = hidden.size === 0
	const remaining = call.envelopeCents === null ? null : call.envelopeCents - retained
	const next = canAmend ? (list.find((w) => remaining === null || w.amountCents <= remaining) ?? null) : null
	return {
		call: { id: call.id, title: call.title, status: call.status, envelopeCents: call.envelopeCents, funderName: loaded.funderName },
		canAmend,
		hiddenForConflict: hidden.size,
		envelope: canAmend ? { envelopeCents: call.envelopeCents, retainedCents: retained, remainingCents: remaining } : null,
		selected: decided.filter((d) => d.status !== 'rejected' && d.status !== 'withdrawn'),
		rejected: decided.filter((d) => d.status === 'rejected'),
		withdrawn: decided.filter((d) => d.status === 'withdrawn'),
		waitlist: list.map((w, index) => ({ ...w, place: index + 1, promotable: next?.id === w.id })),
		amendments: amendments.filter((a) => !hidden.has(a.applicationId)),
	}
}
