/**
 * The lifecycles of the follow-up (issue 10; DESIGN.md, "Lifecycles": one table per
 * lifecycle — agreement, payment, evaluation): read by the one engine
 * (app/domain/lifecycle/engine.server.ts), which alone moves their statuses.
 *
 * Requirements checked by the domain function before it fires:
 * - 'all-signed': every association of the consortium and the funder signed the current version;
 * - 'trigger-happened': what releases the tranche happened (the agreement signed, the final
 *   evaluation approved);
 * - 'complete-report': the consortium's part and every association's part are complete.
 */
import { defineLifecycle } from '#app/domain/lifecycle/transitions.ts'

export const AGREEMENT_STATUSES = ['awaiting_signatures', 'signed', 'cancelled'] as const
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number]
export const PAYMENT_STATUSES = ['waiting', 'due', 'paid'] as const
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number]
export const EVALUATION_REPORT_STATUSES = ['open', 'submitted', 'changes_requested', 'approved'] as const
export type EvaluationReportStatus = (typeof EVALUATION_REPORT_STATUSES)[number]

export type FollowUpRequirement = 'all-signed' | 'trigger-happened' | 'complete-report'

export const agreementTransitions = defineLifecycle('agreement', {
	/** The last signature of the current version. */
	complete: { from: ['awaiting_signatures'], to: 'signed', by: ['referent:member', 'funder-staff'], requires: ['all-signed'], action: 'agreement.signed' },
	/** A change of the text: a new version, every party signs again (kept signatures name their version). */
	revise: { from: ['awaiting_signatures'], to: 'awaiting_signatures', by: ['funder-staff'], requires: ['reason'], action: 'agreement.revised' },
	/** The grant was given up or no longer retained (fired by that change, in its transaction). */
	cancel: { from: ['awaiting_signatures', 'signed'], to: 'cancelled', by: ['funder-staff', 'system'], requires: ['reason'], action: 'agreement.cancelled' },
} as const satisfies Record<string, { from: readonly AgreementStatus[]; to: AgreementStatus; requires: readonly (FollowUpRequirement | 'reason')[] } & Record<string, unknown>>)

export const paymentTransitions = defineLifecycle('payment', {
	/** Its trigger happened: the 60-day clock starts. */
	release: { from: ['waiting'], to: 'due', by: ['funder-staff', 'system'], requires: ['trigger-happened'], action: 'payment.released' },
	pay: { from: ['due'], to: 'paid', by: ['funder-staff'], requires: [], action: 'payment.recorded' },
} as const satisfies Record<string, { from: readonly PaymentStatus[]; to: PaymentStatus; requires: readonly (FollowUpRequirement | 'reason')[] } & Record<string, unknown>>)

export const evaluationReportTransitions = defineLifecycle('evaluation-report', {
	submit: { from: ['open', 'changes_requested'], to: 'submitted', by: ['referent:lead'], requires: ['complete-report'], action: 'evaluation_report.submitted' },
	/** Only the sections named reopen, with the staff's message. */
	requestChanges: { from: ['submitted'], to: 'changes_requested', by: ['funder-staff'], requires: ['reason'], action: 'evaluation_report.changes_requested' },
	approve: { from: ['submitted'], to: 'approved', by: ['funder-staff'], requires: [], action: 'evaluation_report.approved' },
} as const satisfies Record<string, { from: readonly EvaluationReportStatus[]; to: EvaluationReportStatus; requires: readonly (FollowUpRequirement | 'reason')[] } & Record<string, unknown>>)
