import { describe, expect, test } from 'vitest'
import { CreateAssociationSchema, InviteMemberSchema, parseEuroAmount, parseHeadcount } from './association-form.ts'

const valid = {
	name: 'Les Amis du Quartier',
	rna: 'W691234567',
	siret: '732 829 320 00074',
	addressLine: '12 rue de la République',
	postalCode: '69003',
	commune: 'Lyon',
	sector: 'culture',
	annualBudget: '135 000',
	employees: '2',
	volunteers: '25',
}

function errorsOf(input: Record<string, string | undefined>) {
	const result = CreateAssociationSchema.safeParse(input)
	if (result.success) return {}
	const errors: Record<string, string[]> = {}
	for (const issue of result.error.issues) (errors[issue.path.join('.')] ??= []).push(issue.message)
	return errors
}

describe('CreateAssociationSchema', () => {
	test('rend une association prête à enregistrer : SIRET sans espaces, budget en centimes, département', () => {
		const result = CreateAssociationSchema.safeParse(valid)
		expect(result.success).toBe(true)
		expect(result.data).toEqual({
			name: 'Les Amis du Quartier',
			rna: 'W691234567',
			localRegisterNumber: null,
			siret: '73282932000074',
			addressLine: '12 rue de la République',
			postalCode: '69003',
			commune: 'Lyon',
			departement: '69',
			sector: 'culture',
			annualBudgetCents: 13_500_000,
			employees: 2,
			volunteers: 25,
		})
	})

	test('un formulaire vide donne un message en français pour chaque champ obligatoire', () => {
		const errors = errorsOf({})
		for (const field of ['name', 'siret', 'addressLine', 'postalCode', 'commune', 'sector', 'annualBudget', 'employees', 'volunteers', 'rna']) {
			expect(errors[field]?.[0], field).toMatch(/^(Indiquez|Choisissez)/)
		}
		expect(errors.localRegisterNumber).toBeUndefined()
	})

	test('signale toutes les erreurs à la fois, y compris la règle RNA quand le SIRET est faux', () => {
		const errors = errorsOf({ ...valid, siret: '73282932000075', rna: undefined, annualBudget: 'beaucoup' })
		expect(errors.siret?.[0]).toContain('clé de contrôle')
		expect(errors.rna?.[0]).toContain('numéro RNA')
		expect(errors.annualBudget?.[0]).toContain('montant en euros')
	})

	test('hors Alsace-Moselle, le numéro RNA est obligatoire', () => {
		const errors = errorsOf({ ...valid, rna: '' })
		expect(errors.rna).toEqual(['Indiquez le numéro RNA de l’association (W suivi de 9 caractères, sur le récépissé de la préfecture).'])
	})

	test('hors Alsace-Moselle, le numéro du registre du tribunal est refusé avec une explication', () => {
		const errors = errorsOf({ ...valid, localRegisterNumber: 'Vol. 12 n° 34' })
		expect(errors.localRegisterNumber?.[0]).toContain('Alsace-Moselle')
	})

	test('un RNA mal formé est refusé sur son champ', () => {
		expect(errorsOf({ ...valid, rna: '691234567' }).rna?.[0]).toContain('commence par la lettre W')
	})

	test.each(['57000', '67000', '68100'])('en Alsace-Moselle (%s), le numéro du registre du tribunal remplace le RNA', (postalCode) => {
		const result = CreateAssociationSchema.safeParse({ ...valid, postalCode, rna: '', localRegisterNumber: 'Volume 45 n° 1234' })
		expect(result.success).toBe(true)
		expect(result.data?.rna).toBeNull()
		expect(result.data?.localRegisterNumber).toBe('Volume 45 n° 1234')
		expect(result.data?.departement).toBe(postalCode.slice(0, 2))
	})

	test('en Alsace-Moselle, un RNA suffit aussi', () => {
		const result = CreateAssociationSchema.safeParse({ ...valid, postalCode: '67000', rna: 'W673000123' })
		expect(result.success).toBe(true)
		expect(result.data?.localRegisterNumber).toBeNull()
	})

	test('en Alsace-Moselle, sans aucun des deux numéros, le message nomme le registre du tribunal', () => {
		const errors = errorsOf({ ...valid, postalCode: '67000', rna: '' })
		expect(errors.rna).toBeUndefined()
		expect(errors.localRegisterNumber?.[0]).toContain('registre des associations du tribunal')
	})

	test('code postal faux : le code postal est signalé, et l’identifiant manquant est demandé', () => {
		const errors = errorsOf({ ...valid, postalCode: '6900', rna: '' })
		expect(errors.postalCode?.[0]).toContain('5 chiffres')
		expect(errors.rna?.[0]).toContain('Alsace-Moselle')
	})

	test('un secteur hors liste est refusé', () => {
		expect(errorsOf({ ...valid, sector: 'pirates' }).sector?.[0]).toBe('Choisissez un secteur dans la liste.')
	})

	test('les effectifs sont des entiers positifs ou nuls', () => {
		expect(CreateAssociationSchema.safeParse({ ...valid, employees: '0', volunteers: '1 200' }).data).toMatchObject({ employees: 0, volunteers: 1200 })
		expect(errorsOf({ ...valid, employees: '-1' }).employees?.[0]).toContain('négatif')
		expect(errorsOf({ ...valid, volunteers: '2,5' }).volunteers?.[0]).toContain('sans décimale')
	})
})

describe('montants en euros', () => {
	test.each([
		['135 000', 13_500_000],
		['135000', 13_500_000],
		['135000,50', 13_500_050],
		['135 000,5', 13_500_050],
		['135\u202f000,00 €', 13_500_000],
		['135.000', 13_500_000],
		['1.234.567,89', 123_456_789],
		['1234.5', 123_450],
		['0', 0],
	])('« %s » vaut %i centimes', (input, cents) => {
		expect(parseEuroAmount(input)).toEqual({ ok: true, cents })
	})

	test.each([['-5', 'négatif'], ['12,345', 'montant en euros'], ['douze', 'montant en euros'], ['1 000 000 000 000', 'trop élevé']])(
		'« %s » est refusé (%s)',
		(input, message) => {
			const result = parseEuroAmount(input)
			expect(result.ok).toBe(false)
			if (!result.ok) expect(result.message).toContain(message)
		},
	)

	test('le budget négatif est refusé sur son champ', () => {
		expect(errorsOf({ ...valid, annualBudget: '-135 000' }).annualBudget?.[0]).toBe('Le montant ne peut pas être négatif.')
	})

	test('parseHeadcount refuse les lettres', () => {
		expect(parseHeadcount('deux', 'salariés').ok).toBe(false)
	})
})

describe('InviteMemberSchema', () => {
	test('normalise l’adresse et limite les rôles à membre et référent', () => {
		expect(InviteMemberSchema.parse({ intent: 'invite', email: ' Alex@Exemple.FR ', role: 'referent' })).toEqual({
			intent: 'invite',
			email: 'alex@exemple.fr',
			role: 'referent',
		})
		expect(InviteMemberSchema.safeParse({ intent: 'invite', email: 'alex@exemple.fr', role: 'staff' }).success).toBe(false)
	})
})
