/**
 * The payments of a retained dossier's tranches (issue 10): the funder's staff record each
 * payment (date, amount, bank reference) on a tranche that is due; the tranche moves
 * `due → paid` through the engine. A tranche still waiting for its trigger (the final
 * evaluation not yet approved) cannot be paid. The payment of the last tranche of an evaluated
 * project closes it.
 */
import { and, eq, ne } from 'drizzle-orm'
import { type PolicyUser } from '#app/auth/policy/index.ts'
import { forbidden, notFound } from '#app/auth/permissions.server.ts'
import { applicationTransitions } from '#app/domain/applications/lifecycle.ts'
import { decideFollowUp, requireFollowUp } from '#app/domain/follow-up/access.server.ts'
import { paymentTransitions } from '#app/domain/follow-up/lifecycles.ts'
import { fire } from '#app/domain/lifecycle/engine.server.ts'
import { canFire } from '#app/domain/lifecycle/transitions.ts'
import { formatCents } from '#app/utils/format.ts'
import { db, type Executor } from '#db/client.server.ts'
import { payments } from '#db/schema/index.ts'

export const REFERENCE_MAX = 140

export type PaymentRefusal = { ok: false; message: string; field?: 'paidOn' | 'amount' | 'reference' }

export async function recordPayment(input: {
	user: { id: string } | PolicyUser
	applicationId: string
	paymentId: string
	paidOn: Date
	amountCents: number
	reference: string
	now?: Date
}): Promise<{ ok: true } | PaymentRefusal> {
	const reference = input.reference.trim()
	const now = input.now ?? new Date()
	if (Number.isNaN(input.paidOn.getTime())) return { ok: false, field: 'paidOn', message: 'Indiquez la date du virement.' }
	if (input.paidOn.getTime() > now.getTime()) return { ok: false, field: 'paidOn', message: 'La date du virement ne peut pas être dans le futur.' }
	if (reference.length > REFERENCE_MAX) return { ok: false, field: 'reference', message: `${REFERENCE_MAX} caractères au plus.` }
	return db.transaction(async (tx) => {
		const access = await requireFollowUp(tx, input.user, input.applicationId, 'update')
		if (!decideFollowUp(access, 'manage-follow-up').allowed) forbidden('Seul le financeur enregistre un paiement.')
		const [tranche] = await tx
			.select()
			.from(payments)
			.where(and(eq(payments.id, input.paymentId), eq(payments.applicationId, access.application.id)))
			.for('update')
		if (!tranche) notFound('Cette tranche n’existe pas pour ce dossier.')
		if (!canFire(paymentTransitions.pay, tranche.status)) {
			return { ok: false as const, message: tranche.status === 'paid' ? 'Cette tranche est déjà payée.' : 'Cette tranche n’est pas encore exigible : ce qui la déclenche n’a pas eu lieu.' }
		}
		// A tranche is paid whole: a part payment would mark it paid, and could close the project, with money still owed.
		if (input.amountCents !== tranche.amountCents) {
			return { ok: false as const, field: 'amount' as const, message: `Le montant versé doit être celui de la tranche (${formatCents(tranche.amountCents)}).` }
		}
		await fire(tx, paymentTransitions.pay, {
			id: tranche.id,
			actor: { userId: access.user.id, capacities: ['funder-staff'] },
			set: { paidOn: input.paidOn, paidAmountCents: input.amountCents, reference: reference || null, recordedById: access.user.id },
			data: { applicationId: access.application.id, amountCents: input.amountCents, reference },
		})
		await closeIfSettled(tx, { applicationId: access.application.id, status: access.application.status, userId: access.user.id })
		return { ok: true as const }
	})
}

/**
 * An evaluated project whose every tranche is paid is closed, in the caller's transaction: after
 * the last payment, or at the evaluation's approval when nothing is left to pay. Never with
 * money owed (Hypha's known failure).
 */
export async function closeIfSettled(tx: Executor, input: { applicationId: string; status: string; userId: string }) {
	if (!canFire(applicationTransitions.closeProject, input.status)) return
	const [unpaid] = await tx
		.select({ id: payments.id })
		.from(payments)
		.where(and(eq(payments.applicationId, input.applicationId), ne(payments.status, 'paid')))
		.limit(1)
	if (unpaid) return
	await fire(tx, applicationTransitions.closeProject, { id: input.applicationId, actor: { userId: input.userId, capacities: ['funder-staff'] }, checked: ['tranches-paid'] })
}
