/**
 * The text of a grant agreement (convention) as data (issue 10): built from the decision, the
 * consortium and the call's plan; its SHA-256 is what each signature is bound to, so the PDF,
 * the signing page and a later check all speak of the same version. Pure.
 */
import { createHash } from 'node:crypto'
import { agreementRequired, PAYMENT_DELAY_DAYS, splitIntoTranches, type TranchePlan, type TrancheTrigger } from './tranches.ts'

export type AgreementParty = {
	organizationId: string
	name: string
	siret: string | null
	rna: string | null
	role: 'lead' | 'co_carrier'
	/** This association's part of the grant, when the consortium splits it. */
	shareCents: number | null
	/** Its représentant·e on the portal (its référent·es), named in the text; the signer of each version is recorded with the signature. */
	representative?: string | null
}

export type AgreementContent = {
	funder: { name: string; siret: string | null }
	call: { title: string }
	project: { title: string; summary: string }
	amountCents: number
	/** The lead first, then the co-porters by name. */
	parties: AgreementParty[]
	tranches: { label: string; trigger: TrancheTrigger; percent: number; amountCents: number }[]
	dates: { projectStartsOn: string | null; projectEndsOn: string | null; evaluationDueOn: string | null }
	paymentDelayDays: number
	/** Above 23 000 € the agreement is mandatory; below it is offered all the same. */
	mandatory: boolean
}

export type AgreementInput = Omit<AgreementContent, 'tranches' | 'paymentDelayDays' | 'mandatory' | 'parties'> & { parties: AgreementParty[]; plan: TranchePlan }

/** Why the agreement cannot be drawn up as it stands, in French; null when it can. */
export function agreementProblem(input: Pick<AgreementInput, 'amountCents' | 'parties'>): string | null {
	if (!Number.isInteger(input.amountCents) || input.amountCents <= 0) return 'Le dossier n’a pas de montant attribué.'
	if (input.parties.filter((p) => p.role === 'lead').length !== 1) return 'Le consortium doit avoir une association chef de file.'
	const shares = input.parties.map((p) => p.shareCents)
	if (shares.every((s) => s === null)) return null
	if (shares.some((s) => s === null || s < 0)) return 'Si le consortium répartit la subvention, chaque association doit avoir sa part.'
	const total = shares.reduce<number>((sum, s) => sum + (s ?? 0), 0)
	if (total !== input.amountCents) return 'Les parts des associations doivent faire ensemble le montant attribué.'
	return null
}

export function buildAgreementContent(input: AgreementInput): AgreementContent {
	const problem = agreementProblem(input)
	if (problem) throw new Error(problem)
	const byName = (a: AgreementParty, b: AgreementParty) => a.name.localeCompare(b.name, 'fr')
	const { plan, ...rest } = input
	const parts = splitIntoTranches(input.amountCents, plan)
	return {
		...rest,
		parties: [...input.parties.filter((p) => p.role === 'lead'), ...input.parties.filter((p) => p.role !== 'lead').sort(byName)],
		tranches: parts.map((t, i) => ({ ...t, percent: plan[i]!.percent })),
		paymentDelayDays: PAYMENT_DELAY_DAYS,
		mandatory: agreementRequired(input.amountCents),
	}
}

/** JSON with keys in a fixed order at every depth: the same content always gives the same text. */
function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
	if (value !== null && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
		return `{${entries
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
			.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
			.join(',')}}`
	}
	return JSON.stringify(value)
}

/** The SHA-256 a signature is bound to. */
export function agreementDigest(content: AgreementContent): string {
	return createHash('sha256').update(canonical(content)).digest('hex')
}
