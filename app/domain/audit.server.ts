import { auditEvents } from '#db/schema/index.ts'
import type { Executor } from '#db/client.server.ts'

/** Appends an audit event in the caller's transaction. */
export async function recordAudit(
	tx: Executor,
	event: { actorUserId: string | null; action: string; subjectType: string; subjectId: string; data?: Record<string, unknown> },
): Promise<void> {
	await tx.insert(auditEvents).values({ ...event, data: event.data ?? {} })
}
