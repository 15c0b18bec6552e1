import { parse } from 'csv-parse/sync'
import { describe, expect, test } from 'vitest'
import {
	euroAmount,
	organizationIdentifier,
	paymentPeriod,
	SCDL_COLUMNS,
	SCDL_OBJET_MAX,
	scdlCsv,
	scdlRows,
	threeSixtyGivingPackage,
	type OpenDataAward,
	type OpenDataMember,
	type OpenDataSource,
} from './open-data.ts'

const SOURCE: OpenDataSource = {
	funder: { id: 'f1', name: 'Fondation Rail Solidaire', siret: '12345678900017', siren: '123456789' },
	call: {
		id: 'c1',
		title: 'Vivre ensemble 2026',
		decisionOn: '2026-06-15',
		projectStartsOn: '2026-09-01',
		projectEndsOn: '2027-06-30',
		evaluationDueOn: '2027-09-30',
		planTriggers: ['signature', 'final_evaluation'],
	},
}

function member(overrides: Partial<OpenDataMember> & Pick<OpenDataMember, 'organizationId' | 'name'>): OpenDataMember {
	return { siret: null, siren: null, rna: null, role: 'co_carrier', grantShareCents: null, postalCode: null, commune: null, departement: null, ...overrides }
}

/** Three associations, the grant split 5 000 / 3 000 / 2 000 €, agreement signed, first tranche paid. */
const SPLIT: OpenDataAward = {
	applicationId: 'app-a',
	reference: 'AAAA000001',
	title: 'Veillées de contes croisés',
	summary: 'Des veillées entre générations.',
	amountGrantedCents: 1_000_000,
	decidedAt: new Date('2026-06-20T10:00:00Z'),
	// 00:30 in Paris on 4 July.
	agreementSignedAt: new Date('2026-07-03T22:30:00Z'),
	tranches: [
		{ trigger: 'signature', amountCents: 700_000, triggeredAt: new Date('2026-07-03T22:30:00Z'), paidOn: new Date('2026-08-10T09:00:00Z'), paidAmountCents: 700_000 },
		{ trigger: 'final_evaluation', amountCents: 300_000, triggeredAt: null, paidOn: null, paidAmountCents: null },
	],
	members: [
		member({ organizationId: 'o1', name: 'Les Jardiniers', role: 'lead', siret: '78467169500087', siren: '784671695', rna: 'W691000001', grantShareCents: 500_000, postalCode: '69003', commune: 'Lyon', departement: '69' }),
		member({ organizationId: 'o2', name: 'Contes en partage', siret: '44306184100047', siren: '443061841', grantShareCents: 300_000, departement: '42' }),
		member({ organizationId: 'o3', name: 'Mémoires vives', siret: '52483921700012', siren: null, grantShareCents: 200_000, departement: '69' }),
	],
}

/** Two associations, no split (the lead is paid), agreement not drawn up; the partner has only an RNA number. */
const NO_SPLIT: OpenDataAward = {
	applicationId: 'app-b',
	reference: 'BBBB000002',
	title: 'Le foot des filles et des garçons',
	summary: '',
	amountGrantedCents: 750_050,
	decidedAt: new Date('2026-06-20T10:00:00Z'),
	agreementSignedAt: null,
	tranches: [],
	members: [
		member({ organizationId: 'o4', name: 'Foot pour toutes', role: 'lead', siret: '81234567800015', siren: '812345678', departement: '38' }),
		member({ organizationId: 'o5', name: 'Quartiers en jeu', rna: 'W381000123' }),
	],
}

describe('SCDL « subventions » : une ligne par association bénéficiaire', () => {
	test('un consortium de trois avec une répartition : trois lignes, le montant total et la part de chacune', () => {
		const rows = scdlRows([SPLIT], SOURCE)
		expect(rows).toHaveLength(3)
		expect(rows.map((r) => [r.nomBeneficiaire, r.idBeneficiaire, r.rnaBeneficiaire, r.montant, r.pourcentageSubvention])).toEqual([
			['Les Jardiniers', '78467169500087', 'W691000001', '10000.00', '0.5'],
			['Contes en partage', '44306184100047', '', '10000.00', '0.3'],
			['Mémoires vives', '52483921700012', '', '10000.00', '0.2'],
		])
		expect(rows[0]).toEqual({
			nomAttribuant: 'Fondation Rail Solidaire',
			idAttribuant: '12345678900017',
			// The agreement's signature, on the Paris calendar.
			dateConvention: '2026-07-04',
			referenceDecision: 'AAAA000001',
			nomBeneficiaire: 'Les Jardiniers',
			idBeneficiaire: '78467169500087',
			rnaBeneficiaire: 'W691000001',
			objet: 'Veillées de contes croisés — projet co-porté par 3 associations, chef de file : Les Jardiniers',
			montant: '10000.00',
			nature: 'aide en numéraire',
			conditionsVersement: 'échelonné',
			// First tranche paid on 10 August; the balance planned 60 days after the evaluation's due date (30 September 2027).
			datesPeriodeVersement: '2026-08-10/2027-11-29',
			idRAE: '',
			notificationUE: 'non',
			pourcentageSubvention: '0.5',
			dispositifAide: '',
		})
	})

	test('sans répartition : le chef de file reçoit 100 %, le co-porteur figure à 0 et l’objet dit qui est payé', () => {
		const rows = scdlRows([NO_SPLIT], SOURCE)
		expect(rows.map((r) => [r.nomBeneficiaire, r.montant, r.pourcentageSubvention])).toEqual([
			['Foot pour toutes', '7500.50', '1'],
			['Quartiers en jeu', '7500.50', '0'],
		])
		expect(rows[1]!.objet).toBe('Le foot des filles et des garçons — projet co-porté par 2 associations, chef de file : Foot pour toutes ; subvention versée au chef de file')
		// No agreement signed: the decision's date; no tranche drawn up: the call's plan (signature, then the balance).
		expect(rows[0]!.dateConvention).toBe('2026-06-20')
		expect(rows[0]!.conditionsVersement).toBe('échelonné')
		expect(rows[0]!.datesPeriodeVersement).toBe('2026-06-20/2027-11-29')
	})

	test('une association qui n’a qu’un numéro RNA : SIRET vide, RNA renseigné', () => {
		const [, partner] = scdlRows([NO_SPLIT], SOURCE)
		expect(partner!.idBeneficiaire).toBe('')
		expect(partner!.rnaBeneficiaire).toBe('W381000123')
	})

	test('un financeur sans SIRET : idAttribuant vide, rien d’inventé', () => {
		const rows = scdlRows([NO_SPLIT], { ...SOURCE, funder: { id: 'f2', name: 'Fondation sans numéro', siret: null, siren: null } })
		expect(rows.map((r) => [r.nomAttribuant, r.idAttribuant])).toEqual([
			['Fondation sans numéro', ''],
			['Fondation sans numéro', ''],
		])
	})

	test('un versement unique payé : « unique » et sa date ; une tranche versée mais non payée : son échéance à 60 jours', () => {
		const once: OpenDataAward = {
			...SPLIT,
			tranches: [{ trigger: 'signature', amountCents: 1_000_000, triggeredAt: new Date('2026-07-03T22:30:00Z'), paidOn: new Date('2026-07-15T08:00:00Z'), paidAmountCents: 1_000_000 }],
		}
		const [row] = scdlRows([once], SOURCE)
		expect([row!.conditionsVersement, row!.datesPeriodeVersement]).toEqual(['unique', '2026-07-15'])
		// Released at 00:30 Paris on 4 July, unpaid: due 60 days later, 2 September.
		const released: OpenDataAward = { ...once, tranches: [{ ...once.tranches[0]!, paidOn: null, paidAmountCents: null }] }
		expect(paymentPeriod(released, SOURCE.call)).toBe('2026-09-02/2026-09-02')
	})

	test('un objet trop long est raccourci à 255 caractères, le consortium toujours nommé ; une formule reste du texte', () => {
		const [row] = scdlRows([{ ...SPLIT, title: 'a'.repeat(400) }], SOURCE)
		expect(row!.objet).toHaveLength(SCDL_OBJET_MAX)
		expect(row!.objet.endsWith('… — projet co-porté par 3 associations, chef de file : Les Jardiniers')).toBe(true)
		const [hostile] = scdlRows([{ ...SPLIT, title: '=HYPERLINK("http://x")' }], SOURCE)
		expect(hostile!.objet.startsWith('\'=HYPERLINK')).toBe(true)
	})

	test('le CSV : UTF-8 sans BOM, virgules, l’en-tête dans l’ordre du schéma, relu tel quel', () => {
		const csv = scdlCsv(scdlRows([SPLIT, NO_SPLIT], SOURCE))
		expect(csv.charCodeAt(0)).not.toBe(0xfeff)
		expect(csv.split('\r\n')[0]).toBe(
			'nomAttribuant,idAttribuant,dateConvention,referenceDecision,nomBeneficiaire,idBeneficiaire,rnaBeneficiaire,objet,montant,nature,conditionsVersement,datesPeriodeVersement,idRAE,notificationUE,pourcentageSubvention,dispositifAide',
		)
		const records = parse(csv, { columns: true }) as Record<string, string>[]
		expect(records).toHaveLength(5)
		expect(Object.keys(records[0]!)).toEqual([...SCDL_COLUMNS])
		expect(records.map((r) => r.pourcentageSubvention)).toEqual(['0.5', '0.3', '0.2', '1', '0'])
	})

	test('chaque ligne suit les motifs du schéma (SIRET, RNA, dates, montant, valeurs permises)', () => {
		for (const row of scdlRows([SPLIT, NO_SPLIT], SOURCE)) {
			expect(row.idAttribuant).toMatch(/^\d{14}$/)
			expect(row.dateConvention).toMatch(/^\d{4}-\d{2}-\d{2}$/)
			// One of the two identifiers of the beneficiary (the schema's one-of-required).
			expect(row.idBeneficiaire || row.rnaBeneficiaire).not.toBe('')
			if (row.idBeneficiaire) expect(row.idBeneficiaire).toMatch(/^\d{14}$/)
			if (row.rnaBeneficiaire) expect(row.rnaBeneficiaire).toMatch(/^W\d{9}$/)
			expect(row.objet.length).toBeLessThan(256)
			expect(row.montant).toMatch(/^\d+\.\d{2}$/)
			expect(['aide en numéraire', 'aide en nature']).toContain(row.nature)
			expect(['unique', 'échelonné']).toContain(row.conditionsVersement)
			expect(row.datesPeriodeVersement).toMatch(/^[0-9]{4}-[0-9]{2}-[0-9]{2}(\/[0-9]{4}-[0-9]{2}-[0-9]{2})?$/)
			expect(['oui', 'non']).toContain(row.notificationUE)
			expect(Number(row.pourcentageSubvention)).toBeGreaterThanOrEqual(0)
			expect(Number(row.pourcentageSubvention)).toBeLessThanOrEqual(1)
		}
	})

	test('les montants : des euros avec un point et deux décimales', () => {
		expect([euroAmount(1_000_000), euroAmount(750_050), euroAmount(5), euroAmount(0)]).toEqual(['10000.00', '7500.50', '0.05', '0.00'])
	})
})

describe('360Giving : une subvention par consortium', () => {
	const NOW = new Date('2027-01-15T12:00:00Z')

	test('le consortium de trois : une subvention, trois organisations bénéficiaires, le chef de file d’abord', () => {
		const data = threeSixtyGivingPackage([SPLIT, NO_SPLIT], SOURCE, NOW)
		expect(data.grants).toHaveLength(2)
		expect(data.publisher).toEqual({ name: 'Fondation Rail Solidaire', identifier: 'FR-RCS-123456789' })
		expect(data.issued).toBe('2027-01-15T12:00:00.000Z')
		const [grant] = data.grants
		expect(grant).toMatchObject({
			id: '360G-ensemble-f1-app-a',
			title: 'Veillées de contes croisés',
			currency: 'EUR',
			amountAwarded: 10000,
			amountDisbursed: 7000,
			awardDate: '2026-06-20',
			plannedDates: [{ startDate: '2026-09-01', endDate: '2027-06-30' }],
			fundingOrganization: [{ id: 'FR-RCS-123456789', name: 'Fondation Rail Solidaire' }],
			grantProgramme: [{ code: '360G-ensemble-f1-appel-c1', title: 'Vivre ensemble 2026' }],
			fromOpenCall: 'Yes',
			beneficiaryLocation: [
				{ name: 'Département 42', countryCode: 'FR', geoCode: '42' },
				{ name: 'Département 69', countryCode: 'FR', geoCode: '69' },
			],
		})
		expect(grant!.recipientOrganization).toEqual([
			{ id: 'FR-RCS-784671695', name: 'Les Jardiniers', postalCode: '69003', addressLocality: 'Lyon', addressCountry: 'FR' },
			{ id: 'FR-RCS-443061841', name: 'Contes en partage', addressCountry: 'FR' },
			// No SIREN recorded: the first nine digits of its SIRET.
			{ id: 'FR-RCS-524839217', name: 'Mémoires vives', addressCountry: 'FR' },
		])
		expect(grant!.description).toMatch(/^Des veillées entre générations\. Projet co-porté par Les Jardiniers \(chef de file\), Contes en partage, Mémoires vives\. Répartition de la subvention : Les Jardiniers 5\s000,00\s€/)
	})

	test('sans répartition : la description dit que le chef de file est payé ; l’association à RNA seul a un identifiant sous le préfixe du financeur', () => {
		const [, grant] = threeSixtyGivingPackage([SPLIT, NO_SPLIT], SOURCE, NOW).grants
		expect(grant!.description).toBe('Projet co-porté par Foot pour toutes (chef de file), Quartiers en jeu. La subvention est versée à l’association chef de file.')
		expect(grant!.amountAwarded).toBe(7500.5)
		expect(grant!.amountDisbursed).toBe(0)
		expect(grant!.recipientOrganization.map((o) => o.id)).toEqual(['FR-RCS-812345678', '360G-ensemble-f1-RNA-W381000123'])
	})

	test('un financeur sans SIRET : identifié sous son préfixe ; une association sans aucun numéro : par son identifiant interne', () => {
		const data = threeSixtyGivingPackage([NO_SPLIT], { ...SOURCE, funder: { id: 'f2', name: 'Fondation sans numéro', siret: null, siren: null } }, NOW)
		expect(data.grants[0]!.fundingOrganization).toEqual([{ id: '360G-ensemble-f2', name: 'Fondation sans numéro' }])
		expect(data.grants[0]!.id).toBe('360G-ensemble-f2-app-b')
		expect(organizationIdentifier({ organizationId: 'o9', siren: null, siret: null, rna: null }, '360G-ensemble-f2')).toBe('360G-ensemble-f2-o9')
	})

	test('aucun dossier retenu : un paquet sans subvention', () => {
		expect(threeSixtyGivingPackage([], SOURCE, NOW).grants).toEqual([])
		expect(scdlRows([], SOURCE)).toEqual([])
	})
})
