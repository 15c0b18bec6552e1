/**
 * The awards of a call as the open-data exports read them (issue 11, open-data.ts writes
 * them): the retained dossiers with a grant of a decided call — the policy's
 * followUpApplicationsWhere in the WHERE, so a call still in deliberation (provisional
 * decisions), a waiting list, a refusal or a renunciation never appear — each with its
 * confirmed associations, its agreement's signature and its tranches. One statement for the
 * awards (the lists nested with json_agg, db/json-rows.ts), capped; the call and its funder
 * are read first, 404 for anyone but the call's funder staff.
 */
import { and, asc, eq, gt, sql } from 'drizzle-orm'
import { type PolicyUser } from '#app/auth/policy/index.ts'
import { policyUserOf, requireCallForStaff } from '#app/auth/policy/load.server.ts'
import { followUpApplicationsWhere } from '#app/auth/policy/visibility.server.ts'
import { receiptReference } from '#app/domain/applications/receipt.server.ts'
import { db } from '#db/client.server.ts'
import { jsonRows } from '#db/json-rows.ts'
import { agreements, applicationMembers, applications, organizations, payments } from '#db/schema/index.ts'
import type { OpenDataAward, OpenDataSource } from './open-data.ts'

type Actor = { id: string } | PolicyUser

/** More retained dossiers than any call has: the export stays bounded. */
export const OPEN_DATA_MAX_AWARDS = 5_000

const membersJson = jsonRows({
	columns: {
		organizationId: applicationMembers.organizationId,
		role: applicationMembers.role,
		grantShareCents: applicationMembers.grantShareCents,
		name: organizations.name,
		siret: organizations.siret,
		siren: organizations.siren,
		rna: organizations.rna,
		postalCode: organizations.postalCode,
		commune: organizations.commune,
		departement: organizations.departement,
	},
	// The consortium as the agreement names it: the confirmed associations, the lead first.
	from: sql`from ${applicationMembers} inner join ${organizations} on ${eq(organizations.id, applicationMembers.organizationId)} where ${eq(applicationMembers.applicationId, applications.id)} and ${eq(applicationMembers.status, 'confirmed')}`,
	orderBy: sql`${applicationMembers.role}, ${organizations.name}, ${organizations.id}`,
})

const tranchesJson = jsonRows({
	columns: {
		trigger: payments.trigger,
		amountCents: payments.amountCents,
		triggeredAt: payments.triggeredAt,
		paidOn: payments.paidOn,
		paidAmountCents: payments.paidAmountCents,
	},
	from: sql`from ${payments} where ${eq(payments.applicationId, applications.id)}`,
	orderBy: sql`${payments.position}`,
})

export async function loadOpenData(input: { user: Actor; callId: string }): Promise<{ source: OpenDataSource; awards: OpenDataAward[] }> {
	const user = await policyUserOf(db, input.user)
	const { call } = await requireCallForStaff(db, user, input.callId)
	const [[funder], rows] = await Promise.all([
		db.select({ id: organizations.id, name: organizations.name, siret: organizations.siret, siren: organizations.siren }).from(organizations).where(eq(organizations.id, call.funderId)),
		db
			.select({
				applicationId: applications.id,
				title: applications.title,
				summary: applications.summary,
				amountGrantedCents: applications.amountGrantedCents,
				decidedAt: applications.decidedAt,
				agreementStatus: agreements.status,
				agreementSignedAt: agreements.signedAt,
				members: membersJson,
				tranches: tranchesJson,
			})
			.from(applications)
			.leftJoin(agreements, eq(agreements.applicationId, applications.id))
			.where(and(eq(applications.callId, call.id), followUpApplicationsWhere(user), gt(applications.amountGrantedCents, 0)))
			.orderBy(asc(applications.title), asc(applications.id))
			.limit(OPEN_DATA_MAX_AWARDS),
	])
	const source: OpenDataSource = {
		funder: { id: call.funderId, name: funder?.name ?? '', siret: funder?.siret ?? null, siren: funder?.siren ?? null },
		call: {
			id: call.id,
			title: call.title,
			decisionOn: call.decisionOn,
			projectStartsOn: call.projectStartsOn,
			projectEndsOn: call.projectEndsOn,
			evaluationDueOn: call.evaluationDueOn,
			planTriggers: call.tranchePlan.map((t) => t.trigger),
		},
	}
	const awards = rows.map(
		(row): OpenDataAward => ({
			applicationId: row.applicationId,
			reference: receiptReference(row.applicationId),
			title: row.title,
			summary: row.summary,
			amountGrantedCents: row.amountGrantedCents ?? 0,
			decidedAt: row.decidedAt,
			// A cancelled agreement is no agreement (the dossier would no longer be retained).
			agreementSignedAt: row.agreementStatus === 'signed' ? row.agreementSignedAt : null,
			tranches: row.tranches,
			members: row.members.map((m) => ({ ...m, organizationId: m.organizationId! })),
		}),
	)
	return { source, awards }
}
