import { describe, expect, test } from 'vitest'
import { checkCalendarOrder, publishBlockers, slugify, uniqueKey, type Calendar } from './call-rules.ts'
import { parisLocalToUtc } from './paris-time.ts'

const empty: Calendar = {
	opensAt: null,
	deadlineAt: null,
	juryStartsOn: null,
	juryEndsOn: null,
	decisionOn: null,
	projectStartsOn: null,
	projectEndsOn: null,
	evaluationDueOn: null,
}

const full: Calendar = {
	opensAt: parisLocalToUtc('2026-01-05', '00:00'),
	deadlineAt: parisLocalToUtc('2026-03-31', '12:00'),
	juryStartsOn: '2026-04-15',
	juryEndsOn: '2026-05-15',
	decisionOn: '2026-06-01',
	projectStartsOn: '2026-09-01',
	projectEndsOn: '2027-06-30',
	evaluationDueOn: '2027-09-30',
}

describe('checkCalendarOrder', () => {
	test('un calendrier dans l’ordre, ou vide, ne donne aucune erreur', () => {
		expect(checkCalendarOrder(full)).toEqual({})
		expect(checkCalendarOrder(empty)).toEqual({})
	})

	test('les égalités permises : fin du jury = début, décision = fin du jury, début des projets = décision, évaluation = fin', () => {
		expect(
			checkCalendarOrder({ ...full, juryEndsOn: '2026-04-15', decisionOn: '2026-04-15', projectStartsOn: '2026-04-15', evaluationDueOn: '2027-06-30' }),
		).toEqual({})
	})

	test('les égalités interdites : ouverture = date limite, jury le jour de la date limite, fin des projets = début', () => {
		const deadline = parisLocalToUtc('2026-03-31', '12:00')
		expect(checkCalendarOrder({ ...full, opensAt: deadline })).toEqual({ deadlineDate: 'La date limite de dépôt doit venir après l’ouverture des dépôts.' })
		expect(checkCalendarOrder({ ...full, juryStartsOn: '2026-03-31' })).toEqual({ juryStartsOn: 'Le début du jury doit venir après la date limite de dépôt.' })
		expect(checkCalendarOrder({ ...full, projectEndsOn: '2026-09-01', evaluationDueOn: null })).toEqual({
			projectEndsOn: 'La fin des projets doit venir après le début des projets.',
		})
	})

	test('chaque étape en désordre porte son message', () => {
		expect(checkCalendarOrder({ ...full, juryEndsOn: '2026-04-14' })).toEqual({
			juryEndsOn: 'La fin du jury ne peut pas précéder le début du jury.',
		})
		expect(checkCalendarOrder({ ...full, decisionOn: '2026-05-14' })).toEqual({ decisionOn: 'La date de décision ne peut pas précéder la fin du jury.' })
		expect(checkCalendarOrder({ ...full, evaluationDueOn: '2027-06-29' })).toEqual({
			evaluationDueOn: 'La remise des évaluations ne peut pas précéder la fin des projets.',
		})
	})

	test('une étape vide est sautée, et le lien devient strict s’il l’est en chemin', () => {
		// No jury dates: the decision is compared with the deadline, strictly (deadline < jury start ≤ … ≤ decision).
		const calendar = { ...full, juryStartsOn: null, juryEndsOn: null }
		expect(checkCalendarOrder({ ...calendar, decisionOn: '2026-04-01' })).toEqual({})
		expect(checkCalendarOrder({ ...calendar, decisionOn: '2026-03-31' })).toEqual({
			decisionOn: 'La date de décision doit venir après la date limite de dépôt.',
		})
		// Only the project period: start = end is refused.
		expect(checkCalendarOrder({ ...empty, projectStartsOn: '2026-09-01', projectEndsOn: '2026-09-01' })).toEqual({
			projectEndsOn: 'La fin des projets doit venir après le début des projets.',
		})
	})

	test('la date limite se compare au jury en jour de Paris (23 h 30 le 31 mars, jury le 1er avril)', () => {
		// 23:30 in Paris on 31 March is 21:30 UTC: still 31 March in Paris.
		expect(checkCalendarOrder({ ...full, deadlineAt: parisLocalToUtc('2026-03-31', '23:30'), juryStartsOn: '2026-04-01' })).toEqual({})
		expect(checkCalendarOrder({ ...full, deadlineAt: parisLocalToUtc('2026-04-01', '00:30'), juryStartsOn: '2026-04-01' })).toEqual({
			juryStartsOn: 'Le début du jury doit venir après la date limite de dépôt.',
		})
	})
})

describe('publishBlockers', () => {
	const now = new Date('2026-02-01T10:00:00Z')
	const complete = {
		title: 'Vivre ensemble 2026',
		presentation: 'Présentation.',
		themeCount: 1,
		deadlineAt: full.deadlineAt,
		envelopeCents: 15_000_000,
		calendar: full,
	}

	test('un appel complet peut être publié', () => {
		expect(publishBlockers(complete, now)).toEqual([])
	})

	test('nomme chaque manque', () => {
		expect(publishBlockers({ ...complete, title: ' ', presentation: '', themeCount: 0, deadlineAt: null, envelopeCents: null }, now)).toEqual([
			'Donnez un titre à l’appel.',
			'Rédigez la présentation de l’appel.',
			'Indiquez au moins un thème.',
			'Fixez la date et l’heure limites de dépôt.',
			'Indiquez l’enveloppe budgétaire de l’appel.',
		])
	})

	test('refuse une date limite passée ou égale à maintenant', () => {
		expect(publishBlockers({ ...complete, deadlineAt: now }, now)).toEqual(['La date limite de dépôt est passée : choisissez une date à venir.'])
	})
})

describe('slugify et uniqueKey', () => {
	test('des clés en ASCII minuscule, sans accent ni apostrophe', () => {
		expect(slugify('Dernier rapport d’activité')).toBe('dernier-rapport-d-activite')
		expect(slugify('  RIB  ')).toBe('rib')
		expect(slugify('Statuts (à jour)')).toBe('statuts-a-jour')
		expect(slugify('Œuvre collective')).toBe('oeuvre-collective')
		expect(slugify('€€€')).toBe('piece')
		expect(slugify('a'.repeat(39) + ' b c')).toBe('a'.repeat(39))
	})

	test('une clé déjà prise reçoit un suffixe', () => {
		expect(uniqueKey('Statuts', [])).toBe('statuts')
		expect(uniqueKey('Statuts', ['statuts'])).toBe('statuts-2')
		expect(uniqueKey('statuts !', ['statuts', 'statuts-2'])).toBe('statuts-3')
	})
})
