import { describe, expect, test } from 'vitest'
import { checkScores, EvaluationSchema, progressOf, seesOthersScores, weightedScore } from './evaluation.ts'

const grid = [
	{ id: 'c1', label: 'Coopération', scaleMax: 5, weight: 2 },
	{ id: 'c2', label: 'Ancrage', scaleMax: 10, weight: 1 },
]
const input = (scores: { criterionId: string; value: number | null }[]) => ({ version: 1, generalOpinion: '', scores: scores.map((s) => ({ ...s, comment: '' })) })

describe('évaluation d’un juré : règles', () => {
	test('la règle « à l’aveugle » : jamais, après l’envoi de la sienne, toujours', () => {
		expect([seesOthersScores('never', false), seesOthersScores('never', true)]).toEqual([false, false])
		expect([seesOthersScores('after_sending', false), seesOthersScores('after_sending', true)]).toEqual([false, true])
		expect([seesOthersScores('always', false), seesOthersScores('always', true)]).toEqual([true, true])
	})

	test('l’avancement : à faire, en cours dès le premier enregistrement, envoyée', () => {
		expect(progressOf({ startedAt: null, submittedAt: null })).toBe('todo')
		expect(progressOf({ startedAt: new Date(), submittedAt: null })).toBe('in_progress')
		expect(progressOf({ startedAt: new Date(), submittedAt: new Date() })).toBe('sent')
	})

	test('les notes : dans l’échelle de chaque critère, chaque critère connu une fois ; à l’envoi, toutes données', () => {
		expect(checkScores(grid, input([{ criterionId: 'c1', value: 5 }, { criterionId: 'c2', value: null }]), { complete: false })).toEqual([])
		expect(checkScores(grid, input([{ criterionId: 'c1', value: 6 }]), { complete: false })).toEqual([{ field: 'scores[0].value', message: 'La note va de 0 à 5.' }])
		expect(checkScores(grid, input([{ criterionId: 'c1', value: 5 }, { criterionId: 'c2', value: null }]), { complete: true })).toEqual([
			{ field: 'scores[1].value', message: 'Donnez une note à ce critère avant d’envoyer.' },
		])
		expect(checkScores(grid, input([{ criterionId: 'c1', value: 5 }]), { complete: true })).toHaveLength(1)
		expect(checkScores(grid, input([{ criterionId: 'x', value: 1 }, { criterionId: 'c1', value: 1 }, { criterionId: 'c1', value: 1 }]), { complete: false })).toEqual([
			{ field: null, message: 'Le formulaire ne correspond plus à la grille de l’appel : rechargez la page.' },
		])
	})

	test('le formulaire : une note vide est « pas encore notée », une note qui n’est pas un entier est refusée', () => {
		const parsed = EvaluationSchema.safeParse({ intent: 'save', version: '3', scores: [{ criterionId: 'c1', value: '' }, { criterionId: 'c2', value: ' 7 ' }] })
		expect(parsed.success && parsed.data.scores.map((s) => s.value)).toEqual([null, 7])
		for (const value of ['quatre', '-1', '2,5', '1e3', '99999']) {
			expect(EvaluationSchema.safeParse({ intent: 'save', version: '1', scores: [{ criterionId: 'c1', value }] }).success, value).toBe(false)
		}
	})

	test('la note pondérée sur 100, seulement quand tout est noté', () => {
		expect(weightedScore(grid, new Map([['c1', 5], ['c2', 10]]))).toBe(100)
		expect(weightedScore(grid, new Map([['c1', 0], ['c2', 10]]))).toBe(33.3)
		expect(weightedScore(grid, new Map([['c1', 5], ['c2', null]]))).toBeNull()
	})
})
