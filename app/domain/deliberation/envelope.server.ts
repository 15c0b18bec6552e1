/**
 * The envelope rule (issue 9): the amounts of a call's retained dossiers never add up to more
 * than its envelope. Every decision that retains a dossier or changes a retained amount reads
 * the total here **after locking the call's row FOR UPDATE** in its own transaction
 * (requireCallForDeliberation / requireCallForStaff with 'update'): two staff members deciding
 * at once are then served one after the other, and the second sees the first's amount.
 */
import { and, eq, inArray, ne, sql } from 'drizzle-orm'
import type { Executor } from '#db/client.server.ts'
import { applications } from '#db/schema/index.ts'
import { RETAINED_STATUSES } from '#app/domain/applications/lifecycle.ts'
import { formatCents } from '#app/utils/format.ts'

export { RETAINED_STATUSES } from '#app/domain/applications/lifecycle.ts'

/** The sum granted to the call's retained dossiers, leaving out one (the dossier being decided). Call under the call's row lock. */
export async function retainedTotalCents(tx: Executor, callId: string, except?: string): Promise<number> {
	const [row] = await tx
		.select({ total: sql<string | null>`sum(${applications.amountGrantedCents})` })
		.from(applications)
		.where(and(eq(applications.callId, callId), inArray(applications.status, [...RETAINED_STATUSES]), except ? ne(applications.id, except) : undefined))
	return Number(row?.total ?? 0)
}

export type EnvelopeRefusal = { ok: false; message: string }

/**
 * Whether `amountCents` can be retained for one more dossier, given what the others already
 * hold. A call without an envelope has no limit. The message says what is left.
 */
export function checkEnvelope(envelopeCents: number | null, othersCents: number, amountCents: number): { ok: true } | EnvelopeRefusal {
	if (envelopeCents === null) return { ok: true }
	if (othersCents + amountCents <= envelopeCents) return { ok: true }
	const left = Math.max(0, envelopeCents - othersCents)
	return { ok: false, message: `Ce montant dépasse l’enveloppe : il reste ${formatCents(left)} à attribuer.` }
}
