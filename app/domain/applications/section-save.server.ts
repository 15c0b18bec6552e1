import type { SubmissionResult } from '@conform-to/react'
import { json } from '@remix-run/node'
import type { SectionConflict } from './sections.server.ts'

type Reply = (options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }) => SubmissionResult<string[]>

/**
 * The answer of a section page whose save was refused (409): what was typed stays in the
 * form, with the message; on a version conflict, the other person's text comes along.
 */
export function refusedSectionSave<T>(
	submission: { reply: Reply },
	outcome: SectionConflict<T> | { ok: false; message: string; field?: string },
) {
	if ('conflict' in outcome) {
		return json(
			{ result: submission.reply({ formErrors: [outcome.message] }), conflict: { current: outcome.current, version: outcome.currentVersion } },
			{ status: 409 },
		)
	}
	const reply = outcome.field
		? submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] } })
		: submission.reply({ formErrors: [outcome.message] })
	return json({ result: reply, conflict: null }, { status: 409 })
}
