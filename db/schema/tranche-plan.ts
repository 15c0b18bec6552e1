/**
 * The shape of a call's payment plan and its default (issue 10), here so that the schema
 * depends on nothing in app/; app/domain/agreements/tranches.ts re-exports them. No imports:
 * the browser bundle may include this file.
 */
export type TrancheTrigger = 'signature' | 'final_evaluation'
export type TranchePlan = { label: string; percent: number; trigger: TrancheTrigger }[]

/** The default of « Vivre ensemble »: 70 % at signature, 30 % after the final evaluation is approved. */
export const DEFAULT_TRANCHES: TranchePlan = [
	{ label: 'Première tranche', percent: 70, trigger: 'signature' },
	{ label: 'Solde', percent: 30, trigger: 'final_evaluation' },
]
