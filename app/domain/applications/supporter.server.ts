/**
 * The consortium's accompanying structure (issue 8): the lead names, while the dossier is
 * editable, the supporter structure (Maison des Associations…) that accompanies it, or
 * none. That structure may then give its opinion (app/domain/supporters/opinions.server.ts),
 * and its staff are in conflict of interest on the dossier if they sit on the jury.
 */
import { and, asc, eq } from 'drizzle-orm'
import { recordAudit } from '#app/domain/audit.server.ts'
import { redetectConflictsFor } from '#app/domain/jury/conflicts.server.ts'
import { db, type Executor } from '#db/client.server.ts'
import { applications, organizations } from '#db/schema/index.ts'
import { type Actor, decide, READ_ONLY_MESSAGE, type Refusal, requireEditor } from './access.server.ts'

export const NOT_A_SUPPORTER = 'Choisissez une structure d’accompagnement de la liste.'

/** Every supporter structure of the portal, by name: the choices offered to the lead. */
export async function listSupporterStructures(executor: Executor = db) {
	return executor
		.select({ id: organizations.id, name: organizations.name, territory: organizations.territory })
		.from(organizations)
		.where(eq(organizations.kind, 'supporter'))
		.orderBy(asc(organizations.name))
}

/**
 * The lead names the dossier's accompanying structure (null: none). Refused on the field
 * for anything but a supporter structure; the dossier must be editable. One transaction,
 * one audit event; the jury's conflicts are checked again (a structure changed).
 * Exported for the demo seed too.
 */
export async function nameSupporter(input: {
	id: string
	user: Actor
	supporterOrganizationId: string | null
}): Promise<{ ok: true } | Refusal<'supporterOrganizationId'>> {
	return db.transaction(async (tx) => {
		const access = await requireEditor(tx, input.id, input.user)
		if (!decide(access, 'edit').allowed) return { ok: false as const, message: READ_ONLY_MESSAGE }
		let structure: { id: string; name: string } | null = null
		if (input.supporterOrganizationId) {
			const [found] = await tx
				.select({ id: organizations.id, name: organizations.name })
				.from(organizations)
				.where(and(eq(organizations.id, input.supporterOrganizationId), eq(organizations.kind, 'supporter')))
			if (!found) return { ok: false as const, field: 'supporterOrganizationId' as const, message: NOT_A_SUPPORTER }
			structure = found
		}
		const from = access.application.supporterOrganizationId
		if (from === (structure?.id ?? null)) return { ok: true as const }
		await tx.update(applications).set({ supporterOrganizationId: structure?.id ?? null, updatedAt: new Date() }).where(eq(applications.id, access.application.id))
		await recordAudit(tx, {
			actorUserId: input.user.id,
			action: structure ? 'application.supporter_named' : 'application.supporter_cleared',
			subjectType: 'application',
			subjectId: access.application.id,
			data: { from, to: structure?.id ?? null, organizationName: structure?.name ?? null },
		})
		await redetectConflictsFor(tx, { applicationIds: [access.application.id], organizationIds: [from] }, { actorUserId: input.user.id })
		return { ok: true as const }
	})
}
