/**
 * A decided call for the letters' tests and bench (issue 9): dossiers written directly in
 * their decided state (the deliberation's own functions are tested elsewhere), each with its
 * consortium of confirmed associations, each association with its référent.
 */
import { db } from '#db/client.server.ts'
import { applicationMembers, applications, calls, memberships, organizations, users } from '#db/schema/index.ts'

export type DecidedDossier = {
	title?: string
	status: 'selected' | 'waitlisted' | 'rejected'
	amountGrantedCents?: number | null
	motivation?: string
	waitlistPosition?: number | null
	/** Associations of the consortium, the lead included (default 2). */
	associations?: number
}

let sequence = 0

/** Inserts the call's funder, staff member, call and dossiers; fast enough for hundreds of dossiers. */
export async function seedDecidedCall(options: { dossiers: DecidedDossier[]; status?: 'decided' | 'deliberation' | 'published'; funderId?: string; passwordHash?: string }) {
	const run = `${Date.now().toString(36)}${++sequence}`
	let funderId = options.funderId
	if (!funderId) {
		const [funder] = await db.insert(organizations).values({ kind: 'funder', name: `Fondation ${run}`, contactEmail: `contact-${run}@fondation.test` }).returning()
		funderId = funder!.id
	}
	const [call] = await db
		.insert(calls)
		.values({ funderId, title: `Vivre ensemble ${run}`, status: options.status ?? 'decided', deadlineAt: new Date(Date.now() - 30 * 86400_000), decidedAt: new Date() })
		.returning()
	const dossiers: { id: string; title: string; associations: { id: string; name: string; referentEmail: string }[] }[] = []
	let n = 0
	const rows = options.dossiers.map((d, i) => ({ d, i }))
	// Associations and référents in bulk: one insert each.
	const sizes = rows.map(({ d }) => d.associations ?? 2)
	const orgValues = sizes.flatMap((size, i) => Array.from({ length: size }, (_, j) => ({ kind: 'association' as const, name: `Association ${run}-${i}-${j}` })))
	const orgs = await db.insert(organizations).values(orgValues).returning({ id: organizations.id, name: organizations.name })
	const people = await db
		.insert(users)
		.values(orgs.map((o, k) => ({ email: `referent-${run}-${k}@asso.test`, displayName: `Référent ${k}`, passwordHash: options.passwordHash ?? 'x', emailVerifiedAt: new Date() })))
		.returning({ id: users.id, email: users.email })
	await db.insert(memberships).values(orgs.map((o, k) => ({ organizationId: o.id, userId: people[k]!.id, role: 'referent' as const })))
	const apps = await db
		.insert(applications)
		.values(
			rows.map(({ d, i }) => {
				const lead = orgs[sizes.slice(0, i).reduce((a, b) => a + b, 0)]!
				return {
					callId: call!.id,
					leadOrganizationId: lead.id,
					title: d.title ?? `Projet ${i + 1}`,
					status: d.status,
					submittedAt: new Date(Date.now() - 40 * 86400_000),
					amountRequestedCents: 1_000_000,
					amountGrantedCents: d.status === 'selected' ? (d.amountGrantedCents ?? 800_000) : null,
					decisionMotivation: d.motivation ?? 'Une coopération solide et un ancrage local réel.',
					waitlistPosition: d.status === 'waitlisted' ? (d.waitlistPosition ?? 1) : null,
					decidedAt: new Date(),
					decisionVersion: 1,
				}
			}),
		)
		.returning({ id: applications.id, title: applications.title })
	const members: (typeof applicationMembers.$inferInsert)[] = []
	for (const { i } of rows) {
		const own = orgs.slice(n, n + sizes[i]!).map((o, j) => ({ ...o, referentEmail: people[n + j]!.email }))
		n += sizes[i]!
		own.forEach((o, j) => members.push({ applicationId: apps[i]!.id, organizationId: o.id, role: j === 0 ? 'lead' : 'co_carrier', status: 'confirmed' }))
		dossiers.push({ id: apps[i]!.id, title: apps[i]!.title, associations: own })
	}
	await db.insert(applicationMembers).values(members)
	return { call: call!, funderId, dossiers }
}
