/**
 * A call's bilan with the 2012 figures of seed 003 where the seed gives them (and plausible
 * ones elsewhere), to test the renderings (PDF, XLSX, page) without a database.
 */
import type { CallBilan } from '#app/domain/bilan/bilan-model.ts'
import { share } from '#app/domain/bilan/shares.ts'

const category = (value: string, label: string, count: number, base: number) => ({ value, label, share: share(count, base) })

export function bilan2012(overrides: Partial<CallBilan> = {}): CallBilan {
	return {
		call: { id: 'call-2012', title: 'Vivre ensemble 2012', funderName: 'Fondation Solidaire', status: 'archived', year: 2012, imported: true },
		projects: { presented: 77, admissible: 70, retained: 36, retainedShare: share(36, 77) },
		associations: { engaged: 94, engagedRetained: 94, perProject: 2.6 },
		profile: {
			associations: 77,
			medianBudgetCents: 13_500_000,
			budgetBase: 77,
			medianEmployees: 2,
			employeesBase: 77,
			volunteerOnly: share(19, 77),
			sectors: [
				category('defense_cause', 'Défense d’une cause', 19, 77),
				category('education_populaire_enfance', 'Éducation populaire et enfance', 19, 77),
				category('culture', 'Culture', 17, 77),
				category('social', 'Social', 9, 77),
				category('patrimoine_environnement', 'Patrimoine et environnement', 7, 77),
				category('sport', 'Sport', 3, 77),
				category('maison_des_associations', 'Maison des associations', 3, 77),
				category('autre', 'Autre', 0, 77),
			],
		},
		themes: [
			{ value: 't1', label: 'Intergénérationnel', presented: 30, retained: 14 },
			{ value: 't2', label: 'Interculturel', presented: 25, retained: 12 },
			{ value: 't3', label: 'Mixité entre filles et garçons', presented: 12, retained: 5 },
			{ value: 't4', label: 'Rencontre handicap/valide', presented: 10, retained: 5 },
		],
		amounts: {
			requestedCents: 77 * 800_000,
			grantedCents: 36 * 500_000,
			envelopeCents: 18_000_000,
			byTheme: [
				{ key: 't1', label: 'Intergénérationnel', presented: 30, retained: 14, requestedCents: 24_000_000, grantedCents: 7_000_000 },
				{ key: 't2', label: 'Interculturel', presented: 25, retained: 12, requestedCents: 20_000_000, grantedCents: 6_000_000 },
			],
			byDepartement: [
				{ key: '69', label: '69', presented: 20, retained: 9, requestedCents: 16_000_000, grantedCents: 4_500_000 },
				{ key: '75', label: '75', presented: 15, retained: 7, requestedCents: 12_000_000, grantedCents: 3_500_000 },
			],
		},
		sharingLevels: [
			category('mutualisation', 'Mutualisation', 8, 36),
			category('collaboration', 'Collaboration', 16, 36),
			category('cooperation', 'Coopération', 12, 36),
		],
		partnerships: { pairs: 60, existing: share(21, 60), new: share(39, 60) },
		evaluations: { expected: 36, received: 33 },
		involvementForms: [
			category('reunions_ponctuelles', 'Réunions ponctuelles', 23, 28),
			category('comite_pilotage', 'Participation au comité de pilotage du projet', 15, 28),
			category('convention_partenariat', 'Convention de partenariat', 12, 28),
			category('outils_partages', 'Outils partagés (newsletter, blog, site web)', 6, 28),
			category('autre', 'Autre (à préciser)', 9, 28),
		],
		interest: [category('fort', 'Fort', 25, 33), category('moyen', 'Moyen', 6, 33), category('faible', 'Faible', 2, 33), category('aucun', 'Aucun', 0, 33)],
		otherPartners: {
			mobilised: share(20, 33),
			kinds: [category('collectivites', 'Collectivités', 14, 20), category('entreprises', 'Entreprises', 5, 20), category('etablissements', 'Établissements (écoles, EHPAD, centres sociaux…)', 9, 20), category('habitants', 'Habitants', 7, 20)],
		},
		newFunding: share(18, 30),
		notoriety: share(72, 90),
		continueTogether: [category('oui', 'Oui', 87, 90), category('peut_etre', 'Peut-être', 3, 90), category('non', 'Non', 0, 90)],
		difficulties: [category('temps', 'Temps (avant, pendant et après)', 14, 33), category('financement', 'Financement', 9, 33)],
		indicators: { planned: 99, reported: 95, measurable: 60, reached: share(44, 60) },
		budget: { projects: 33, plannedCents: 990_000_000, actualCents: 951_000_000 },
		...overrides,
	}
}

/** A call with almost no answers: every share too small for a percentage, or empty. */
export function bilanWithFewAnswers(): CallBilan {
	return bilan2012({
		evaluations: { expected: 3, received: 2 },
		interest: [category('fort', 'Fort', 1, 2), category('moyen', 'Moyen', 1, 2), category('faible', 'Faible', 0, 2), category('aucun', 'Aucun', 0, 2)],
		newFunding: share(0, 0),
		notoriety: share(2, 4),
	})
}
