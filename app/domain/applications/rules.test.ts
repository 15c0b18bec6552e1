import { describe, expect, test } from 'vitest'
import { COOPERATION_TOPICS } from './options.ts'
import {
	canTransition,
	checkSubmission,
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
	...overrides,
})

const lead = member()
const partner = member({ organizationId: 'org-b', name: 'Association B', siren: '222222226', rna: 'W751000002', role: 'co_carrier' })

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
		expect(messages(tooMuch, [lead, partner])).toEqual([
			{ section: 'budget', message: expect.stringMatching(/^Le montant demandé \(20\s000,00\s€\) dépasse le maximum de l’appel \(10\s000,00\s€\)\.$/) },
		])
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
	test('transitions explicites', () => {
		expect(canTransition('submit', 'draft')).toBe(true)
		expect(canTransition('submit', 'submitted')).toBe(false)
		expect(canTransition('withdraw', 'submitted')).toBe(true)
		expect(canTransition('withdraw', 'selected')).toBe(false)
		expect(messages({ ...completeApplication(), status: 'submitted' }, [lead, partner]).map((p) => p.section)).toEqual(['calendrier'])
	})

	test('la confirmation tombe si le rôle ou la part du budget change, pas pour des espaces', () => {
		const engagement = { roleDescription: 'Anime les ateliers', budgetShareCents: 100_000 }
		expect(engagementChanged(engagement, { ...engagement, roleDescription: ' Anime les ateliers ' })).toBe(false)
		expect(engagementChanged(engagement, { ...engagement, roleDescription: 'Anime et accueille' })).toBe(true)
		expect(engagementChanged(engagement, { ...engagement, budgetShareCents: 120_000 })).toBe(true)
	})
})
