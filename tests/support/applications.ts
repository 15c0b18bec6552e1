/**
 * An application ready to submit (kept for the tests written before the factory): a funder
 * with one staff member, a call with two questions and two required attachments (the RIB
 * from the lead, the statutes from each association), a lead A and a partner B that
 * confirmed, every section filled and every file given. Built by tests/factories.ts.
 */
import type { calls } from '#db/schema/index.ts'
import { createApplication } from '#tests/factories.ts'

export { PDF, QUESTION_LONG, QUESTION_YES_NO } from '#tests/factories.ts'

export async function readyApplication(callOverrides: Partial<typeof calls.$inferInsert> = {}) {
	const { funder, call, questions, lead, partners, id } = await createApplication({ complete: true, callOverrides })
	return { staff: funder, call, questions, a: lead, b: partners[0]!, id }
}
