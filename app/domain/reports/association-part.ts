/**
 * Each association's own part of the end-of-project evaluation (issue 10): the questions of
 * the 2012 bilan (seed 003), answered by the association's référent only, so that the call's
 * bilan (issue 11) counts them as the seed does. The form saves as it goes — any answer may be
 * missing while drafting (`AssociationPartSchema` only checks the values given) — and
 * `associationPartProblems` says what is still missing before the evaluation can be sent. Pure.
 */
import { z } from 'zod'
import { text } from './fields.ts'
import { CONTINUE_CHOICES, INTEREST_LEVELS, INVOLVEMENT_FORMS, OTHER_PARTNER_KINDS, YES_NO_ANSWERS } from './options.ts'

export const PART_TEXT_MAX = 3000
export const PART_SHORT_MAX = 300

const valuesOf = (list: readonly { value: string }[]) => list.map((o) => o.value) as [string, ...string[]]
const choice = (list: readonly { value: string }[], message: string) => z.enum(valuesOf(list), { errorMap: () => ({ message }) }).optional()
/** Checkboxes: one value, several, or none; each must be one of the list. */
const several = (list: readonly { value: string }[], message: string) =>
	z
		.preprocess((v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]), z.array(z.enum(valuesOf(list), { errorMap: () => ({ message }) })).max(list.length, message))
		.transform((v) => [...new Set(v)])

export const AssociationPartSchema = z.object({
	involvementForms: several(INVOLVEMENT_FORMS, 'Choisissez parmi les formes proposées.'),
	involvementOther: text(PART_SHORT_MAX, 'Autre forme'),
	interest: choice(INTEREST_LEVELS, 'Choisissez un niveau d’intérêt proposé.'),
	mobilisedOthers: choice(YES_NO_ANSWERS, 'Répondez par oui ou par non.'),
	otherPartners: several(OTHER_PARTNER_KINDS, 'Choisissez parmi les partenaires proposés.'),
	newFunding: choice(YES_NO_ANSWERS, 'Répondez par oui ou par non.'),
	newFundingDetails: text(PART_SHORT_MAX, 'Nouveaux financements'),
	notoriety: choice(YES_NO_ANSWERS, 'Répondez par oui ou par non.'),
	continueTogether: choice(CONTINUE_CHOICES, 'Choisissez une réponse proposée.'),
	brought: text(PART_TEXT_MAX, 'Ce que la coopération a apporté'),
	differently: text(PART_TEXT_MAX, 'Ce que vous feriez autrement'),
})

export type AssociationPart = z.infer<typeof AssociationPartSchema>

export type PartProblem = { field: keyof AssociationPart; message: string }

/** What is missing before this part is complete, each with its field and a French message. */
export function associationPartProblems(part: Partial<AssociationPart>): PartProblem[] {
	const problems: PartProblem[] = []
	const missing = (field: keyof AssociationPart, message: string) => problems.push({ field, message })
	const forms = part.involvementForms ?? []
	if (forms.length === 0) missing('involvementForms', 'Indiquez au moins une forme d’implication de votre association.')
	if (forms.includes('autre') && !part.involvementOther) missing('involvementOther', 'Précisez l’autre forme d’implication.')
	if (!part.interest) missing('interest', 'Indiquez l’intérêt que votre association a trouvé à coopérer.')
	if (!part.mobilisedOthers) missing('mobilisedOthers', 'Indiquez si la coopération a mobilisé d’autres partenaires.')
	if (part.mobilisedOthers === 'oui' && (part.otherPartners ?? []).length === 0) missing('otherPartners', 'Indiquez quels autres partenaires ont été mobilisés.')
	if (!part.newFunding) missing('newFunding', 'Indiquez si la coopération vous a apporté de nouveaux financements.')
	if (part.newFunding === 'oui' && !part.newFundingDetails) missing('newFundingDetails', 'Précisez les nouveaux financements obtenus.')
	if (!part.notoriety) missing('notoriety', 'Indiquez si la notoriété de votre association a grandi.')
	if (!part.continueTogether) missing('continueTogether', 'Indiquez si vous souhaitez continuer ensemble.')
	if (!part.brought) missing('brought', 'Dites ce que la coopération a apporté à votre association.')
	if (!part.differently) missing('differently', 'Dites ce que vous feriez autrement.')
	return problems
}
