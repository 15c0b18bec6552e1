/**
 * The pure rules of an application: what its sections hold, whether it is still editable
 * (asked of its lifecycle table), and the co-porter rule that decides whether it may be submitted (DESIGN.md, "The
 * co-porter rule"). No database here: the *.server.ts functions load, call these, and write.
 */
import { canFire } from '#app/domain/lifecycle/transitions.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { consortiumOf, legalEntityKey } from './consortium-of.ts'
import { applicationTransitions } from './lifecycle.ts'
import { CO_FUNDER_ACCOUNT, COOPERATION_TOPICS, type SectionKey } from './options.ts'

// ---------------------------------------------------------------------------------------
// Section contents, as stored in the application's jsonb columns.

export type ProjectData = {
	territory: string
	territoryKind: string
	publics: string
	expectedParticipants: number | null
	collectiveObjectives: string
	specificObjectives: { organizationId: string; text: string }[]
	indicators: { label: string; target: string }[]
	timetable: { label: string; date: string }[]
}

export type CooperationData = {
	level: string
	triggers: string[]
	topics: Record<string, string>
	involvementForms: string[]
	involvementOther: string
	otherPartners: string[]
	otherPartnersDetails: string
}

export type BudgetLine = { account: string; label: string; amountCents: number }
export type BudgetData = { charges: BudgetLine[]; products: BudgetLine[]; amountRequestedCents: number | null }

const str = (value: unknown) => (typeof value === 'string' ? value : '')
const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [])
const rows = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is Record<string, unknown> => !!v && typeof v === 'object') : [])
const int = (value: unknown) => (typeof value === 'number' && Number.isSafeInteger(value) ? value : null)

/** Reads a stored project section, tolerating missing or older fields. */
export function readProject(raw: Record<string, unknown> | null | undefined): ProjectData {
	const r = raw ?? {}
	return {
		territory: str(r.territory),
		territoryKind: str(r.territoryKind),
		publics: str(r.publics),
		expectedParticipants: int(r.expectedParticipants),
		collectiveObjectives: str(r.collectiveObjectives),
		specificObjectives: rows(r.specificObjectives).map((o) => ({ organizationId: str(o.organizationId), text: str(o.text) })),
		indicators: rows(r.indicators).map((o) => ({ label: str(o.label), target: str(o.target) })),
		timetable: rows(r.timetable).map((o) => ({ label: str(o.label), date: str(o.date) })),
	}
}

export function readCooperation(raw: Record<string, unknown> | null | undefined): CooperationData {
	const r = raw ?? {}
	const topics = (r.topics && typeof r.topics === 'object' ? r.topics : {}) as Record<string, unknown>
	return {
		level: str(r.level),
		triggers: strings(r.triggers),
		topics: Object.fromEntries(COOPERATION_TOPICS.map((t) => [t.value, str(topics[t.value])])),
		involvementForms: strings(r.involvementForms),
		involvementOther: str(r.involvementOther),
		otherPartners: strings(r.otherPartners),
		otherPartnersDetails: str(r.otherPartnersDetails),
	}
}

export function readBudget(raw: Record<string, unknown> | null | undefined): BudgetData {
	const r = raw ?? {}
	const lines = (value: unknown) =>
		rows(value).map((o) => ({ account: str(o.account), label: str(o.label), amountCents: int(o.amountCents) ?? 0 }))
	return { charges: lines(r.charges), products: lines(r.products), amountRequestedCents: int(r.amountRequestedCents) }
}

export function budgetTotals(budget: BudgetData) {
	const charges = budget.charges.reduce((sum, line) => sum + line.amountCents, 0)
	const otherProducts = budget.products.reduce((sum, line) => sum + line.amountCents, 0)
	const products = otherProducts + (budget.amountRequestedCents ?? 0)
	return { charges, products, otherProducts, balanced: charges === products }
}

/** The other co-financers (account 74 lines other than this call), by name, amounts added up per name. */
export function coFundersOf(budget: BudgetData): { name: string; amountCents: number }[] {
	const byName = new Map<string, { name: string; amountCents: number }>()
	for (const line of budget.products) {
		if (line.account !== CO_FUNDER_ACCOUNT) continue
		const name = line.label.trim()
		const key = name.toLocaleLowerCase('fr-FR')
		const entry = byName.get(key) ?? { name, amountCents: 0 }
		entry.amountCents += line.amountCents
		byName.set(key, entry)
	}
	return [...byName.values()]
}

// ---------------------------------------------------------------------------------------
// The call's custom questions and their answers.

export type CallQuestion = {
	id: string
	label: string
	type: 'short_text' | 'long_text' | 'number' | 'yes_no' | 'choice'
	required: boolean
	maxLength: number | null
	choices: string[] | null
}

/** Answers by question id: text for text, yes/no and choice questions, a number for number questions. */
export type Answers = Record<string, string | number>

export function readAnswers(raw: Record<string, unknown> | null | undefined): Answers {
	const answers: Answers = {}
	for (const [key, value] of Object.entries(raw ?? {})) {
		if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) answers[key] = value
	}
	return answers
}

export function isAnswered(question: CallQuestion, answers: Answers): boolean {
	const value = answers[question.id]
	if (value === undefined) return false
	if (typeof value === 'number') return question.type === 'number'
	if (question.type === 'choice') return !!question.choices?.includes(value)
	return value.trim() !== ''
}

// ---------------------------------------------------------------------------------------
// Attachments the call requires.

export type RequiredAttachmentRule = { key: string; label: string; givenBy: 'lead' | 'each' }
export type GivenAttachment = { kind: string; organizationId: string | null }

/** The slots to fill: one per 'lead' attachment, one per confirmed association for 'each'. */
export function attachmentSlots(
	required: RequiredAttachmentRule[],
	members: Pick<RuleMember, 'organizationId' | 'name' | 'role' | 'status'>[],
): { key: string; label: string; organizationId: string; organizationName: string; givenBy: 'lead' | 'each' }[] {
	const lead = members.find((m) => m.role === 'lead' && m.organizationId)
	const confirmed = consortiumOf(members).engaged
	return required.flatMap((attachment) => {
		if (attachment.givenBy === 'lead') {
			return lead ? [{ ...attachment, organizationId: lead.organizationId!, organizationName: lead.name }] : []
		}
		return confirmed.map((m) => ({ ...attachment, organizationId: m.organizationId!, organizationName: m.name }))
	})
}

// ---------------------------------------------------------------------------------------
// Lifecycle: the table is app/domain/applications/lifecycle.ts; the pages ask it through these.

/** The consortium edits its dossier while it can still be submitted (a draft); afterwards it is read-only for them. */
export function isEditable(status: string): boolean {
	return canFire(applicationTransitions.submit, status)
}

// ---------------------------------------------------------------------------------------
// Calendar. The deadline is an instant (stored with its time zone); the server's clock
// decides: one second before is in time, the deadline itself is too late.

export function deadlinePassed(deadlineAt: Date | null, now: Date): boolean {
	return deadlineAt !== null && now.getTime() >= deadlineAt.getTime()
}

// ---------------------------------------------------------------------------------------
// The co-porter rule.

export type RuleMember = {
	organizationId: string | null
	name: string
	siren: string | null
	rna: string | null
	role: 'lead' | 'co_carrier'
	status: 'invited' | 'confirmed' | 'declined' | 'withdrawn'
	roleDescription: string
	contribution: string
	/** The part of the budget this association carries; confirmed shares must add up to the total charges. */
	budgetShareCents?: number | null
}

export type RuleApplication = {
	status: string
	title: string
	summary: string
	themeIds: string[]
	project: ProjectData
	cooperation: CooperationData
	budget: BudgetData
	answers?: Answers
	attachments?: GivenAttachment[]
}

export type RuleCall = {
	status: string
	minAssociations: number
	maxAmountPerProjectCents: number | null
	deadlineAt: Date | null
	questions?: CallQuestion[]
	requiredAttachments?: RequiredAttachmentRule[]
}

export type Problem = { section: SectionKey; message: string }

export { legalEntityKey }

export function confirmedEntities(members: RuleMember[]): number {
	return consortiumOf(members).legalEntities
}

const blank = (value: string | null | undefined) => !value || !value.trim()

/** Everything that prevents submission, by section, in French; empty when it may be submitted. */
export function checkSubmission(application: RuleApplication, members: RuleMember[], call: RuleCall, now: Date): Problem[] {
	const problems: Problem[] = []
	const add = (section: SectionKey, message: string) => problems.push({ section, message })

	// Calendar.
	if (!canFire(applicationTransitions.submit, application.status)) add('calendrier', 'Ce dossier a déjà été déposé ou retiré : il ne peut plus être déposé.')
	if (call.status !== 'published') add('calendrier', 'Cet appel à projets n’accepte plus de dépôt.')
	else if (deadlinePassed(call.deadlineAt, now)) {
		add('calendrier', `La date limite de dépôt est passée (${formatDateTime(call.deadlineAt)}, heure de Paris).`)
	}

	// Project.
	const project = application.project
	if (blank(application.title)) add('projet', 'Donnez un titre au projet.')
	if (blank(application.summary)) add('projet', 'Rédigez le résumé du projet.')
	if (application.themeIds.length === 0) add('projet', 'Choisissez au moins un thème de l’appel.')
	if (blank(project.territory)) add('projet', 'Décrivez le territoire du projet (communes, départements, quartier).')
	if (blank(project.territoryKind)) add('projet', 'Précisez le type de territoire (quartier prioritaire, rural ou autre).')
	if (blank(project.publics)) add('projet', 'Décrivez les publics visés.')
	if (project.expectedParticipants === null) add('projet', 'Indiquez le nombre de personnes attendues.')
	if (blank(project.collectiveObjectives)) add('projet', 'Rédigez les objectifs collectifs du projet.')
	const { confirmed } = consortiumOf(members)
	for (const member of confirmed) {
		const objectives = project.specificObjectives.find((o) => o.organizationId === member.organizationId)
		if (blank(objectives?.text)) add('projet', `Rédigez les objectifs spécifiques de « ${member.name} ».`)
	}
	if (!project.indicators.some((i) => !blank(i.label) && !blank(i.target))) {
		add('projet', 'Indiquez au moins un indicateur de réussite, avec sa cible.')
	}
	if (!project.timetable.some((s) => !blank(s.label) && !blank(s.date))) {
		add('projet', 'Indiquez au moins une étape de l’échéancier, avec sa date.')
	}

	// Cooperation.
	const cooperation = application.cooperation
	if (blank(cooperation.level)) add('cooperation', 'Choisissez le niveau de partage (mutualisation, collaboration ou coopération).')
	if (cooperation.triggers.length === 0) add('cooperation', 'Indiquez ce qui a déclenché la coopération.')
	const missingTopics = COOPERATION_TOPICS.filter((t) => blank(cooperation.topics[t.value]))
	if (missingTopics.length > 0) {
		add(
			'cooperation',
			`Pense-pas-bête : ${missingTopics.length === 1 ? 'un sujet reste' : `${missingTopics.length} sujets restent`} à traiter (${missingTopics
				.map((t) => t.label)
				.join(' ; ')}).`,
		)
	}
	if (cooperation.involvementForms.length === 0) add('cooperation', 'Choisissez au moins une forme d’implication des co-porteurs.')
	else if (cooperation.involvementForms.includes('autre') && blank(cooperation.involvementOther)) {
		add('cooperation', 'Précisez l’autre forme d’implication des co-porteurs.')
	}

	// Partners: the co-porter rule.
	const entities = confirmedEntities(members)
	if (entities < call.minAssociations) {
		add(
			'partenaires',
			`Il faut au moins ${call.minAssociations} associations distinctes (SIREN différents) ayant confirmé leur engagement, chef de file compris ; ${
				entities === 0 ? 'aucune ne l’a fait' : entities === 1 ? 'une seule l’a fait' : `${entities} l’ont fait`
			}.`,
		)
	}
	const lead = members.find((m) => m.role === 'lead')
	if (lead && lead.status !== 'confirmed') add('partenaires', `Le référent de « ${lead.name} » (chef de file) doit confirmer l’engagement de l’association.`)
	for (const member of confirmed) {
		if (blank(member.roleDescription)) add('partenaires', `« ${member.name} » : indiquez son rôle dans le projet (qui fait quoi).`)
		if (blank(member.contribution)) add('partenaires', `« ${member.name} » : indiquez sa contribution au projet.`)
	}

	// Budget.
	const budget = application.budget
	const totals = budgetTotals(budget)
	if (budget.charges.length === 0 || budget.amountRequestedCents === null) {
		add('budget', 'Budget à compléter : les charges prévues et le montant demandé à l’appel.')
	} else {
		if (!totals.balanced) {
			add('budget', `Le budget n’est pas équilibré : ${formatCentsPlain(totals.charges)} de charges pour ${formatCentsPlain(totals.products)} de produits.`)
		}
		if (budget.amountRequestedCents <= 0) add('budget', 'Indiquez le montant demandé à l’appel.')
		if (call.maxAmountPerProjectCents !== null && budget.amountRequestedCents > call.maxAmountPerProjectCents) {
			add(
				'budget',
				`Le montant demandé (${formatCentsPlain(budget.amountRequestedCents)}) dépasse le maximum de l’appel (${formatCentsPlain(call.maxAmountPerProjectCents)}).`,
			)
		}
		const shares = confirmed.reduce((sum, m) => sum + (m.budgetShareCents ?? 0), 0)
		if (shares !== totals.charges) {
			add(
				'budget',
				`La répartition du budget entre les associations (${formatCentsPlain(shares)}) ne correspond pas au total des charges (${formatCentsPlain(
					totals.charges,
				)}) : ajustez la part de chaque association dans « Partenaires ».`,
			)
		}
	}

	// The call's questions.
	const answers = application.answers ?? {}
	for (const question of call.questions ?? []) {
		if (question.required && !isAnswered(question, answers)) add('questions', `Répondez à la question « ${question.label} ».`)
	}

	// Attachments.
	const given = application.attachments ?? []
	for (const slot of attachmentSlots(call.requiredAttachments ?? [], members)) {
		if (given.some((a) => a.kind === slot.key && a.organizationId === slot.organizationId)) continue
		add(
			'pieces',
			slot.givenBy === 'lead'
				? `Pièce manquante : « ${slot.label} ».`
				: `Pièce manquante pour « ${slot.organizationName} » : « ${slot.label} ».`,
		)
	}
	return problems
}

const euro = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' })
function formatCentsPlain(cents: number) {
	return euro.format(cents / 100)
}

// ---------------------------------------------------------------------------------------
// Confirmations lapse when the lead changes what a co-porter committed to.

export function engagementChanged(
	before: { roleDescription: string; budgetShareCents: number | null },
	after: { roleDescription: string; budgetShareCents: number | null },
): boolean {
	return before.roleDescription.trim() !== after.roleDescription.trim() || before.budgetShareCents !== after.budgetShareCents
}
