import { describe, expect, test } from 'vitest'
import { consortiumPartProblems, type ConsortiumPart, type ReportPlan, SECTION_SCHEMAS } from './consortium-part.ts'

const plan: ReportPlan = {
	timetable: [{ label: 'Lancement', date: '2027-09-01' }],
	indicators: [{ label: 'Participants', target: '80' }],
	expectedParticipants: 80,
	charges: [{ account: '64', label: 'Animatrice', amountCents: 1_000_000 }],
	products: [{ account: '74', label: 'Ville de Grenoble', amountCents: 400_000 }],
}

const complete = (): ConsortiumPart => ({
	realisation: SECTION_SCHEMAS.realisation.parse({ whatWasDone: 'Douze ateliers.', timetable: [{ actualDate: '2027-09-08', note: 'Une semaine de retard.' }] }),
	publics: SECTION_SCHEMAS.publics.parse({ publicsReached: 'Des familles du quartier.', participantsReached: '92' }),
	indicateurs: SECTION_SCHEMAS.indicateurs.parse({ indicators: [{ reached: '92', comment: '' }] }),
	difficultes: SECTION_SCHEMAS.difficultes.parse({ difficultiesMet: 'oui', temps: 'Agendas communs fixés trois mois à l’avance.' }),
	financier: SECTION_SCHEMAS.financier.parse({ charges: [{ actual: '1 050 000', explanation: '' }], products: [{ actual: '4 000', explanation: '' }], coFunders: [] }),
})

describe('partie du consortium', () => {
	test('les sections lisent les saisies françaises et refusent le reste avec un message', () => {
		expect(complete().financier!.charges[0]!.actual).toBe(105_000_000)
		expect(complete().publics!.participantsReached).toBe(92)
		const bad = SECTION_SCHEMAS.publics.safeParse({ participantsReached: 'beaucoup' })
		expect(bad.success ? '' : bad.error.issues[0]!.message).toBe('Indiquez un nombre entier de personnes.')
		const date = SECTION_SCHEMAS.realisation.safeParse({ timetable: [{ actualDate: '2027-13-45' }] })
		expect(date.success ? '' : date.error.issues[0]!.message).toBe('Indiquez une date valide.')
		expect(SECTION_SCHEMAS.difficultes.safeParse({ difficultiesMet: 'peut-être' }).success).toBe(false)
		// A day that does not exist is not rolled over to the next month.
		expect(SECTION_SCHEMAS.realisation.safeParse({ timetable: [{ actualDate: '2027-02-30' }] }).success).toBe(false)
	})

	test('complète contre le plan du dossier ; un écart de plus de 15 % sans explication est signalé dans sa ligne', () => {
		const part = complete()
		// 1 050 000 € against 10 000 € planned: far above the threshold, no explanation.
		expect(consortiumPartProblems(part, plan, 15)).toEqual([
			{ section: 'financier', field: 'charges[0].explanation', message: 'L’écart de « Animatrice » dépasse 15 % : expliquez-le.' },
		])
		part.financier = SECTION_SCHEMAS.financier.parse({ charges: [{ actual: '10 500', explanation: '' }], products: [{ actual: '4 000', explanation: '' }] })
		expect(consortiumPartProblems(part, plan, 15)).toEqual([])
		expect(consortiumPartProblems({}, plan, 15).map((p) => `${p.section}:${p.field}`)).toEqual([
			'realisation:whatWasDone',
			'realisation:timetable[0].actualDate',
			'publics:publicsReached',
			'publics:participantsReached',
			'indicateurs:indicators[0].reached',
			'difficultes:difficultiesMet',
			'financier:charges[0].actual',
			'financier:products[0].actual',
		])
		part.difficultes = SECTION_SCHEMAS.difficultes.parse({ difficultiesMet: 'oui' })
		expect(consortiumPartProblems(part, plan, 15)).toEqual([{ section: 'difficultes', field: 'difficultiesMet', message: 'Décrivez au moins une difficulté rencontrée et ce qui a été fait.' }])
	})
})
