import { describe, expect, test } from 'vitest'
import { PastCallSchema } from './call-fields.ts'

const errorsOf = (input: Record<string, string>) => {
	const result = PastCallSchema.safeParse(input)
	return result.success ? {} : result.error.flatten().fieldErrors
}

describe('les champs de l’appel importé', () => {
	test('l’année donne le 31 décembre, la date de clôture son jour ; l’enveloppe en centimes', () => {
		expect(PastCallSchema.parse({ title: ' Vivre ensemble 2012 ', year: '2012', envelope: '150 000' })).toEqual({
			title: 'Vivre ensemble 2012',
			deadlineAt: new Date('2012-12-31T12:00:00Z'),
			envelopeCents: 15_000_000,
			funderId: null,
		})
		expect(PastCallSchema.parse({ title: 'A', year: '2012', closingDate: '2012-03-31', funderId: 'f1' })).toMatchObject({ deadlineAt: new Date('2012-03-31T12:00:00Z'), envelopeCents: null, funderId: 'f1' })
	})

	test('chaque champ faux a son message, tous à la fois', () => {
		expect(errorsOf({ envelope: 'beaucoup' })).toEqual({
			title: ['Indiquez le titre de l’appel.'],
			year: ['Indiquez l’année de l’appel ou sa date de clôture.'],
			envelope: ['Indiquez l’enveloppe en euros, en chiffres (par exemple 150 000).'],
		})
		expect(errorsOf({ title: 'A', year: '1850' }).year).toEqual([`Indiquez une année entre 1990 et ${new Date().getUTCFullYear()}.`])
		expect(errorsOf({ title: 'A', closingDate: '2012-02-30' }).closingDate).toEqual(['Indiquez une date valide.'])
		expect(errorsOf({ title: 'A', closingDate: '2999-01-01' }).closingDate).toEqual(['La date de clôture d’un appel passé est… passée : vérifiez-la.'])
		expect(errorsOf({ title: 'A', year: '2013', closingDate: '2012-06-30' }).closingDate).toEqual(['Cette date n’est pas en 2013 : gardez l’année ou la date, ou accordez-les.'])
		expect(errorsOf({ title: 'x'.repeat(201), year: '2012' }).title).toEqual(['Le titre compte 200 caractères au plus.'])
	})
})
