/** A draft created on an open call, its lead association's engagement included. */
import { can } from '#app/auth/policy/index.ts'
import { policyUserOf } from '#app/auth/policy/load.server.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { db, type Executor } from '#db/client.server.ts'
import { applicationMembers, applications } from '#db/schema/index.ts'
import { getPublishedCall, isOpen, notOpenMessage } from './published-calls.server.ts'
import { type Actor, type Refusal, organizationName } from './access.server.ts'

/**
 * A member of an association creates a draft on an open call, that association leading.
 * The lead's engagement is confirmed at once when its référent creates the draft; when a
 * simple member does, the référent confirms it like a partner (docs/decisions/008).
 */
export async function createApplication({
	user,
	callId,
	title,
	leadOrganizationId,
	now = new Date(),
}: {
	user: Actor
	callId: string
	title: string
	leadOrganizationId: string
	now?: Date
}): Promise<{ ok: true; applicationId: string } | Refusal<'leadOrganizationId' | 'title'>> {
	return db.transaction((tx) => createApplicationIn(tx, { user, callId, title, leadOrganizationId, now }))
}

/** The same inside the caller's transaction (an accepted answer to an announcement creates the announcer's draft, issue 12). */
export async function createApplicationIn(
	tx: Executor,
	{ user, callId, title, leadOrganizationId, now }: { user: Actor; callId: string; title: string; leadOrganizationId: string; now: Date },
): Promise<{ ok: true; applicationId: string } | Refusal<'leadOrganizationId' | 'title'>> {
	{
		const call = await getPublishedCall(callId, tx)
		if (!isOpen(call, now)) {
			return { ok: false as const, message: notOpenMessage(call, now) }
		}
		const viewer = await policyUserOf(tx, user)
		const lead = { kind: 'organization', id: leadOrganizationId } as const
		if (!can(viewer, 'lead-application', lead).allowed) {
			return { ok: false as const, field: 'leadOrganizationId' as const, message: 'Choisissez une de vos associations comme chef de file.' }
		}
		// Its référent starting the dossier confirms the lead's engagement at once.
		const isReferent = can(viewer, 'answer-for', lead).allowed
		const [application] = await tx
			.insert(applications)
			.values({ callId, leadOrganizationId, title, createdById: user.id })
			.returning({ id: applications.id, version: applications.version })
		await tx.insert(applicationMembers).values({
			applicationId: application!.id,
			organizationId: leadOrganizationId,
			role: 'lead',
			status: isReferent ? 'confirmed' : 'invited',
			confirmedVersion: isReferent ? application!.version : null,
			confirmedAt: isReferent ? now : null,
			confirmedById: isReferent ? user.id : null,
		})
		await recordAudit(tx, {
			actorUserId: user.id,
			action: 'application.created',
			subjectType: 'application',
			subjectId: application!.id,
			data: { callId, leadOrganizationId, title },
		})
		if (isReferent) {
			await recordAudit(tx, {
				actorUserId: user.id,
				action: 'application.partner_confirmed',
				subjectType: 'application',
				subjectId: application!.id,
				data: { organizationId: leadOrganizationId, organizationName: await organizationName(tx, leadOrganizationId), role: 'lead', version: application!.version },
			})
		}
		return { ok: true as const, applicationId: application!.id }
	}
}
