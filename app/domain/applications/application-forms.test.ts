import { parseWithZod } from '@conform-to/zod'
import { describe, expect, test } from 'vitest'
import { answersSchema, BudgetSchema, ProjectSchema, textLimit } from './application-forms.ts'
import type { CallQuestion } from './rules.ts'

function form(fields: Record<string, string>) {
	const data = new FormData()
	for (const [name, value] of Object.entries(fields)) data.append(name, value)
	return data
}

const number: CallQuestion = { id: 'q1', label: 'Combien ?', type: 'number', required: false, maxLength: null, choices: null }

describe('formulaires du dossier', () => {
	test('question numérique : « 1.234,5 » lu comme dans un montant, un nombre négatif refusé', () => {
		const schema = answersSchema([number])
		expect(parseWithZod(form({ version: '1', 'answers.q1': '1.234,5' }), { schema })).toMatchObject({ status: 'success', value: { answers: { q1: 1234.5 } } })
		const budget = parseWithZod(form({ version: '1', amountRequested: '1.234,5' }), { schema: BudgetSchema })
		expect(budget).toMatchObject({ status: 'success', value: { amountRequested: 123_450 } })
		const negative = parseWithZod(form({ version: '1', 'answers.q1': '-2' }), { schema })
		expect(negative.status).toBe('error')
		expect(negative.reply().error).toEqual({ 'answers.q1': ['Indiquez un nombre positif ou nul.'] })
	})

	test('texte court : la limite du financeur, jusqu’à 500 caractères', () => {
		expect(textLimit({ type: 'short_text', maxLength: 500 })).toBe(500)
		expect(textLimit({ type: 'short_text', maxLength: null })).toBe(300)
	})

	test('une version hors des entiers de la base est refusée comme une page périmée', () => {
		for (const version of ['9007199254740993', '2147483648', '-1', '1.5']) {
			const submission = parseWithZod(form({ version, title: 'Un titre' }), { schema: ProjectSchema })
			expect(submission.reply().error, version).toEqual({ version: ['Rechargez la page.'] })
		}
	})

	test('une étape de l’échéancier en 1999 est refusée', () => {
		const submission = parseWithZod(form({ version: '1', title: 'Un titre', 'timetable[0].label': 'Lancement', 'timetable[0].date': '1999-09-01' }), {
			schema: ProjectSchema,
		})
		expect(submission.reply().error?.['timetable[0].date']?.[0]).toMatch(/^Cette date est trop ancienne/)
	})
})
