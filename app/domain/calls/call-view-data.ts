/**
 * What applicants read of a call, built once for the public call page and the funder's
 * preview so that both show the same thing (app/components/call-view.tsx renders it).
 */
export type CallViewData = {
	title: string
	funderName: string
	presentation: string
	eligibility: string
	territory: string
	minAssociations: number
	maxAmountPerProjectCents: number | null
	envelopeCents: number | null
	opensAt: string | null
	deadlineAt: string | null
	juryStartsOn: string | null
	juryEndsOn: string | null
	decisionOn: string | null
	projectStartsOn: string | null
	projectEndsOn: string | null
	evaluationDueOn: string | null
	themes: string[]
	requiredAttachments: { key: string; label: string; givenBy: string }[]
	questions: { id: string; label: string; type: string; required: boolean; maxLength: number | null; choices: string[] | null }[]
}

type CallRow = Omit<CallViewData, 'funderName' | 'themes' | 'requiredAttachments' | 'questions' | 'opensAt' | 'deadlineAt'> & {
	opensAt: Date | null
	deadlineAt: Date | null
}

export function callViewData({
	call,
	funderName,
	themes,
	requiredAttachments,
	questions,
}: {
	call: CallRow
	funderName: string
	themes: { label: string }[]
	requiredAttachments: CallViewData['requiredAttachments']
	questions: CallViewData['questions']
}): CallViewData {
	return {
		title: call.title,
		funderName,
		presentation: call.presentation,
		eligibility: call.eligibility,
		territory: call.territory,
		minAssociations: call.minAssociations,
		maxAmountPerProjectCents: call.maxAmountPerProjectCents,
		envelopeCents: call.envelopeCents,
		opensAt: call.opensAt?.toISOString() ?? null,
		deadlineAt: call.deadlineAt?.toISOString() ?? null,
		juryStartsOn: call.juryStartsOn,
		juryEndsOn: call.juryEndsOn,
		decisionOn: call.decisionOn,
		projectStartsOn: call.projectStartsOn,
		projectEndsOn: call.projectEndsOn,
		evaluationDueOn: call.evaluationDueOn,
		themes: themes.map((t) => t.label),
		requiredAttachments: requiredAttachments.map(({ key, label, givenBy }) => ({ key, label, givenBy })),
		questions: questions.map(({ id, label, type, required, maxLength, choices }) => ({ id, label, type, required, maxLength, choices })),
	}
}
