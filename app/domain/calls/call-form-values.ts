/** The form values of a stored call, as strings the form fields show. */
import { formatEuroInput } from './call-form.ts'
import { BLANK_ROWS, blankRowCount, MAX_ATTACHMENTS, MAX_THEMES } from './call-rules.ts'
import { utcToParisLocal } from './paris-time.ts'

type StoredCall = {
	funderId: string
	title: string
	presentation: string
	eligibility: string
	territory: string
	minAssociations: number
	maxAmountPerProjectCents: number | null
	envelopeCents: number | null
	opensAt: Date | null
	deadlineAt: Date | null
	juryStartsOn: string | null
	juryEndsOn: string | null
	decisionOn: string | null
	projectStartsOn: string | null
	projectEndsOn: string | null
	evaluationDueOn: string | null
	requiredAttachments: { key: string; label: string; givenBy: string }[]
	notifyStaffOnSubmission: boolean
}

export function callFormValues(call: StoredCall, themes: { id: string; label: string }[]) {
	const deadline = call.deadlineAt ? utcToParisLocal(call.deadlineAt) : null
	// Blank rows never take a list past its maximum (app/utils/form-data.server.ts refuses it).
	const blanks = <T,>(row: T, filled: number, max: number) => Array.from({ length: blankRowCount(filled, max) }, () => row)
	return {
		funderId: call.funderId,
		title: call.title,
		presentation: call.presentation,
		eligibility: call.eligibility,
		territory: call.territory,
		minAssociations: String(call.minAssociations),
		maxAmountPerProject: formatEuroInput(call.maxAmountPerProjectCents),
		envelope: formatEuroInput(call.envelopeCents),
		opensOn: call.opensAt ? utcToParisLocal(call.opensAt).date : '',
		deadlineDate: deadline?.date ?? '',
		deadlineTime: deadline?.time ?? '',
		juryStartsOn: call.juryStartsOn ?? '',
		juryEndsOn: call.juryEndsOn ?? '',
		decisionOn: call.decisionOn ?? '',
		projectStartsOn: call.projectStartsOn ?? '',
		projectEndsOn: call.projectEndsOn ?? '',
		evaluationDueOn: call.evaluationDueOn ?? '',
		themes: [...themes.map((t) => ({ id: t.id, label: t.label })), ...blanks({ id: '', label: '' }, themes.length, MAX_THEMES)],
		attachments: [
			...call.requiredAttachments.map((a) => ({ key: a.key, label: a.label, givenBy: a.givenBy })),
			...blanks({ key: '', label: '', givenBy: 'each' }, call.requiredAttachments.length, MAX_ATTACHMENTS),
		],
		notifyStaffOnSubmission: call.notifyStaffOnSubmission ? 'on' : '',
	}
}

/** A new call: two associations at least, deadline at noon, blank rows. */
export function newCallFormValues(funderId: string | undefined) {
	const blanks = <T,>(row: T) => Array.from({ length: BLANK_ROWS }, () => row)
	return {
		funderId: funderId ?? '',
		minAssociations: '2',
		deadlineTime: '12:00',
		themes: blanks({ id: '', label: '' }),
		attachments: blanks({ key: '', label: '', givenBy: 'each' }),
		notifyStaffOnSubmission: 'on',
	}
}
