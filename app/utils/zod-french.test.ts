import { parseWithZod } from '@conform-to/zod'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { z } from 'zod'
import { formatNumber } from './format.ts'
import { frenchErrorMap, installFrenchErrorMap } from './zod-french.ts'

const messagesOf = (schema: z.ZodTypeAny, value: unknown) => {
	const result = schema.safeParse(value)
	if (result.success) throw new Error('attendu : une erreur')
	return result.error.issues.map((issue) => issue.message)
}

describe('the French error map', () => {
	const before = z.getErrorMap()
	beforeAll(() => installFrenchErrorMap())
	afterAll(() => z.setErrorMap(before))

	test('is installed once, whatever the number of calls', () => {
		installFrenchErrorMap()
		expect(z.getErrorMap()).toBe(frenchErrorMap)
	})

	test('answers a forged intent with a French message, without echoing the value', () => {
		const schema = z.object({ intent: z.enum(['start-jury', 'close']) })
		const [message] = messagesOf(schema, { intent: '<script>alert(1)</script>' })
		expect(message).toBe('Choisissez une des options proposées.')
		expect(messagesOf(z.literal('oui'), 'non')).toEqual(['Choisissez une des options proposées.'])
	})

	test('names a missing field, and a value of the wrong type', () => {
		expect(messagesOf(z.object({ title: z.string() }), {})).toEqual(['Ce champ est obligatoire.'])
		expect(messagesOf(z.number(), 'douze')).toEqual(['Cette valeur n’est pas du type attendu.'])
		expect(messagesOf(z.coerce.number(), 'douze')).toEqual(['Cette valeur n’est pas du type attendu.'])
	})

	test('gives the bounds of texts, numbers and lists, in French', () => {
		expect(messagesOf(z.string().min(1), '')).toEqual(['Ce champ est obligatoire.'])
		expect(messagesOf(z.string().min(3), 'a')).toEqual(['Écrivez au moins 3 caractères.'])
		expect(messagesOf(z.string().max(100), 'x'.repeat(101))).toEqual(['Écrivez au plus 100 caractères.'])
		expect(messagesOf(z.string().max(1), 'xy')).toEqual(['Écrivez au plus 1 caractère.'])
		expect(messagesOf(z.coerce.number().int().min(0), '-1')).toEqual(['La valeur doit être supérieure ou égale à 0.'])
		expect(messagesOf(z.number().max(10_000), 20_000)).toEqual([`La valeur doit être inférieure ou égale à ${formatNumber(10_000)}.`])
		expect(messagesOf(z.number().positive(), 0)).toEqual(['La valeur doit être strictement supérieure à 0.'])
		expect(messagesOf(z.array(z.string()).min(2), ['a'])).toEqual(['Choisissez au moins 2 éléments.'])
		expect(messagesOf(z.array(z.string()).max(1), ['a', 'b'])).toEqual(['Choisissez au plus 1 élément.'])
		expect(messagesOf(z.number().multipleOf(5), 7)).toEqual(['La valeur doit être un multiple de 5.'])
	})

	test('explains the formats of e-mails, addresses, identifiers and dates', () => {
		expect(messagesOf(z.string().email(), 'pas-une-adresse')).toEqual(['Saisissez une adresse e-mail valide (par exemple nom@exemple.fr).'])
		expect(messagesOf(z.string().url(), 'ici')).toEqual(['Saisissez une adresse web valide (commençant par https://).'])
		expect(messagesOf(z.string().uuid(), '42')).toEqual(['Cet identifiant n’est pas valide : rechargez la page.'])
		expect(messagesOf(z.string().datetime(), 'demain')).toEqual(['Saisissez une date valide.'])
		expect(messagesOf(z.coerce.date(), 'jamais')).toEqual(['Saisissez une date valide.'])
		expect(messagesOf(z.string().regex(/^\d{5}$/), '7500')).toEqual(['Le format de cette valeur n’est pas valide.'])
		expect(messagesOf(z.string().refine(() => false), 'x')).toEqual(['Cette valeur n’est pas valide.'])
	})

	test('leaves the messages a schema writes itself', () => {
		expect(messagesOf(z.string().min(1, 'Donnez un titre au projet.'), '')).toEqual(['Donnez un titre au projet.'])
		const decision = z.enum(['admissible', 'inadmissible'], { errorMap: () => ({ message: 'Choisissez « recevable » ou « irrecevable ».' }) })
		expect(messagesOf(decision, 'peut-être')).toEqual(['Choisissez « recevable » ou « irrecevable ».'])
		expect(messagesOf(z.string({ required_error: 'Indiquez votre nom.' }), undefined)).toEqual(['Indiquez votre nom.'])
	})

	test('reaches the fields of a form parsed by Conform', () => {
		const formData = new FormData()
		formData.set('intent', 'inconnue')
		formData.set('amount', '-5')
		const submission = parseWithZod(formData, { schema: z.object({ intent: z.enum(['save']), amount: z.number().min(0), title: z.string() }) })
		expect(submission.status).toBe('error')
		expect(submission.reply().error).toEqual({
			intent: ['Choisissez une des options proposées.'],
			amount: ['La valeur doit être supérieure ou égale à 0.'],
			title: ['Ce champ est obligatoire.'],
		})
	})
})
