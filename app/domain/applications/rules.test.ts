import { describe, expect, test } from 'vitest'
import { COOPERATION_TOPICS } from './options.ts'
import {
	checkSubmission,
	coFundersOf,
	deadlinePassed,
	engagementChanged,
	readBudget,
	readCooperation,
	readProject,
	type RuleApplication,
	type RuleCall,
	type RuleMember,
} from './rules.ts'

const member = (overrides: Partial<RuleMember> = {}): RuleMember => ({
	organizationId: 'org-a',
	name: 'Association A',
	siren: '111111118',
	rna: 'W751000001',
	role: 'lead',
	status: 'confirmed',
	roleDescription: 'Coordonne le projet',
	contribution: 'Un salarié à mi-temps',
	// The lead carries the whole budget unless a test says otherwise (shares must add up to the charges).
	budgetShareCents: 1_000_000,
	...overrides,
})

const lead = member()
const partner = member({ organizationId: 'org-b', name: 'Association B', siren: '222222226', rna: 'W751000002', role: 'co_carrier', budgetShareCents: 0 })

function completeApplication(): RuleApplication {
	return {
		status: 'draft',
		title: 'Jardins partagés',
		summary: 'Un jardin entre générations.',
		themeIds: ['theme-1'],
		project: readProject({
			territory: 'Lyon 8e',
			territoryKind: 'qpv',
			publics: 'Enfants et seniors',
			expectedParticipants: 120,
			collectiveObjectives: 'Créer du lien',
			specificObjectives: [
				{ organizationId: 'org-a', text: 'Animer' },
				{ organizationId: 'org-b', text: 'Accueillir' },
			],
			indicators: [{ label: 'Participants', target: '120' }],
			timetable: [{ label: 'Lancement', date: '2025-09-01' }],
		}),
		cooperation: readCooperation({
			level: 'cooperation',
			triggers: ['faire_mieux'],
			topics: Object.fromEntries(COOPERATION_TOPICS.map((t) => [t.value, 'Convenu ensemble'])),
			involvementForms: ['comite_pilotage'],
		}),
		budget: readBudget({
			charges: [{ account: '64', label: 'Animateur', amountCents: 1_000_000 }],
			products: [{ account: '74', label: 'Ville de Lyon', amountCents: 400_000 }],
			amountRequestedCents: 600_000,
		}),
	}
}

const call: RuleCall = {
	status: 'published',
	minAssociations: 2,
	maxAmountPerProjectCents: 1_000_000,
	deadlineAt: new Date('2025-03-31T00:00:00+02:00'),
}
const before = new Date('2025-03-01T12:00:00+01:00')

const messages = (app: RuleApplication, members: RuleMember[], c: RuleCall = call, now = before) => checkSubmission(app, members, c, now)

describe('checkSubmission', () => {
	test('un dossier complet, co-porté par deux associations distinctes, peut être déposé', () => {
		expect(messages(completeApplication(), [lead, partner])).toEqual([])
	})

	test('refuse sans partenaire confirmé, en nommant le minimum', () => {
		expect(messages(completeApplication(), [lead, { ...partner, status: 'invited' }])).toEqual([
			{
				section: 'partenaires',
				message: 'Il faut au moins 2 associations distinctes (SIREN différents) ayant confirmé leur engagement, chef de file compris ; une seule l’a fait.',
			},
		])
	})

	test('deux associations du même SIREN ne comptent qu’une fois', () => {
		const twin = { ...partner, siren: lead.siren }
		const problems = messages(completeApplication(), [lead, twin])
		expect(problems.map((p) => p.message)).toEqual([expect.stringContaining('une seule l’a fait')])
	})

	test('sans SIRET, le RNA distingue les personnes morales', () => {
		const a = { ...lead, siren: null }
		const b = { ...partner, siren: null }
		expect(messages(completeApplication(), [a, b])).toEqual([])
		expect(messages(completeApplication(), [a, { ...b, rna: a.rna }]).map((p) => p.section)).toEqual(['partenaires'])
	})

	test('le minimum de l’appel s’applique (3 associations)', () => {
		const problems = messages(completeApplication(), [lead, partner], { ...call, minAssociations: 3 })
		expect(problems).toEqual([{ section: 'partenaires', message: expect.stringContaining('au moins 3 associations distinctes') }])
	})

	test('un co-porteur sans rôle ou sans contribution a chacun son message', () => {
		const problems = messages(completeApplication(), [lead, { ...partner, roleDescription: ' ', contribution: '' }])
		expect(problems).toEqual([
			{ section: 'partenaires', message: '« Association B » : indiquez son rôle dans le projet (qui fait quoi).' },
			{ section: 'partenaires', message: '« Association B » : indiquez sa contribution au projet.' },
		])
	})

	test('le chef de file non confirmé est signalé', () => {
		const problems = messages(completeApplication(), [{ ...lead, status: 'invited' }, partner])
		expect(problems.map((p) => p.message)).toContain('Le référent de « Association A » (chef de file) doit confirmer l’engagement de l’association.')
	})

	test.each([
		['title', (a: RuleApplication) => (a.title = ''), 'Donnez un titre au projet.'],
		['summary', (a: RuleApplication) => (a.summary = ''), 'Rédigez le résumé du projet.'],
		['themes', (a: RuleApplication) => (a.themeIds = []), 'Choisissez au moins un thème de l’appel.'],
		['territory', (a: RuleApplication) => (a.project.territory = ''), 'Décrivez le territoire du projet (communes, départements, quartier).'],
		['territoryKind', (a: RuleApplication) => (a.project.territoryKind = ''), 'Précisez le type de territoire (quartier prioritaire, rural ou autre).'],
		['publics', (a: RuleApplication) => (a.project.publics = ''), 'Décrivez les publics visés.'],
		['expected', (a: RuleApplication) => (a.project.expectedParticipants = null), 'Indiquez le nombre de personnes attendues.'],
		['collective', (a: RuleApplication) => (a.project.collectiveObjectives = ''), 'Rédigez les objectifs collectifs du projet.'],
		['specific', (a: RuleApplication) => (a.project.specificObjectives = a.project.specificObjectives.slice(0, 1)), 'Rédigez les objectifs spécifiques de « Association B ».'],
		['indicators', (a: RuleApplication) => (a.project.indicators = [{ label: 'Participants', target: '' }]), 'Indiquez au moins un indicateur de réussite, avec sa cible.'],
		['timetable', (a: RuleApplication) => (a.project.timetable = []), 'Indiquez au moins une étape de l’échéancier, avec sa date.'],
	])('projet : %s manquant', (_name, mutate, message) => {
		const application = completeApplication()
		mutate(application)
		expect(messages(application, [lead, partner])).toEqual([{ section: 'projet', message }])
	})

	test.each([
		['level', (a: RuleApplication) => (a.cooperation.level = ''), 'Choisissez le niveau de partage (mutualisation, collaboration ou coopération).'],
		['triggers', (a: RuleApplication) => (a.cooperation.triggers = []), 'Indiquez ce qui a déclenché la coopération.'],
		['topic', (a: RuleApplication) => (a.cooperation.topics.gouvernance = ''), 'Pense-pas-bête : un sujet reste à traiter (La gouvernance (qui prend les décisions et comment ?)).'],
		['forms', (a: RuleApplication) => (a.cooperation.involvementForms = []), 'Choisissez au moins une forme d’implication des co-porteurs.'],
		['other', (a: RuleApplication) => (a.cooperation.involvementForms = ['autre']), 'Précisez l’autre forme d’implication des co-porteurs.'],
	])('coopération : %s manquant', (_name, mutate, message) => {
		const application = completeApplication()
		mutate(application)
		expect(messages(application, [lead, partner])).toEqual([{ section: 'cooperation', message }])
	})

	test('budget : absent, déséquilibré, ou au-dessus du maximum de l’appel', () => {
		const empty = completeApplication()
		empty.budget = readBudget({})
		expect(messages(empty, [lead, partner])).toEqual([{ section: 'budget', message: 'Budget à compléter : les charges prévues et le montant demandé à l’appel.' }])

		const unbalanced = completeApplication()
		unbalanced.budget.amountRequestedCents = 500_000
		expect(messages(unbalanced, [lead, partner])).toEqual([
			{ section: 'budget', message: expect.stringMatching(/^Le budget n’est pas équilibré : 10\s000,00\s€ de charges pour 9\s000,00\s€ de produits\.$/) },
		])

		const tooMuch = completeApplication()
		tooMuch.budget = readBudget({ charges: [{ account: '64', label: 'x', amountCents: 2_000_000 }], products: [], amountRequestedCents: 2_000_000 })
		expect(messages(tooMuch, [{ ...lead, budgetShareCents: 2_000_000 }, partner])).toEqual([
			{ section: 'budget', message: expect.stringMatching(/^Le montant demandé \(20\s000,00\s€\) dépasse le maximum de l’appel \(10\s000,00\s€\)\.$/) },
		])
	})

	test('budget équilibré au centime près : un centime d’écart est refusé', () => {
		const application = completeApplication()
		application.budget.products[0]!.amountCents = 399_999
		expect(messages(application, [lead, partner])).toEqual([
			{ section: 'budget', message: expect.stringMatching(/^Le budget n’est pas équilibré : 10\s000,00\s€ de charges pour 9\s999,99\s€ de produits\.$/) },
		])
	})

	test('le montant demandé égal au maximum de l’appel passe, un centime de plus est refusé', () => {
		const atMax = completeApplication()
		atMax.budget = readBudget({ charges: [{ account: '64', label: 'x', amountCents: 1_000_000 }], products: [], amountRequestedCents: 1_000_000 })
		expect(messages(atMax, [lead, partner])).toEqual([])
		expect(messages(atMax, [lead, partner], { ...call, maxAmountPerProjectCents: 999_999 })).toEqual([
			{ section: 'budget', message: expect.stringMatching(/^Le montant demandé \(10\s000,00\s€\) dépasse le maximum de l’appel \(9\s999,99\s€\)\.$/) },
		])
	})

	test('les parts des associations confirmées doivent faire le total des charges', () => {
		const application = completeApplication()
		expect(messages(application, [{ ...lead, budgetShareCents: 600_000 }, { ...partner, budgetShareCents: 400_000 }])).toEqual([])
		expect(messages(application, [{ ...lead, budgetShareCents: 600_000 }, { ...partner, budgetShareCents: null }])).toEqual([
			{
				section: 'budget',
				message: expect.stringMatching(
					/^La répartition du budget entre les associations \(6\s000,00\s€\) ne correspond pas au total des charges \(10\s000,00\s€\) : ajustez la part de chaque association dans « Partenaires »\.$/,
				),
			},
		])
		// A partner that has not confirmed carries nothing yet: its share does not count.
		const third = member({ organizationId: 'org-c', name: 'Association C', siren: '333333334', role: 'co_carrier', status: 'invited', budgetShareCents: 500_000 })
		expect(messages(application, [lead, partner, third])).toEqual([])
	})

	test('les autres co-financeurs sont listés par nom (compte 74)', () => {
		const budget = readBudget({
			charges: [],
			products: [
				{ account: '74', label: 'Ville de Lyon', amountCents: 300_000 },
				{ account: '70', label: 'Participation des familles', amountCents: 50_000 },
				{ account: '74', label: 'ville de lyon', amountCents: 100_000 },
				{ account: '74', label: 'CAF du Rhône', amountCents: 200_000 },
			],
			amountRequestedCents: 100_000,
		})
		expect(coFundersOf(budget)).toEqual([
			{ name: 'Ville de Lyon', amountCents: 400_000 },
			{ name: 'CAF du Rhône', amountCents: 200_000 },
		])
	})

	test('une question obligatoire sans réponse a son message ; une question facultative non', () => {
		const questions = [
			{ id: 'q1', label: 'Votre projet a-t-il déjà été financé ?', type: 'yes_no' as const, required: true, maxLength: null, choices: null },
			{ id: 'q2', label: 'Nombre de bénévoles', type: 'number' as const, required: true, maxLength: null, choices: null },
			{ id: 'q3', label: 'Canal de découverte', type: 'choice' as const, required: true, maxLength: null, choices: ['Presse', 'Bouche à oreille'] },
			{ id: 'q4', label: 'Commentaire', type: 'long_text' as const, required: false, maxLength: 500, choices: null },
		]
		const withQuestions = { ...call, questions }
		const application = completeApplication()
		application.answers = { q1: 'oui', q2: 0, q3: 'Télévision', q4: '' }
		expect(messages(application, [lead, partner], withQuestions)).toEqual([
			{ section: 'questions', message: 'Répondez à la question « Canal de découverte ».' },
		])
		application.answers = { q2: 12, q3: 'Presse' }
		expect(messages(application, [lead, partner], withQuestions)).toEqual([
			{ section: 'questions', message: 'Répondez à la question « Votre projet a-t-il déjà été financé ? ».' },
		])
	})

	test('une pièce manquante a son message : une fois pour le chef de file, par association pour « chacune »', () => {
		const withAttachments = {
			...call,
			requiredAttachments: [
				{ key: 'rib', label: 'RIB', givenBy: 'lead' as const },
				{ key: 'statuts', label: 'Statuts', givenBy: 'each' as const },
			],
		}
		const application = completeApplication()
		application.attachments = [{ kind: 'statuts', organizationId: 'org-a' }]
		expect(messages(application, [lead, partner, member({ organizationId: 'org-c', name: 'Association C', siren: '333333334', role: 'co_carrier', status: 'declined', budgetShareCents: 0 })], withAttachments)).toEqual([
			{ section: 'pieces', message: 'Pièce manquante : « RIB ».' },
			{ section: 'pieces', message: 'Pièce manquante pour « Association B » : « Statuts ».' },
		])
		application.attachments = [
			{ kind: 'rib', organizationId: 'org-a' },
			{ kind: 'statuts', organizationId: 'org-a' },
			{ kind: 'statuts', organizationId: 'org-b' },
		]
		expect(messages(application, [lead, partner], withAttachments)).toEqual([])
	})

	test('plusieurs manques sont tous listés, par section', () => {
		const application = completeApplication()
		application.summary = ''
		application.cooperation.level = ''
		const problems = messages(application, [lead])
		expect(problems.map((p) => p.section)).toEqual(['projet', 'cooperation', 'partenaires'])
	})
})

describe('date limite (heure du serveur, Europe/Paris)', () => {
	// Deadline at midnight, Paris time, the night after the spring DST change (30 March 2025).
	const springDeadline = new Date('2025-03-31T00:00:00+02:00')
	// And the night of the autumn change (26 October 2025: 03:00 becomes 02:00).
	const autumnDeadline = new Date('2025-10-27T00:00:00+01:00')

	test('23:59:59 est à temps, 00:00:00 est trop tard', () => {
		expect(deadlinePassed(springDeadline, new Date('2025-03-30T23:59:59+02:00'))).toBe(false)
		expect(deadlinePassed(springDeadline, new Date('2025-03-31T00:00:00+02:00'))).toBe(true)
		expect(deadlinePassed(autumnDeadline, new Date('2025-10-26T23:59:59+01:00'))).toBe(false)
		expect(deadlinePassed(autumnDeadline, new Date('2025-10-27T00:00:00+01:00'))).toBe(true)
		expect(deadlinePassed(null, new Date())).toBe(false)
	})

	test('le jour du changement d’heure : la limite à minuit ne se décale pas d’une heure', () => {
		// Midnight Paris on 30 March 2025 is still winter time (UTC+1): 23:00 UTC the day before.
		const dstDay = new Date('2025-03-30T00:00:00+01:00')
		expect(deadlinePassed(dstDay, new Date('2025-03-29T22:59:59Z'))).toBe(false)
		expect(deadlinePassed(dstDay, new Date('2025-03-29T23:00:00Z'))).toBe(true)
	})

	test('le message de dépôt tardif donne la limite en heure de Paris', () => {
		const problems = checkSubmission(completeApplication(), [lead, partner], { ...call, deadlineAt: springDeadline }, new Date('2025-03-31T00:00:00+02:00'))
		expect(problems).toEqual([{ section: 'calendrier', message: 'La date limite de dépôt est passée (lundi 31 mars 2025 à 00:00, heure de Paris).' }])
		expect(checkSubmission(completeApplication(), [lead, partner], { ...call, deadlineAt: springDeadline }, new Date('2025-03-30T23:59:59+02:00'))).toEqual([])
	})

	test('un appel clos n’accepte plus de dépôt', () => {
		expect(messages(completeApplication(), [lead, partner], { ...call, status: 'closed' })).toEqual([
			{ section: 'calendrier', message: 'Cet appel à projets n’accepte plus de dépôt.' },
		])
	})
})

describe('cycle de vie et confirmations', () => {
	test('un dossier déposé ne se dépose pas deux fois', () => {
		expect(messages({ ...completeApplication(), status: 'submitted' }, [lead, partner]).map((p) => p.section)).toEqual(['calendrier'])
	})

	test('la confirmation tombe si le rôle ou la part du budget change, pas pour des espaces', () => {
		const engagement = { roleDescription: 'Anime les ateliers', budgetShareCents: 100_000 }
		expect(engagementChanged(engagement, { ...engagement, roleDescription: ' Anime les ateliers ' })).toBe(false)
		expect(engagementChanged(engagement, { ...engagement, roleDescription: 'Anime et accueille' })).toBe(true)
		expect(engagementChanged(engagement, { ...engagement, budgetShareCents: 120_000 })).toBe(true)
	})
})
