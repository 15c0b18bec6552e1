/**
 * Downloads of a call's bulk data (its applications, open data, bilan, payments) in the
 * journal: who took which file, with which filters. Called once the access check passed,
 * before the file is sent.
 */
import { db } from '#db/client.server.ts'
import { recordAudit } from '#app/domain/audit.server.ts'

export type CallDownload = 'call.applications_exported' | 'call.open_data_exported' | 'call.bilan_exported' | 'call.payments_exported'

export async function recordCallDownload(input: { user: { id: string }; callId: string; action: CallDownload; file: string; format: string; rows?: number; filters?: Record<string, unknown> }): Promise<void> {
	const data: Record<string, unknown> = { file: input.file, format: input.format }
	if (input.rows !== undefined) data.rows = input.rows
	if (input.filters) data.filters = input.filters
	await recordAudit(db, { actorUserId: input.user.id, action: input.action, subjectType: 'call', subjectId: input.callId, data })
}
