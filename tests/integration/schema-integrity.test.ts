/**
 * What the database itself refuses, whatever the code above it does: one consortium-level
 * evaluation per application, no invitation to an application or a call that does not
 * exist. Runs on PGlite and on PostgreSQL alike.
 */
import { eq, sql } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { APPLICATION_STATUSES } from '#app/domain/applications/statuses.ts'
import { CALL_STATUSES } from '#app/domain/calls/lifecycle.ts'
import { db } from '#db/client.server.ts'
import { applications, evaluations, invitations, jurors, juryConflicts } from '#db/schema/index.ts'
import { createCall, createOrganization, createUser } from '#tests/factories.ts'

/** The SQLSTATE of a refused query (drizzle wraps the driver's error in `cause`). */
async function sqlStateOf(promise: Promise<unknown>): Promise<string | undefined> {
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e,
	)
	if (error === undefined) return undefined
	let current: unknown = error
	while (current && typeof current === 'object') {
		const code = (current as { code?: unknown }).code
		if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code
		current = (current as { cause?: unknown }).cause
	}
	return `no SQLSTATE in ${String(error)}`
}

const UNIQUE_VIOLATION = '23505'
const FOREIGN_KEY_VIOLATION = '23503'

async function anApplication() {
	const call = await createCall()
	const lead = await createOrganization({ kind: 'association' })
	const [application] = await db.insert(applications).values({ callId: call.id, leadOrganizationId: lead.id, title: 'Projet commun' }).returning()
	return { call, lead, application: application! }
}

function invitationTo(target: { applicationId?: string; callId?: string }) {
	return {
		kind: 'application_partner' as const,
		email: 'partenaire@exemple.test',
		tokenHash: `hash-${Math.random().toString(36).slice(2)}`,
		expiresAt: new Date(Date.now() + 24 * 3600_000),
		...target,
	}
}

describe('évaluations : une seule évaluation du consortium par candidature', () => {
	test('une deuxième évaluation au niveau du consortium (organisation nulle) est refusée par la base', async () => {
		const { application } = await anApplication()
		await db.insert(evaluations).values({ applicationId: application.id, organizationId: null })
		expect(await sqlStateOf(db.insert(evaluations).values({ applicationId: application.id, organizationId: null }))).toBe(UNIQUE_VIOLATION)
		expect(await db.select().from(evaluations)).toHaveLength(1)
	})

	test('une évaluation par association reste possible à côté de celle du consortium, jamais deux pour la même', async () => {
		const { application, lead } = await anApplication()
		const partner = await createOrganization({ kind: 'association' })
		await db.insert(evaluations).values([
			{ applicationId: application.id, organizationId: null },
			{ applicationId: application.id, organizationId: lead.id },
			{ applicationId: application.id, organizationId: partner.id },
		])
		expect(await sqlStateOf(db.insert(evaluations).values({ applicationId: application.id, organizationId: partner.id }))).toBe(UNIQUE_VIOLATION)
		// Another application has its own consortium-level evaluation.
		const other = await anApplication()
		await db.insert(evaluations).values({ applicationId: other.application.id, organizationId: null })
		expect(await db.select().from(evaluations)).toHaveLength(4)
	})
})

describe('invitations : la candidature et l’appel visés existent', () => {
	test('une invitation à une candidature inexistante est refusée par la base', async () => {
		const { call } = await anApplication()
		expect(await sqlStateOf(db.insert(invitations).values(invitationTo({ applicationId: crypto.randomUUID(), callId: call.id })))).toBe(FOREIGN_KEY_VIOLATION)
		expect(await db.select().from(invitations)).toEqual([])
	})

	test('une invitation à un appel inexistant est refusée par la base', async () => {
		expect(await sqlStateOf(db.insert(invitations).values(invitationTo({ callId: crypto.randomUUID() })))).toBe(FOREIGN_KEY_VIOLATION)
		expect(await db.select().from(invitations)).toEqual([])
	})

	test('les invitations d’une candidature disparaissent avec elle', async () => {
		const { call, application } = await anApplication()
		await db.insert(invitations).values(invitationTo({ applicationId: application.id, callId: call.id }))
		await db.delete(applications).where(eq(applications.id, application.id))
		expect(await db.select().from(invitations)).toEqual([])
	})
})

describe('statuts des candidatures', () => {
	test('l’énumération de la base suit la liste des statuts, dans l’ordre', async () => {
		const result = (await db.execute(sql`select unnest(enum_range(null::application_status))::text as status`)) as unknown
		const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { status: string }[]
		expect(rows.map((r) => r.status)).toEqual([...APPLICATION_STATUSES])
	})
})

describe('statuts des appels', () => {
	test('l’énumération de la base suit la liste des statuts de l’appel, délibération comprise, dans l’ordre', async () => {
		const result = (await db.execute(sql`select unnest(enum_range(null::call_status))::text as status`)) as unknown
		const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { status: string }[]
		expect(rows.map((r) => r.status)).toEqual([...CALL_STATUSES])
		expect(CALL_STATUSES).toContain('deliberation')
	})
})

describe('jury : un·e président·e par appel, un conflit par juré, dossier et cause', () => {
	async function aJuror(callId: string, isChair = false) {
		const user = await createUser()
		const [juror] = await db.insert(jurors).values({ callId, userId: user.id, isChair }).returning()
		return juror!
	}

	test('un juré inscrit sans précision est invité, sans plafond ni présidence', async () => {
		const { call } = await anApplication()
		const juror = await aJuror(call.id)
		expect(juror).toMatchObject({ status: 'invited', isChair: false, maxLoad: null, themeIds: [], territories: [], kind: 'external_expert' })
	})

	test('une deuxième présidence dans le même appel est refusée par la base, pas dans un autre appel', async () => {
		const { call } = await anApplication()
		await aJuror(call.id, true)
		await aJuror(call.id, false)
		const user = await createUser()
		expect(await sqlStateOf(db.insert(jurors).values({ callId: call.id, userId: user.id, isChair: true }))).toBe(UNIQUE_VIOLATION)
		const other = await anApplication()
		await aJuror(other.call.id, true)
	})

	test('le même conflit (juré, dossier, cause) n’est enregistré qu’une fois ; une autre cause s’ajoute', async () => {
		const { call, application } = await anApplication()
		const juror = await aJuror(call.id)
		const row = { jurorId: juror.id, applicationId: application.id, source: 'detected' as const, cause: 'member_of_consortium' as const }
		await db.insert(juryConflicts).values(row)
		expect(await sqlStateOf(db.insert(juryConflicts).values(row))).toBe(UNIQUE_VIOLATION)
		await db.insert(juryConflicts).values({ ...row, source: 'declared', cause: 'declared_personal', detail: 'Ma sœur préside le chef de file.' })
		expect(await db.select().from(juryConflicts)).toHaveLength(2)
		// They go with the dossier.
		await db.delete(applications).where(eq(applications.id, application.id))
		expect(await db.select().from(juryConflicts)).toEqual([])
	})
})
