/**
 * The call's bilan as every rendering reads it (issue 11): the page, the PDF and the XLSX
 * all take one `CallBilan`, computed once by `computeCallBilan` (bilan.server.ts) in grouped
 * SQL. Each percentage is a `Share` (shares.ts): count, base (those who answered) and a
 * percent only when the base is large enough. Which figures count projects and which count
 * associations follows the 2012 bilan (seed 003): see docs/decisions/021-call-bilan.md.
 * Plain module: no server code, the browser renders it too.
 */
import type { Share } from './shares.ts'

/** One option of a question or list, with how many chose it out of those who answered. */
export type CategoryShare = { value: string; label: string; share: Share }

/** Amounts of the projects of one group (a theme, a département). */
export type AmountRow = {
	key: string
	label: string
	/** Presented projects of the group. */
	presented: number
	retained: number
	requestedCents: number
	/** Granted to the retained projects of the group. */
	grantedCents: number
}

export type CallBilan = {
	call: {
		id: string
		title: string
		funderName: string
		status: string
		/** The year the call closed (or opened), to name it in a comparison: « 2012 ». */
		year: number | null
		/** Imported from a spreadsheet (a past call): its figures are those of the file. */
		imported: boolean
	}
	projects: {
		/** Submitted at least once (every status after the draft, withdrawn included). */
		presented: number
		/** Declared recevables (admissible or any later stage of the instruction). */
		admissible: number
		retained: number
		/** Retained out of presented (« 36 projets sur 77 »). */
		retainedShare: Share
	}
	associations: {
		/** Distinct legal entities (SIREN, else RNA, else the organisation) in the presented consortia. */
		engaged: number
		/** Distinct legal entities in the retained consortia. */
		engagedRetained: number
		/** Mean number of associations per presented project, one decimal (2012: « près de 3 »). */
		perProject: number | null
	}
	/** The applicant associations (every co-porter of a presented project, each counted once). */
	profile: {
		associations: number
		medianBudgetCents: number | null
		/** How many gave their annual budget (the median's base). */
		budgetBase: number
		medianEmployees: number | null
		employeesBase: number
		/** Associations with no employee, out of those who gave a number (« 19 sur 77 »). */
		volunteerOnly: Share
		sectors: CategoryShare[]
	}
	/** Each theme of the call: presented and retained projects (a project may have several themes). */
	themes: { value: string; label: string; presented: number; retained: number }[]
	amounts: {
		requestedCents: number
		grantedCents: number
		envelopeCents: number | null
		byTheme: AmountRow[]
		/** By the lead association's département. */
		byDepartement: AmountRow[]
	}
	/** Levels of sharing declared by the retained projects (mutualisation, collaboration, coopération). */
	sharingLevels: CategoryShare[]
	/**
	 * Pairs of associations co-carrying a retained project: new, or already co-carrying a
	 * project of an earlier call of the portal (an existing partnership).
	 */
	partnerships: { pairs: number; existing: Share; new: Share }
	evaluations: {
		/** Retained projects (those asked for an evaluation). */
		expected: number
		/** Evaluations sent by the consortium (sent or approved): only these are counted below. */
		received: number
	}
	/** Forms of involvement of the co-porters, by project (several answers possible; 2012: 82,1 % réunions ponctuelles — 23 sur 28). */
	involvementForms: CategoryShare[]
	/** Interest found in cooperating, by project (2012: 25 projets sur 33 « fort »). */
	interest: CategoryShare[]
	/** Projects whose cooperation mobilised partners beyond associations (2012: 20 sur 33), and which kinds. */
	otherPartners: { mobilised: Share; kinds: CategoryShare[] }
	/** Projects whose cooperation brought new funding (2012: 60 %). */
	newFunding: Share
	/** Associations whose notoriety grew (2012: 80 %). */
	notoriety: Share
	/** Associations that want to go on working together (2012: 97 % « oui »). */
	continueTogether: CategoryShare[]
	/** Projects that reported a difficulty of each category, out of the projects that answered the section. */
	difficulties: CategoryShare[]
	indicators: {
		/** Indicators planned by the projects whose evaluation was received. */
		planned: number
		/** With a result reported. */
		reported: number
		/** Target and result both numbers (the only ones where « reached » has a meaning). */
		measurable: number
		/** Of the measurable ones, result ≥ target. */
		reached: Share
	}
	/** The financial reports received: charges planned (the application's budget) against carried out. */
	budget: { projects: number; plannedCents: number; actualCents: number }
}

/** Each section of the bilan, in the order of the page, the PDF and the XLSX sheets. */
export const BILAN_SECTIONS = [
	{ key: 'projets', title: 'Projets et associations' },
	{ key: 'profil', title: 'Profil des associations candidates' },
	{ key: 'themes', title: 'Thèmes des projets' },
	{ key: 'montants', title: 'Montants demandés et accordés' },
	{ key: 'cooperation', title: 'Formes de la coopération' },
	{ key: 'evaluation', title: 'Ce que disent les évaluations' },
	{ key: 'resultats', title: 'Difficultés, indicateurs et budget' },
] as const

/** The units a share is counted in, as « 23 projets sur 28 » says them. */
export const UNITS = {
	project: { one: 'projet', many: 'projets' },
	association: { one: 'association', many: 'associations' },
	pair: { one: 'partenariat', many: 'partenariats' },
	indicator: { one: 'indicateur', many: 'indicateurs' },
} as const
