import { describe, expect, test } from 'vitest'
import { agreementDigest, agreementProblem, buildAgreementContent, type AgreementInput } from './agreement-content.ts'
import { DEFAULT_TRANCHES } from './tranches.ts'

const input = (extra: Partial<AgreementInput> = {}): AgreementInput => ({
	funder: { name: 'Fondation Rail Solidaire', siret: '12345678900011' },
	call: { title: 'Vivre ensemble 2026' },
	project: { title: 'Le foot des filles et des garçons', summary: 'Des séances mixtes.' },
	amountCents: 2_500_000,
	parties: [
		{ organizationId: 'b', name: 'Parents du quartier', siret: null, rna: 'W691000123', role: 'co_carrier', shareCents: null },
		{ organizationId: 'a', name: 'Foot Ensemble', siret: '76910003000018', rna: null, role: 'lead', shareCents: null },
		{ organizationId: 'c', name: 'Amicale laïque', siret: null, rna: 'W691000456', role: 'co_carrier', shareCents: null },
	],
	dates: { projectStartsOn: '2027-01-15', projectEndsOn: '2027-12-15', evaluationDueOn: '2028-03-31' },
	plan: DEFAULT_TRANCHES,
	...extra,
})

describe('texte de la convention', () => {
	test('le chef de file d’abord, les co-porteurs par nom ; les tranches au centime ; obligatoire au-delà de 23 000 €', () => {
		const content = buildAgreementContent(input())
		expect(content.parties.map((p) => p.name)).toEqual(['Foot Ensemble', 'Amicale laïque', 'Parents du quartier'])
		expect(content.tranches).toEqual([
			{ label: 'Première tranche', trigger: 'signature', percent: 70, amountCents: 1_750_000 },
			{ label: 'Solde', trigger: 'final_evaluation', percent: 30, amountCents: 750_000 },
		])
		expect(content.mandatory).toBe(true)
		expect(content.paymentDelayDays).toBe(60)
		expect(buildAgreementContent(input({ amountCents: 800_000 })).mandatory).toBe(false)
	})

	test('une répartition entre associations doit couvrir tout le montant, chacune ayant sa part', () => {
		const shares = (a: number | null, b: number | null, c: number | null) =>
			input().parties.map((p) => ({ ...p, shareCents: p.organizationId === 'a' ? a : p.organizationId === 'b' ? b : c }))
		expect(agreementProblem(input({ parties: shares(1_000_000, 1_000_000, 500_000) }))).toBeNull()
		expect(agreementProblem(input({ parties: shares(1_000_000, 1_000_000, 400_000) }))).toBe('Les parts des associations doivent faire ensemble le montant attribué.')
		expect(agreementProblem(input({ parties: shares(1_000_000, null, 1_500_000) }))).toBe('Si le consortium répartit la subvention, chaque association doit avoir sa part.')
		expect(agreementProblem(input({ amountCents: 0 }))).toBe('Le dossier n’a pas de montant attribué.')
		expect(() => buildAgreementContent(input({ parties: shares(1, 1, 1) }))).toThrow()
	})

	test('l’empreinte ne dépend que du contenu : même texte, même empreinte ; un mot changé, une autre', () => {
		const content = buildAgreementContent(input())
		const reordered = JSON.parse(JSON.stringify({ ...content, funder: { siret: content.funder.siret, name: content.funder.name } }))
		expect(agreementDigest(reordered)).toBe(agreementDigest(content))
		expect(agreementDigest(content)).toMatch(/^[0-9a-f]{64}$/)
		expect(agreementDigest({ ...content, project: { ...content.project, summary: 'Des séances mixtes !' } })).not.toBe(agreementDigest(content))
	})
})
