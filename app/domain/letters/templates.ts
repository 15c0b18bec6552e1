/**
 * The texts of a call's decision emails and letters (issue 9): six messages, one email and
 * one letter per decision, with named placeholders ({{association}}…) the funder's staff
 * may edit. Pure: the defaults, the placeholders each message accepts, the check of a text
 * before it is saved, and its rendering. A rendered text is plain text: the email escapes
 * it as a whole (emails/decision-letter.ts) and the letter prints it as text, so neither
 * the staff's text nor a placeholder's value (a project title) can inject HTML.
 */
import { z } from 'zod'

export const LETTER_DECISIONS = ['selected', 'waitlisted', 'rejected'] as const
export type LetterDecision = (typeof LETTER_DECISIONS)[number]

export const DECISION_LABELS: Record<LetterDecision, string> = {
	selected: 'Retenu',
	waitlisted: 'Liste d’attente',
	rejected: 'Non retenu',
}

export const TEMPLATE_KEYS = [
	'selected-email',
	'selected-letter',
	'waitlisted-email',
	'waitlisted-letter',
	'rejected-email',
	'rejected-letter',
] as const
export type TemplateKey = (typeof TEMPLATE_KEYS)[number]

export function isTemplateKey(value: unknown): value is TemplateKey {
	return typeof value === 'string' && (TEMPLATE_KEYS as readonly string[]).includes(value)
}

export const templateKey = (decision: LetterDecision, kind: 'email' | 'letter'): TemplateKey => `${decision}-${kind}`
export const decisionOf = (key: TemplateKey) => key.split('-')[0] as LetterDecision
export const kindOf = (key: TemplateKey) => key.split('-')[1] as 'email' | 'letter'

export const TEMPLATE_LABELS: Record<TemplateKey, string> = {
	'selected-email': 'E-mail « retenu »',
	'selected-letter': 'Courrier « retenu »',
	'waitlisted-email': 'E-mail « liste d’attente »',
	'waitlisted-letter': 'Courrier « liste d’attente »',
	'rejected-email': 'E-mail « non retenu »',
	'rejected-letter': 'Courrier « non retenu »',
}

/** What the first field is called: the email's subject, the letter's title. */
export const SUBJECT_LABEL = { email: 'Objet de l’e-mail', letter: 'Titre du courrier' } as const

export const PLACEHOLDERS = {
	association: 'le nom de l’association destinataire',
	consortium: 'les associations du consortium, chef de file en premier',
	projet: 'le titre du projet',
	appel: 'le titre de l’appel à projets',
	financeur: 'le nom du financeur',
	motivation: 'la motivation de la décision',
	montant: 'le montant accordé (dossiers retenus)',
	rang_liste_attente: 'le rang sur la liste d’attente',
	date: 'la date de la décision',
	contact: 'l’adresse de contact du financeur',
	lien: 'le lien vers le dossier sur Ensemble',
} as const
export type Placeholder = keyof typeof PLACEHOLDERS

const COMMON: Placeholder[] = ['association', 'consortium', 'projet', 'appel', 'financeur', 'motivation', 'date', 'contact', 'lien']

/** The placeholders a message accepts: the amount only when retained, the rank only on the waiting list. */
export function placeholdersFor(key: TemplateKey): Placeholder[] {
	const decision = decisionOf(key)
	return [...COMMON, ...(decision === 'selected' ? (['montant'] as const) : []), ...(decision === 'waitlisted' ? (['rang_liste_attente'] as const) : [])]
}

export const SUBJECT_MAX = 200
export const BODY_MAX = 6000

export type TemplateText = { subject: string; body: string }

const SIGN_OFF = 'Veuillez agréer, Madame, Monsieur, l’expression de nos salutations distinguées.'

export const DEFAULT_TEMPLATES: Record<TemplateKey, TemplateText> = {
	'selected-email': {
		subject: 'Votre projet « {{projet}} » est retenu — Ensemble',
		body: [
			'Bonjour,',
			'Nous avons le plaisir de vous annoncer que {{financeur}} a retenu le projet « {{projet}} », déposé à l’appel à projets « {{appel}} » par le consortium {{consortium}}.',
			'Montant accordé : {{montant}}.\nMotivation : {{motivation}}',
			'Vous trouverez en pièce jointe le courrier de décision adressé à {{association}}. Prochaine étape : une convention de subvention sera proposée à la signature de chaque association du consortium ; elle fixera les engagements de chacune et le versement de la subvention en tranches.',
			'Pour toute question, écrivez à {{contact}}.',
		].join('\n\n'),
	},
	'selected-letter': {
		subject: 'Décision d’attribution d’une subvention',
		body: [
			'Madame, Monsieur,',
			'Au terme de la délibération de l’appel à projets « {{appel}} », {{financeur}} a décidé de retenir le projet « {{projet}} », porté par le consortium {{consortium}}, et de lui accorder une subvention de {{montant}}.',
			'La suite : une convention de subvention sera proposée à la signature de chacune des associations du consortium. Elle précisera les engagements de chacune, le calendrier du projet et le versement de la subvention en tranches : une première tranche à la signature, le solde à la remise du bilan du projet.',
			'Nous vous remercions pour la qualité de votre dossier et nous réjouissons d’accompagner votre coopération.',
			SIGN_OFF,
		].join('\n\n'),
	},
	'waitlisted-email': {
		subject: 'Votre projet « {{projet}} » est sur liste d’attente — Ensemble',
		body: [
			'Bonjour,',
			'À l’issue de la délibération de l’appel à projets « {{appel}} », le projet « {{projet}} », porté par le consortium {{consortium}}, a été placé sur liste d’attente (rang {{rang_liste_attente}}).',
			'Motivation : {{motivation}}',
			'L’enveloppe de l’appel ne permet pas de le financer aujourd’hui. Si un montant se libère, les projets de la liste d’attente seront reconsidérés dans l’ordre et vous en serez informés par un nouveau courrier.',
			'Vous trouverez en pièce jointe le courrier de décision adressé à {{association}}. Pour toute question, écrivez à {{contact}}.',
		].join('\n\n'),
	},
	'waitlisted-letter': {
		subject: 'Décision : projet placé sur liste d’attente',
		body: [
			'Madame, Monsieur,',
			'Au terme de la délibération de l’appel à projets « {{appel}} », le projet « {{projet}} », porté par le consortium {{consortium}}, a été placé sur liste d’attente, au rang {{rang_liste_attente}}.',
			'L’enveloppe de l’appel ne permet pas de le financer à ce jour. Si un montant se libère (par exemple si un projet retenu ne peut se réaliser), les projets de la liste d’attente seront reconsidérés dans l’ordre : vous en serez informés sans délai, par un nouveau courrier.',
			SIGN_OFF,
		].join('\n\n'),
	},
	'rejected-email': {
		subject: 'Décision sur votre projet « {{projet}} » — Ensemble',
		body: [
			'Bonjour,',
			'À l’issue de la délibération de l’appel à projets « {{appel}} », {{financeur}} n’a pas retenu le projet « {{projet}} », porté par le consortium {{consortium}}.',
			'Motivation : {{motivation}}',
			'Nous savons l’énergie que demande un projet construit à plusieurs associations. Cette coopération a de la valeur au-delà de cet appel : nous vous encourageons à la poursuivre et à répondre à de prochains appels.',
			'Vous trouverez en pièce jointe le courrier de décision adressé à {{association}}. Pour toute question, écrivez à {{contact}}.',
		].join('\n\n'),
	},
	'rejected-letter': {
		subject: 'Décision : projet non retenu',
		body: [
			'Madame, Monsieur,',
			'Au terme de la délibération de l’appel à projets « {{appel}} », {{financeur}} n’a pas retenu le projet « {{projet}} », porté par le consortium {{consortium}}. La motivation de cette décision est rappelée ci-dessus.',
			'Nous savons l’énergie que demande un projet construit à plusieurs associations. Votre coopération a de la valeur au-delà de cet appel : nous vous encourageons à la poursuivre et à répondre à de prochains appels à projets.',
			'Pour toute question sur cette décision, vous pouvez écrire à {{contact}}.',
			SIGN_OFF,
		].join('\n\n'),
	},
}

const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/g

/** The placeholders of a text that this message does not accept, and whether braces are left unclosed. */
export function checkPlaceholders(key: TemplateKey, text: string): string | null {
	const allowed = placeholdersFor(key)
	const unknown = new Set<string>()
	for (const match of text.matchAll(TOKEN)) {
		if (!(allowed as string[]).includes(match[1]!)) unknown.add(match[1]!)
	}
	const list = allowed.map((p) => `{{${p}}}`).join(', ')
	if (unknown.size > 0) {
		const names = [...unknown].map((name) => `{{${name}}}`).join(', ')
		return `${unknown.size > 1 ? 'Champs inconnus' : 'Champ inconnu'} : ${names}. Champs possibles : ${list}.`
	}
	if (/\{\{|\}\}/.test(text.replace(TOKEN, ''))) return `Des accolades ne sont pas refermées : écrivez un champ ainsi, {{projet}}. Champs possibles : ${list}.`
	return null
}

/** The form of one message: its text, and the version it was read at (a save on an older one is refused). */
export function templateFormSchema(key: TemplateKey) {
	const kind = kindOf(key)
	return z.object({
		subject: z
			.string({ required_error: kind === 'email' ? 'Indiquez l’objet de l’e-mail.' : 'Indiquez le titre du courrier.' })
			.trim()
			.min(1, kind === 'email' ? 'Indiquez l’objet de l’e-mail.' : 'Indiquez le titre du courrier.')
			.max(SUBJECT_MAX, `${SUBJECT_MAX} caractères au plus.`)
			.refine((value) => !/[\r\n]/.test(value), 'Une seule ligne.')
			.superRefine((value, ctx) => {
				const problem = checkPlaceholders(key, value)
				if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem })
			}),
		body: z
			.string({ required_error: 'Écrivez le texte du message.' })
			.trim()
			.min(1, 'Écrivez le texte du message.')
			.max(BODY_MAX, `${BODY_MAX} caractères au plus.`)
			.superRefine((value, ctx) => {
				const problem = checkPlaceholders(key, value)
				if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem })
			}),
		version: z.coerce.number({ invalid_type_error: 'Rechargez la page.' }).int().min(0),
		/** The row the form edited ('' for the default text): a reset then a new save is a new row, not the one read. */
		row: z.string().max(100).optional().default(''),
	})
}

export type PlaceholderValues = Record<Placeholder, string>

/** Replaces each placeholder by its value; the result is plain text. Unknown names (never saved) are left as written. */
export function renderText(text: string, values: Partial<PlaceholderValues>): string {
	return text.replace(TOKEN, (whole, name: string) => (name in values ? (values[name as Placeholder] ?? '') : whole))
}

export function renderTemplate(template: TemplateText, values: Partial<PlaceholderValues>): TemplateText {
	return { subject: renderText(template.subject, values).replace(/[\r\n]+/g, ' '), body: renderText(template.body, values) }
}

/** "Les Tisserands (chef de file), Contes en Isère et Le Fil" */
export function consortiumText(members: { name: string; isLead: boolean }[]): string {
	const names = [...members].sort((a, b) => Number(b.isLead) - Number(a.isLead)).map((m) => (m.isLead ? `${m.name} (chef de file)` : m.name))
	if (names.length <= 1) return names.join('')
	return `${names.slice(0, -1).join(', ')} et ${names.at(-1)}`
}

/** Paragraphs of a body: separated by blank lines; a single line break stays inside its paragraph. */
export function paragraphsOf(body: string): string[] {
	return body
		.split(/\n\s*\n/)
		.map((p) => p.trim())
		.filter(Boolean)
}

/** What the placeholders are filled from: the call, one dossier, and the association written to. */
export type CallFacts = { id: string; title: string; funderName: string; contactEmail: string | null }
export type DossierFacts = {
	applicationId: string
	title: string
	status: string
	decisionVersion: number
	amountGrantedCents: number | null
	motivation: string | null
	waitlistPosition: number | null
	decidedAt: Date | null
	/** The confirmed associations of the consortium, the lead first. */
	members: { organizationId: string; name: string; isLead: boolean }[]
}

export function placeholderValues(input: {
	call: CallFacts
	dossier: DossierFacts
	recipient: string
	url: string
	formatCents: (cents: number | null) => string
	formatDate: (date: Date) => string
	now: Date
}): PlaceholderValues {
	const { call, dossier } = input
	return {
		association: input.recipient,
		consortium: consortiumText(dossier.members),
		projet: dossier.title,
		appel: call.title,
		financeur: call.funderName,
		motivation: dossier.motivation?.trim() || '—',
		montant: input.formatCents(dossier.amountGrantedCents),
		rang_liste_attente: dossier.waitlistPosition !== null ? String(dossier.waitlistPosition) : '—',
		date: input.formatDate(dossier.decidedAt ?? input.now),
		contact: call.contactEmail || `l’équipe de ${call.funderName}, par la messagerie du dossier sur Ensemble`,
		lien: input.url,
	}
}
