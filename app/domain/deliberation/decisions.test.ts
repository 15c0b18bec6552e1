import { describe, expect, test } from 'vitest'
import type { DeliberationDossier } from './deliberation.server.ts'
import { DecisionSchema, envelopeByGroup, lotteryOf, ProposedAmountSchema, readTableQuery, SettingsSchema, sortAndFilter } from './decisions.ts'

const row = (over: Partial<DeliberationDossier>): DeliberationDossier => ({
	applicationId: 'a',
	title: 'A',
	status: 'admissible',
	leadName: 'Asso',
	departement: '69',
	themeLabels: [],
	amountRequestedCents: 1000,
	proposedAmountCents: 1000,
	amountGrantedCents: null,
	decisionMotivation: null,
	waitlistPosition: null,
	decisionVersion: 0,
	raw: 50,
	calibrated: 50,
	evaluations: 3,
	spread: 10,
	disagreement: false,
	rank: 1,
	interval: { low: 1, high: 1 },
	funded: false,
	onTheLine: false,
	...over,
})

describe('paramètres du tableau', () => {
	test('un tri, un ordre ou un filtre inconnus sont ignorés ; une valeur trop longue aussi', () => {
		const known = { themes: ['Culture'], departements: ['69'] }
		expect(readTableQuery(new URLSearchParams('tri=<x>&ordre=haut&theme=Sport&departement=75&signal=tout'), known)).toEqual({
			sort: 'rang',
			direction: 'asc',
			theme: null,
			departement: null,
			flag: null,
		})
		expect(readTableQuery(new URLSearchParams(`tri=brut&ordre=desc&theme=Culture&departement=69&signal=desaccord`), known)).toEqual({
			sort: 'brut',
			direction: 'desc',
			theme: 'Culture',
			departement: '69',
			flag: 'desaccord',
		})
		expect(readTableQuery(new URLSearchParams(`theme=${'C'.repeat(300)}`), { themes: ['C'.repeat(300)], departements: [] }).theme).toBeNull()
	})

	test('trie (les vides en dernier dans les deux sens) et filtre par thème, département et signal', () => {
		const rows = [
			row({ applicationId: 'a', title: 'Béton', raw: 70, themeLabels: ['Culture'], disagreement: true }),
			row({ applicationId: 'b', title: 'arbre', raw: null, departement: '38' }),
			row({ applicationId: 'c', title: 'Cirque', raw: 60, themeLabels: ['Culture'], status: 'rejected' }),
		]
		const q = { sort: 'brut', direction: 'asc', theme: null, departement: null, flag: null } as const
		expect(sortAndFilter(rows, q).map((r) => r.applicationId)).toEqual(['c', 'a', 'b'])
		expect(sortAndFilter(rows, { ...q, direction: 'desc' }).map((r) => r.applicationId)).toEqual(['a', 'c', 'b'])
		expect(sortAndFilter(rows, { ...q, sort: 'titre' }).map((r) => r.applicationId)).toEqual(['b', 'a', 'c'])
		expect(sortAndFilter(rows, { ...q, theme: 'Culture' }).map((r) => r.applicationId)).toEqual(['c', 'a'])
		expect(sortAndFilter(rows, { ...q, departement: '38' }).map((r) => r.applicationId)).toEqual(['b'])
		expect(sortAndFilter(rows, { ...q, flag: 'desaccord' }).map((r) => r.applicationId)).toEqual(['a'])
		expect(sortAndFilter(rows, { ...q, flag: 'non-retenu' }).map((r) => r.applicationId)).toEqual(['c'])
	})
})

describe('formulaires de la délibération', () => {
	test('un montant saisi à la française', () => {
		expect(ProposedAmountSchema.parse({ intent: 'propose', applicationId: 'x', amount: '12 500' }).amount).toBe(1_250_000)
		expect(ProposedAmountSchema.parse({ intent: 'propose', applicationId: 'x', amount: '12500,50' }).amount).toBe(1_250_050)
		expect(ProposedAmountSchema.safeParse({ intent: 'propose', applicationId: 'x', amount: 'douze' }).success).toBe(false)
	})

	test('une décision : montant exigé si retenu, motivation si non retenu, rang de liste borné', () => {
		const parse = (fields: Record<string, string>) => DecisionSchema.safeParse({ intent: 'decide', ...fields })
		expect(parse({ decision: 'selected' }).error?.issues[0]).toMatchObject({ path: ['amount'] })
		expect(parse({ decision: 'rejected', motivation: ' ' }).error?.issues[0]).toMatchObject({ path: ['motivation'] })
		expect(parse({ decision: 'waitlisted', waitlistPosition: '0' }).error?.issues[0]).toMatchObject({ path: ['waitlistPosition'] })
		expect(parse({ decision: 'waitlisted', waitlistPosition: '2', amount: 'ignoré' }).data).toEqual({ decision: 'waitlisted', amountCents: undefined, motivation: '', waitlistPosition: 2 })
		expect(parse({ decision: 'selected', amount: '9 000,5', motivation: ' Bien. ' }).data).toEqual({ decision: 'selected', amountCents: 900_050, motivation: 'Bien.', waitlistPosition: undefined })
		expect(parse({ decision: 'autre' }).success).toBe(false)
	})

	test('les réglages : seuil entre 1 et 100, case à cocher absente = désactivée', () => {
		expect(SettingsSchema.parse({ intent: 'settings', rankingScore: 'raw', disagreementThreshold: '30', version: '3' })).toEqual({
			intent: 'settings',
			rankingScore: 'raw',
			disagreementThreshold: 30,
			lotteryEnabled: false,
			version: 3,
		})
		for (const threshold of ['0', '101', '2.5', '']) expect(SettingsSchema.safeParse({ intent: 'settings', rankingScore: 'raw', disagreementThreshold: threshold, version: '1' }).success).toBe(false)
	})
})

describe('enveloppe par groupe et tirage', () => {
	test('retenus pour leur montant attribué, non décidés au-dessus de la ligne pour leur montant proposé', () => {
		const rows = [
			row({ applicationId: 'a', status: 'selected', amountGrantedCents: 500, themeLabels: ['Culture', 'Sport'] }),
			row({ applicationId: 'b', funded: true, proposedAmountCents: 300, themeLabels: ['Culture'], departement: '38' }),
			row({ applicationId: 'c', funded: false, proposedAmountCents: 900, themeLabels: ['Sport'] }),
			row({ applicationId: 'd', status: 'rejected', funded: true, proposedAmountCents: 900 }),
		]
		const { byTheme, byDepartement } = envelopeByGroup(rows)
		expect(byTheme).toEqual([
			{ label: 'Culture', cents: 800, dossiers: 2 },
			{ label: 'Sport', cents: 500, dossiers: 1 },
		])
		expect(byDepartement).toEqual([
			{ label: '69', cents: 500, dossiers: 1 },
			{ label: '38', cents: 300, dossiers: 1 },
		])
	})

	test('le même tirage pour la même graine', () => {
		const rows = [
			row({ applicationId: 'a', rank: 1, funded: true }),
			row({ applicationId: 'b', rank: 2, funded: true, onTheLine: true }),
			row({ applicationId: 'c', rank: 3, onTheLine: true }),
			row({ applicationId: 'd', rank: 4, onTheLine: true }),
		]
		expect(lotteryOf(rows, 2000, 42)).toEqual(lotteryOf(rows, 2000, 42))
		expect(lotteryOf(rows, 2000, 42).order.sort()).toEqual(['b', 'c', 'd'])
		expect(lotteryOf(rows, 2000, 42).funded).toHaveLength(1)
	})
})
