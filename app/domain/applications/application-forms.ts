/**
 * The application's forms: one Zod schema per form, used by the browser (Conform) and the
 * server. A draft is saved as it goes, so these schemas check the shape of what is typed
 * (lengths, numbers, dates, amounts), not completeness: completeness is the submission
 * rule's job (rules.ts, checkSubmission).
 */
import { z } from 'zod'
import { checkDateRange, SHORT_TEXT_LIMIT_MAX } from '#app/domain/calls/call-rules.ts'
import { parseEuroAmount, parseFrenchNumber } from '#app/utils/format.ts'
import {
	CHARGE_ACCOUNTS,
	COOPERATION_TOPICS,
	INVOLVEMENT_FORMS,
	LONG_TEXT_DEFAULT_MAX,
	OTHER_PARTNER_KINDS,
	PRODUCT_ACCOUNTS,
	SHARING_LEVELS,
	SHORT_TEXT_MAX,
	TERRITORY_KINDS,
	TRIGGERS,
	YES_NO,
} from './options.ts'
import type { CallQuestion } from './rules.ts'

const optionalText = (max: number, what: string) =>
	z
		.string()
		.trim()
		.max(max, `${what} ne doit pas dépasser ${max.toLocaleString('fr-FR')} caractères.`)
		.optional()
		.transform((v) => v ?? '')

/**
 * The version a section was read at. Stored as a PostgreSQL integer: anything beyond is
 * not one of ours (and would make the database fail), so it is refused like a stale page.
 */
const version = z
	.number({ required_error: 'Rechargez la page.', invalid_type_error: 'Rechargez la page.' })
	.int('Rechargez la page.')
	.min(0, 'Rechargez la page.')
	.max(2_147_483_647, 'Rechargez la page.')

/**
 * The lists each form accepts, with their maximum count (app/utils/form-data.server.ts
 * refuses a row past it before anything is parsed; the form states it).
 */
export const PROJECT_LISTS = {
	indicators: { max: 20, label: 'indicateurs' },
	timetable: { max: 20, label: 'étapes dans l’échéancier' },
	specificObjectives: { max: 30, label: 'associations' },
	themeIds: { max: 30, label: 'thèmes' },
}

export const COOPERATION_LISTS = {
	triggers: { max: TRIGGERS.length, label: 'déclencheurs' },
	involvementForms: { max: INVOLVEMENT_FORMS.length, label: 'formes d’implication' },
	otherPartners: { max: OTHER_PARTNER_KINDS.length, label: 'types de partenaires' },
}

export const BUDGET_LISTS = {
	charges: { max: 40, label: 'lignes de charges' },
	products: { max: 40, label: 'lignes de produits' },
}

const values = <T extends readonly { value: string }[]>(options: T) => options.map((o) => o.value) as [T[number]['value'], ...T[number]['value'][]]

const choices = <T extends readonly { value: string }[]>(options: T, message: string) =>
	z
		.array(z.enum(values(options), { errorMap: () => ({ message }) }))
		.optional()
		.transform((v) => [...new Set(v ?? [])])

const title = z
	.string({ required_error: 'Donnez un titre au projet.' })
	.trim()
	.min(3, 'Le titre doit compter au moins 3 caractères.')
	.max(200, 'Le titre ne doit pas dépasser 200 caractères.')

export const CreateApplicationSchema = z.object({
	intent: z.literal('create'),
	title,
	leadOrganizationId: z.string({ required_error: 'Choisissez l’association chef de file.' }),
})

const DATE = /^\d{4}-\d{2}-\d{2}$/
function isRealDate(value: string) {
	if (!DATE.test(value)) return false
	const date = new Date(`${value}T00:00:00Z`)
	return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value
}

export const ProjectSchema = z
	.object({
		version,
		title,
		summary: optionalText(3000, 'Le résumé'),
		themeIds: z
			.array(z.string())
			.optional()
			.transform((v) => [...new Set(v ?? [])]),
		territory: optionalText(1000, 'La description du territoire'),
		territoryKind: z
			.enum(values(TERRITORY_KINDS), { errorMap: () => ({ message: 'Choisissez un type de territoire dans la liste.' }) })
			.optional()
			.transform((v) => v ?? ''),
		publics: optionalText(2000, 'La description des publics'),
		expectedParticipants: z
			.number({ invalid_type_error: 'Indiquez un nombre de personnes en chiffres, sans espace ni décimale.' })
			.int('Indiquez un nombre entier de personnes.')
			.min(0, 'Le nombre de personnes ne peut pas être négatif.')
			.max(1_000_000, 'Ce nombre de personnes est trop élevé : vérifiez la saisie.')
			.optional()
			.transform((v) => v ?? null),
		collectiveObjectives: optionalText(3000, 'Les objectifs collectifs'),
		specificObjectives: z
			.array(z.object({ organizationId: z.string().optional(), text: optionalText(2000, 'Les objectifs spécifiques') }).optional())
			.optional()
			.transform((v) => (v ?? []).filter((o) => o?.organizationId).map((o) => ({ organizationId: o!.organizationId!, text: o!.text }))),
		indicators: z
			.array(z.object({ label: optionalText(300, 'L’indicateur'), target: optionalText(300, 'La cible') }).optional())
			.optional()
			.transform((v) => (v ?? []).map((o) => o ?? { label: '', target: '' })),
		timetable: z
			.array(z.object({ label: optionalText(300, 'L’étape'), date: optionalText(10, 'La date') }).optional())
			.optional()
			.transform((v) => (v ?? []).map((o) => o ?? { label: '', date: '' })),
	})
	.superRefine((value, ctx) => {
		value.indicators.forEach((indicator, index) => {
			if (indicator.label && !indicator.target) {
				ctx.addIssue({ code: 'custom', path: ['indicators', index, 'target'], message: 'Indiquez la cible de cet indicateur.' })
			}
			if (!indicator.label && indicator.target) {
				ctx.addIssue({ code: 'custom', path: ['indicators', index, 'label'], message: 'Nommez l’indicateur de cette cible.' })
			}
		})
		value.timetable.forEach((step, index) => {
			if (step.date && !isRealDate(step.date)) {
				ctx.addIssue({ code: 'custom', path: ['timetable', index, 'date'], message: 'Indiquez une date valide (jj/mm/aaaa).' })
			} else if (step.date) {
				const outOfRange = checkDateRange(step.date)
				if (outOfRange) ctx.addIssue({ code: 'custom', path: ['timetable', index, 'date'], message: outOfRange })
			}
			if (step.label && !step.date) {
				ctx.addIssue({ code: 'custom', path: ['timetable', index, 'date'], message: 'Indiquez la date de cette étape.' })
			}
			if (!step.label && step.date) {
				ctx.addIssue({ code: 'custom', path: ['timetable', index, 'label'], message: 'Décrivez l’étape prévue à cette date.' })
			}
		})
	})
	.transform((value) => ({
		...value,
		indicators: value.indicators.filter((i) => i.label || i.target),
		timetable: value.timetable.filter((s) => s.label || s.date).sort((a, b) => a.date.localeCompare(b.date)),
	}))

export type ProjectInput = z.infer<typeof ProjectSchema>

export const CooperationSchema = z
	.object({
		version,
		level: z
			.enum(values(SHARING_LEVELS), { errorMap: () => ({ message: 'Choisissez un niveau de partage dans la liste.' }) })
			.optional()
			.transform((v) => v ?? ''),
		triggers: choices(TRIGGERS, 'Choisissez les déclencheurs dans la liste.'),
		topics: z
			.object(Object.fromEntries(COOPERATION_TOPICS.map((t) => [t.value, optionalText(3000, 'Ce texte')])) as Record<string, ReturnType<typeof optionalText>>)
			.optional()
			.transform((v) => Object.fromEntries(COOPERATION_TOPICS.map((t) => [t.value, (v?.[t.value] as string | undefined) ?? '']))),
		involvementForms: choices(INVOLVEMENT_FORMS, 'Choisissez les formes d’implication dans la liste.'),
		involvementOther: optionalText(500, 'La précision'),
		otherPartners: choices(OTHER_PARTNER_KINDS, 'Choisissez les partenaires dans la liste.'),
		otherPartnersDetails: optionalText(2000, 'La description des autres partenaires'),
	})
	.superRefine((value, ctx) => {
		if (value.involvementOther && !value.involvementForms.includes('autre')) {
			ctx.addIssue({ code: 'custom', path: ['involvementForms'], message: 'Cochez « Autre » si vous précisez une autre forme d’implication.' })
		}
	})

export type CooperationInput = z.infer<typeof CooperationSchema>

/** An amount typed the French way ("1 234,56"); empty means none. */
/** A euro amount typed the French way, optional (null when empty); its message names the field. Also the final report's. */
export const amount = (what: string) =>
	z
		.string()
		.optional()
		.transform((input, ctx) => {
			if (!input?.trim()) return null
			const parsed = parseEuroAmount(input.trim())
			if (!parsed.ok) {
				ctx.addIssue({ code: 'custom', message: `${what} : ${parsed.message.charAt(0).toLowerCase()}${parsed.message.slice(1)}` })
				return z.NEVER
			}
			return parsed.cents
		})

const budgetLines = (accounts: readonly { value: string }[]) =>
	z
		.array(
			z
				.object({
					account: z.string().optional(),
					label: optionalText(200, 'Le libellé'),
					amount: amount('Montant'),
				})
				.optional(),
		)
		.optional()
		.transform((v) => (v ?? []).map((line) => ({ account: line?.account ?? '', label: line?.label ?? '', amountCents: line?.amount ?? null })))
		.superRefine((lines, ctx) => {
			lines.forEach((line, index) => {
				const filled = line.label || line.amountCents !== null
				if (!filled) return
				if (!line.account || !accounts.some((a) => a.value === line.account)) {
					ctx.addIssue({ code: 'custom', path: [index, 'account'], message: 'Choisissez le compte de cette ligne.' })
				}
				if (!line.label) ctx.addIssue({ code: 'custom', path: [index, 'label'], message: 'Donnez un libellé à cette ligne.' })
				if (line.amountCents === null) ctx.addIssue({ code: 'custom', path: [index, 'amount'], message: 'Indiquez le montant de cette ligne.' })
			})
		})
		.transform((lines) =>
			lines.filter((l) => l.label || l.amountCents !== null).map((l) => ({ account: l.account, label: l.label, amountCents: l.amountCents ?? 0 })),
		)

export const BudgetSchema = z.object({
	version,
	charges: budgetLines(CHARGE_ACCOUNTS),
	products: budgetLines(PRODUCT_ACCOUNTS),
	amountRequested: amount('Montant demandé'),
})

export type BudgetInput = z.infer<typeof BudgetSchema>

// ---------------------------------------------------------------------------------------
// The call's custom questions: one schema per call, built from its questions (fields
// `answers.<questionId>`). Empty answers are allowed while drafting; required ones are
// checked at submission.

/** The character limit of a text question. */
export function textLimit(question: Pick<CallQuestion, 'type' | 'maxLength'>) {
	// The funder's limit when it set one (the call form accepts up to SHORT_TEXT_LIMIT_MAX).
	if (question.type === 'short_text') return Math.min(question.maxLength ?? SHORT_TEXT_MAX, SHORT_TEXT_LIMIT_MAX)
	return question.maxLength ?? LONG_TEXT_DEFAULT_MAX
}

function answerSchema(question: CallQuestion) {
	switch (question.type) {
		case 'short_text':
		case 'long_text': {
			const max = textLimit(question)
			return z
				.string()
				.trim()
				.max(max, `La réponse ne doit pas dépasser ${max.toLocaleString('fr-FR')} caractères.`)
				.optional()
		}
		case 'number':
			return z
				.string()
				.optional()
				.transform((input, ctx) => {
					if (!input?.trim()) return undefined
					const parsed = parseFrenchNumber(input)
					if (!parsed.ok) {
						ctx.addIssue({ code: 'custom', message: 'Indiquez un nombre en chiffres (par exemple 12, 12,5 ou 1 234,5).' })
						return z.NEVER
					}
					// No question of a call asks for a negative quantity.
					if (parsed.negative && parsed.value !== 0) {
						ctx.addIssue({ code: 'custom', message: 'Indiquez un nombre positif ou nul.' })
						return z.NEVER
					}
					return parsed.value
				})
		case 'yes_no':
			return z.enum(['oui', 'non'], { errorMap: () => ({ message: `Répondez par ${YES_NO.map((o) => `« ${o.label} »`).join(' ou ')}.` }) }).optional()
		case 'choice': {
			const choices = question.choices ?? []
			return z
				.string()
				.optional()
				.refine((v) => !v || choices.includes(v), 'Choisissez une réponse dans la liste.')
		}
	}
}

export function answersSchema(questions: CallQuestion[]) {
	return z.object({
		version,
		answers: z
			.object(Object.fromEntries(questions.map((q) => [q.id, answerSchema(q)])) as Record<string, z.ZodTypeAny>)
			.optional()
			.transform((v) => {
				const answers: Record<string, string | number> = {}
				for (const [key, value] of Object.entries(v ?? {})) {
					if (typeof value === 'number' || (typeof value === 'string' && value !== '')) answers[key] = value
				}
				return answers
			}),
	})
}

export type AnswersInput = { version: number; answers: Record<string, string | number> }

// ---------------------------------------------------------------------------------------
// Partners.

export const InviteOrganizationSchema = z.object({
	intent: z.literal('invite-organization'),
	identifier: z
		.string({ required_error: 'Indiquez le SIRET (14 chiffres) ou le numéro RNA (W suivi de 9 caractères) de l’association.' })
		.trim()
		.max(40, 'Ce numéro est trop long : indiquez un SIRET (14 chiffres) ou un RNA (W suivi de 9 caractères).'),
})

export const InviteByEmailSchema = z.object({
	intent: z.literal('invite-email'),
	email: z
		.string({ required_error: 'Indiquez l’adresse e-mail de la personne à inviter.' })
		.trim()
		.toLowerCase()
		.email('Cette adresse e-mail n’est pas valide (exemple : prenom.nom@exemple.fr).')
		.max(254, 'Cette adresse e-mail est trop longue.'),
})

export const MemberActionSchema = z.object({
	intent: z.enum(['resend', 'remove']),
	memberId: z.string({ required_error: 'Association introuvable.' }),
})

export const UpdateMemberSchema = z.object({
	intent: z.literal('update-member'),
	memberId: z.string({ required_error: 'Association introuvable.' }),
	roleDescription: optionalText(2000, 'Le rôle'),
	contribution: optionalText(2000, 'La contribution'),
	budgetShare: amount('Part du budget'),
})

export const EngagementSchema = z.object({
	intent: z.literal('accept'),
	roleDescription: z
		.string({ required_error: 'Décrivez le rôle de votre association dans le projet (qui fait quoi).' })
		.trim()
		.max(2000, 'Le rôle ne doit pas dépasser 2 000 caractères.'),
	contribution: z
		.string({ required_error: 'Décrivez la contribution de votre association (moyens humains, matériels, financiers).' })
		.trim()
		.max(2000, 'La contribution ne doit pas dépasser 2 000 caractères.'),
})

export const DeclineSchema = z.object({
	intent: z.enum(['decline', 'withdraw']),
	message: z
		.string({ required_error: 'Expliquez en quelques mots votre décision au chef de file.' })
		.trim()
		.max(2000, 'Le message ne doit pas dépasser 2 000 caractères.'),
})

export const WithdrawApplicationSchema = z.object({
	intent: z.literal('withdraw'),
	reason: z
		.string({ required_error: 'Indiquez la raison du retrait : elle sera transmise aux associations et au financeur.' })
		.trim()
		.max(2000, 'La raison ne doit pas dépasser 2 000 caractères.'),
})

export const ClaimInvitationSchema = z.object({
	intent: z.literal('claim'),
	organizationId: z.string({ required_error: 'Choisissez l’association qui répond à l’invitation.' }),
})
