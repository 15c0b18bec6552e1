/**
 * Payment tranches of a grant (issue 10) and the French rules on them: an agreement
 * (convention) is mandatory above 23 000 € (loi 2000-321, art. 10; décret 2001-495), and a
 * tranche is due within 60 days of what triggers it (loi 2021-875). Pure: the pages, the
 * agreement PDF and the payment list all ask here.
 */

/** Above this amount a written agreement is mandatory (it is offered always). */
export const AGREEMENT_MANDATORY_ABOVE_CENTS = 2_300_000
/** A tranche is due at most this many days after its trigger. */
export const PAYMENT_DELAY_DAYS = 60

import type { TranchePlan, TrancheTrigger } from '#db/schema/tranche-plan.ts'

export { DEFAULT_TRANCHES, type TranchePlan, type TrancheTrigger } from '#db/schema/tranche-plan.ts'

/** What releases a tranche: the signature of the agreement by everyone, or the approval of the final evaluation. */
export const TRANCHE_TRIGGERS: { value: TrancheTrigger; label: string }[] = [
	{ value: 'signature', label: 'À la signature de la convention' },
	{ value: 'final_evaluation', label: 'Après l’approbation de l’évaluation finale' },
]
/** A trigger in French, for the pages, the agreement's PDF and the payments export. */
export const triggerLabel = (trigger: string) => TRANCHE_TRIGGERS.find((t) => t.value === trigger)?.label ?? trigger

export const MAX_TRANCHES = 6

/** Why a plan cannot be used, in French; null when it can. */
export function tranchePlanProblem(plan: TranchePlan): string | null {
	if (plan.length === 0) return 'Indiquez au moins une tranche.'
	if (plan.length > MAX_TRANCHES) return `Au plus ${MAX_TRANCHES} tranches.`
	if (plan.some((t) => !Number.isInteger(t.percent) || t.percent <= 0 || t.percent > 100)) return 'Chaque tranche est un pourcentage entier entre 1 et 100.'
	const total = plan.reduce((sum, t) => sum + t.percent, 0)
	if (total !== 100) return `Les tranches doivent faire 100 % du montant (elles font ${total} %).`
	return null
}

/**
 * The plan applied to an amount, in cents. Each tranche is rounded down to the cent; the
 * last one takes what rounding left, so the tranches always add up to the amount.
 */
export function splitIntoTranches(amountCents: number, plan: TranchePlan): { label: string; trigger: TrancheTrigger; amountCents: number }[] {
	const problem = tranchePlanProblem(plan)
	if (problem) throw new Error(problem)
	let given = 0
	return plan.map((tranche, index) => {
		const amount = index === plan.length - 1 ? amountCents - given : Math.floor((amountCents * tranche.percent) / 100)
		given += amount
		return { label: tranche.label, trigger: tranche.trigger, amountCents: amount }
	})
}

export function agreementRequired(amountCents: number): boolean {
	return amountCents > AGREEMENT_MANDATORY_ABOVE_CENTS
}

const DAY_MS = 24 * 3600_000

/** The date a tranche is due: 60 days after its trigger (null while the trigger has not happened). */
export function paymentDueAt(triggeredAt: Date | null): Date | null {
	return triggeredAt === null ? null : new Date(triggeredAt.getTime() + PAYMENT_DELAY_DAYS * DAY_MS)
}

export type TrancheState = 'waiting' | 'due' | 'late' | 'paid'

/** Where a tranche stands: waiting for its trigger, due (with the days left), late (past the 60 days), paid. */
export function trancheState(tranche: { triggeredAt: Date | null; paidOn: Date | null }, now: Date): { state: TrancheState; daysLeft: number | null } {
	if (tranche.paidOn) return { state: 'paid', daysLeft: null }
	const due = paymentDueAt(tranche.triggeredAt)
	if (!due) return { state: 'waiting', daysLeft: null }
	const daysLeft = Math.ceil((due.getTime() - now.getTime()) / DAY_MS)
	return { state: daysLeft < 0 ? 'late' : 'due', daysLeft }
}

/**
 * trancheState's late rule for many tranches at once (SQL filters and totals): an unpaid
 * tranche triggered at or before this instant is late at `now` (its days left below zero).
 */
export function lateIfTriggeredBy(now: Date): Date {
	return new Date(now.getTime() - (PAYMENT_DELAY_DAYS + 1) * DAY_MS)
}
