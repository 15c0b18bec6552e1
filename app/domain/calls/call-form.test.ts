import { parseWithZod } from '@conform-to/zod'
import { describe, expect, test } from 'vitest'
import { CallEditSchema, CallSchema, CriteriaSchema, formatEuroInput, parseDateInput, parseTimeInput, QuestionsSchema, VERSION_MISSING } from './call-form.ts'

function errorOf(submission: { status?: string }): Record<string, string[] | null> | undefined {
	return 'error' in submission ? (submission.error as Record<string, string[] | null>) : undefined
}

function form(fields: Record<string, string>) {
	const data = new FormData()
	for (const [name, value] of Object.entries(fields)) data.append(name, value)
	return data
}

describe('CallSchema', () => {
	test('lit un appel complet : montants en centimes, date limite en heure de Paris, thèmes et pièces', () => {
		const submission = parseWithZod(
			form({
				title: '  Vivre   ensemble 2026 ',
				presentation: '## Objectifs\r\n- coopérer',
				minAssociations: '3',
				envelope: '150 000',
				maxAmountPerProject: '10000,50',
				opensOn: '05/01/2026',
				deadlineDate: '2026-03-31',
				deadlineTime: '12h',
				juryStartsOn: '2026-04-15',
				'themes[0].label': 'Intergénérationnel',
				'themes[1].label': '',
				'themes[2].id': 'abc',
				'themes[2].label': 'Interculturel',
				'attachments[0].label': 'Statuts',
				'attachments[0].givenBy': 'each',
				'attachments[1].label': '',
				'attachments[1].givenBy': 'lead',
			}),
			{ schema: CallSchema },
		)
		expect(submission.status).toBe('success')
		if (submission.status !== 'success') return
		expect(submission.value).toMatchObject({
			title: 'Vivre ensemble 2026',
			presentation: '## Objectifs\n- coopérer',
			minAssociations: 3,
			envelopeCents: 15_000_000,
			maxAmountPerProjectCents: 1_000_050,
			juryStartsOn: '2026-04-15',
			juryEndsOn: null,
			themes: [
				{ id: null, label: 'Intergénérationnel' },
				{ id: 'abc', label: 'Interculturel' },
			],
			requiredAttachments: [{ key: null, label: 'Statuts', givenBy: 'each' }],
		})
		expect(submission.value.opensAt?.toISOString()).toBe('2026-01-04T23:00:00.000Z')
		expect(submission.value.deadlineAt?.toISOString()).toBe('2026-03-31T10:00:00.000Z')
	})

	test('un brouillon n’exige que le titre ; minAssociations vaut 2 par défaut', () => {
		const submission = parseWithZod(form({ title: 'Brouillon' }), { schema: CallSchema })
		expect(submission.status).toBe('success')
		if (submission.status === 'success') expect(submission.value.minAssociations).toBe(2)
	})

	test('donne un message en français à côté de chaque champ en erreur', () => {
		const submission = parseWithZod(
			form({
				title: '',
				minAssociations: '1',
				envelope: '10 000',
				maxAmountPerProject: '20 000',
				deadlineDate: '2026-03-30',
				deadlineTime: '25:00',
				juryEndsOn: '31/02/2026',
				'themes[0].label': 'Interculturel',
				'themes[1].label': 'interculturel',
				'attachments[0].label': 'RIB',
				'attachments[0].givenBy': 'personne',
			}),
			{ schema: CallSchema },
		)
		expect(submission.status).toBe('error')
		expect(errorOf(submission)).toMatchObject({
			title: ['Indiquez le titre de l’appel à projets.'],
			minAssociations: [expect.stringContaining('au moins 2 associations')],
			maxAmountPerProject: [expect.stringContaining('ne peut pas dépasser l’enveloppe')],
			deadlineTime: [expect.stringContaining('heure valide')],
			juryEndsOn: [expect.stringContaining('date valide')],
			'themes[1].label': ['Ce thème figure déjà plus haut.'],
			'attachments[0].givenBy': [expect.stringContaining('Choisissez qui fournit')],
		})
	})

	test('refuse l’heure sautée du passage à l’heure d’été, et un calendrier en désordre', () => {
		const skipped = parseWithZod(form({ title: 'A', deadlineDate: '2026-03-29', deadlineTime: '02:30' }), { schema: CallSchema })
		expect(errorOf(skipped)?.deadlineTime?.[0]).toContain('n’existe pas')
		const disorder = parseWithZod(
			form({ title: 'A', deadlineDate: '2026-03-31', deadlineTime: '12:00', juryStartsOn: '2026-03-01', opensOn: '2026-04-01' }),
			{ schema: CallSchema },
		)
		expect(errorOf(disorder)).toMatchObject({
			deadlineDate: ['La date limite de dépôt doit venir après l’ouverture des dépôts.'],
			juryStartsOn: ['Le début du jury doit venir après la date limite de dépôt.'],
		})
	})

	test('une date limite sans heure, ou une heure sans date', () => {
		expect(errorOf(parseWithZod(form({ title: 'A', deadlineDate: '2026-03-31' }), { schema: CallSchema }))?.deadlineTime).toEqual([
			'Indiquez l’heure limite de dépôt (heure de Paris).',
		])
		expect(errorOf(parseWithZod(form({ title: 'A', deadlineTime: '12:00' }), { schema: CallSchema }))?.deadlineDate).toEqual([
			'Indiquez la date limite de dépôt.',
		])
	})
})

describe('CriteriaSchema et QuestionsSchema', () => {
	test('une grille : lignes vides ignorées, coefficient et note maximale par défaut', () => {
		const submission = parseWithZod(
			form({
				intent: 'save-criteria',
				version: '3',
				'criteria[0].label': 'Qualité de la coopération',
				'criteria[0].weight': '3',
				'criteria[0].scaleMax': '',
				'criteria[1].label': '',
				'criteria[1].weight': '1',
			}),
			{ schema: CriteriaSchema },
		)
		expect(submission.status === 'success' && submission.value).toEqual({
			version: 3,
			criteria: [{ id: null, label: 'Qualité de la coopération', description: '', weight: 3, scaleMax: 5 }],
		})
		const bad = parseWithZod(form({ intent: 'save-criteria', 'criteria[0].label': 'X', 'criteria[0].weight': '0' }), { schema: CriteriaSchema })
		expect(errorOf(bad)?.['criteria[0].weight']?.[0]).toContain('entre 1 et 100')
		expect(parseWithZod(form({}), { schema: CriteriaSchema }).status).toBe('error')
	})

	test('des questions de chaque type, avec leurs règles', () => {
		const submission = parseWithZod(
			form({
				intent: 'save-questions',
				version: '1',
				'questions[0].label': 'Décrivez le public',
				'questions[0].type': 'long_text',
				'questions[0].maxLength': '2 000',
				'questions[0].required': 'on',
				'questions[1].label': 'Quartier prioritaire ?',
				'questions[1].type': 'yes_no',
				'questions[2].label': 'Tranche d’âge',
				'questions[2].type': 'choice',
				'questions[2].choices': 'Enfants\r\nAdolescents\n\nSeniors\nEnfants',
				'questions[3].label': '',
				'questions[3].type': 'long_text',
				'questions[3].required': 'on',
			}),
			{ schema: QuestionsSchema },
		)
		expect(submission.status === 'success' && submission.value).toEqual({
			version: 1,
			questions: [
				{ id: null, label: 'Décrivez le public', type: 'long_text', required: true, maxLength: 2000, choices: null },
				{ id: null, label: 'Quartier prioritaire ?', type: 'yes_no', required: false, maxLength: null, choices: null },
				{ id: null, label: 'Tranche d’âge', type: 'choice', required: false, maxLength: null, choices: ['Enfants', 'Adolescents', 'Seniors'] },
			],
		})
		const bad = parseWithZod(
			form({
				intent: 'save-questions',
				'questions[0].label': 'Texte',
				'questions[0].type': 'long_text',
				'questions[1].label': 'Choix',
				'questions[1].type': 'choice',
				'questions[1].choices': 'Un seul',
				'questions[2].label': 'Nombre',
				'questions[2].type': 'number',
				'questions[2].maxLength': '10',
			}),
			{ schema: QuestionsSchema },
		)
		expect(errorOf(bad)).toMatchObject({
			'questions[0].maxLength': [expect.stringContaining('nombre maximum de caractères')],
			'questions[1].choices': [expect.stringContaining('au moins deux choix')],
			'questions[2].maxLength': [expect.stringContaining('videz ce champ')],
		})
	})

	test('au plus 20 questions', () => {
		const fields: Record<string, string> = { intent: 'save-questions' }
		for (let i = 0; i < 21; i++) {
			fields[`questions[${i}].label`] = `Question ${i}`
			fields[`questions[${i}].type`] = 'yes_no'
		}
		expect(errorOf(parseWithZod(form(fields), { schema: QuestionsSchema }))?.questions).toEqual(['Un appel compte au plus 20 questions.'])
	})
})

describe('la version lue, exigée par chaque formulaire d’un appel existant', () => {
	test('sans version, ou avec une version qui n’en est pas une, le formulaire est refusé avec un message, avec ses autres erreurs', () => {
		for (const version of [undefined, '', 'abc', '-1', '1.5', '99999999999']) {
			const fields: Record<string, string> = version === undefined ? {} : { version }
			const call = errorOf(parseWithZod(form({ title: '', ...fields }), { schema: CallEditSchema }))
			expect(call?.[''], String(version)).toEqual([VERSION_MISSING])
			expect(call?.title).toEqual(['Indiquez le titre de l’appel à projets.'])
			expect(errorOf(parseWithZod(form({ intent: 'save-criteria', ...fields }), { schema: CriteriaSchema }))?.['']).toEqual([VERSION_MISSING])
			expect(errorOf(parseWithZod(form({ intent: 'save-questions', ...fields }), { schema: QuestionsSchema }))?.['']).toEqual([VERSION_MISSING])
		}
	})

	test('la version lue accompagne les champs ; un nouvel appel n’en a pas', () => {
		const edit = parseWithZod(form({ title: 'Appel', version: '7' }), { schema: CallEditSchema })
		expect(edit.status === 'success' && edit.value).toMatchObject({ title: 'Appel', version: 7 })
		const created = parseWithZod(form({ title: 'Appel' }), { schema: CallSchema })
		expect(created.status === 'success' && created.value).not.toHaveProperty('version')
	})
})

describe('saisies', () => {
	test('dates et heures comme on les tape', () => {
		expect(parseDateInput('2026-03-31')).toBe('2026-03-31')
		expect(parseDateInput('1/4/2026')).toBe('2026-04-01')
		expect(parseDateInput('31/04/2026')).toBeNull()
		expect(parseTimeInput('9:05')).toBe('09:05')
		expect(parseTimeInput('14h30')).toBe('14:30')
		expect(parseTimeInput('14 h')).toBe('14:00')
		expect(parseTimeInput('24:00')).toBeNull()
	})

	test('montants réécrits en euros', () => {
		expect(formatEuroInput(1_000_050)).toBe('10000,50')
		expect(formatEuroInput(15_000_000)).toBe('150000')
		expect(formatEuroInput(null)).toBe('')
	})
})

describe('dates plausibles et toutes les erreurs à la fois', () => {
	test('une étape du calendrier en 1999, ou dans quarante ans, est refusée avec un message', () => {
		const year = new Date().getUTCFullYear()
		const error = errorOf(parseWithZod(form({ title: 'Appel', juryStartsOn: '1999-04-15', decisionOn: `${year + 40}-01-10` }), { schema: CallSchema }))
		expect(error?.juryStartsOn).toEqual([`Cette date est trop ancienne : indiquez une date à partir de 2020.`])
		expect(error?.decisionOn).toEqual([`Cette date est trop lointaine : indiquez une date avant ${year + 11}.`])
		expect(parseWithZod(form({ title: 'Appel', juryStartsOn: `${year + 1}-04-15` }), { schema: CallSchema }).status).toBe('success')
	})

	test('la grille : chaque champ faux de chaque ligne a son message', () => {
		const error = errorOf(
			parseWithZod(
				form({
					intent: 'save-criteria',
					version: '1',
					'criteria[0].label': 'A',
					'criteria[0].weight': '0',
					'criteria[0].scaleMax': '1',
					'criteria[1].description': 'Sans intitulé',
					'criteria[1].weight': 'x',
				}),
				{ schema: CriteriaSchema },
			),
		)
		expect(Object.keys(error ?? {}).sort()).toEqual(['criteria[0].scaleMax', 'criteria[0].weight', 'criteria[1].label', 'criteria[1].weight'])
	})

	test('les questions : chaque champ faux d’une ligne a son message', () => {
		const error = errorOf(
			parseWithZod(
				form({ intent: 'save-questions', version: '1', 'questions[0].type': 'short_text', 'questions[0].maxLength': '501', 'questions[0].choices': 'a\nb' }),
				{ schema: QuestionsSchema },
			),
		)
		expect(Object.keys(error ?? {}).sort()).toEqual(['questions[0].choices', 'questions[0].label', 'questions[0].maxLength'])
	})
})
