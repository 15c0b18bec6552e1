/**
 * The call's jury steps through the engine, as funder staff fire them: closed → jury
 * (refused while a dossier waits for its admissibility decision; afterwards admissibility
 * is frozen) and jury → deliberation. The table entries themselves are exercised from
 * every state by lifecycle-engine.test.ts.
 */
import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { decideAdmissibility } from '#app/domain/applications/instruction.server.ts'
import { startDeliberation, startJury } from '#app/domain/jury/jury-lifecycle.server.ts'
import { db } from '#db/client.server.ts'
import { applicationMembers, applications, auditEvents, calls, juryConflicts } from '#db/schema/index.ts'
import { addMember, createCall, createJuror, createOrganization, createStaff } from '#tests/factories.ts'
import { get, login, startTestServer } from '#tests/support/server.ts'

async function closedCall(status: (typeof calls.$inferInsert)['status'] = 'closed') {
	const staff = await createStaff('funder')
	const call = await createCall({ funderId: staff.organization.id, status, deadlineAt: new Date(Date.now() - 3600_000) })
	return { staff, call }
}

async function dossier(callId: string, status: (typeof applications.$inferInsert)['status']) {
	const lead = await createOrganization({ kind: 'association' })
	const [row] = await db.insert(applications).values({ callId, leadOrganizationId: lead.id, title: 'Contes et crêpes', status, submittedAt: new Date() }).returning()
	return row!
}

async function statusOf(callId: string) {
	const [row] = await db.select({ status: calls.status }).from(calls).where(eq(calls.id, callId))
	return row!.status
}

async function auditOf(id: string) {
	return db.select().from(auditEvents).where(eq(auditEvents.subjectId, id))
}

async function thrown(promise: Promise<unknown>) {
	return promise.then(
		() => null,
		(e: unknown) => e,
	)
}

describe('ouvrir le jury (clos → jury)', () => {
	test('refusé tant qu’un dossier attend sa décision de recevabilité, accepté une fois tout décidé', async () => {
		const { staff, call } = await closedCall()
		await dossier(call.id, 'admissible')
		await dossier(call.id, 'inadmissible')
		await dossier(call.id, 'withdrawn')
		const waiting = await dossier(call.id, 'submitted')
		expect(await startJury({ user: staff.user, callId: call.id })).toEqual({
			ok: false,
			message: 'Un dossier attend encore sa décision de recevabilité : décidez-la avant d’ouvrir le jury.',
		})
		expect(await statusOf(call.id)).toBe('closed')
		expect(await auditOf(call.id)).toEqual([])

		expect(await decideAdmissibility({ user: staff.user, callId: call.id, applicationId: waiting.id, decision: 'admissible', reason: '' })).toEqual({ ok: true })
		expect(await startJury({ user: staff.user, callId: call.id })).toEqual({ ok: true })
		expect(await statusOf(call.id)).toBe('jury')
		const events = await auditOf(call.id)
		expect(events).toHaveLength(1)
		expect(events[0]).toMatchObject({ actorUserId: staff.user.id, action: 'call.jury_started', data: { transition: 'startJury', from: 'closed', to: 'jury' } })
	})

	test('ouvrir le jury détecte les conflits d’intérêts des dossiers recevables', async () => {
		const { staff, call } = await closedCall()
		const target = await dossier(call.id, 'admissible')
		await db.insert(applicationMembers).values({ applicationId: target.id, organizationId: target.leadOrganizationId, role: 'lead', status: 'confirmed' })
		const juror = await createJuror(call.id)
		await addMember(target.leadOrganizationId, juror.id, 'member')
		expect(await startJury({ user: staff.user, callId: call.id })).toEqual({ ok: true })
		const [conflict] = await db.select().from(juryConflicts).where(eq(juryConflicts.applicationId, target.id))
		expect(conflict).toMatchObject({ cause: 'member_of_consortium', status: 'open', source: 'detected' })
	})

	test('le message compte les dossiers en attente', async () => {
		const { staff, call } = await closedCall()
		await dossier(call.id, 'submitted')
		await dossier(call.id, 'submitted')
		expect(await startJury({ user: staff.user, callId: call.id })).toMatchObject({ ok: false, message: expect.stringContaining('2 dossiers attendent encore') })
	})

	test('le jury ouvert fige la recevabilité : une décision ne peut plus être changée', async () => {
		const { staff, call } = await closedCall()
		const admissible = await dossier(call.id, 'admissible')
		expect(await startJury({ user: staff.user, callId: call.id })).toEqual({ ok: true })
		expect(await decideAdmissibility({ user: staff.user, callId: call.id, applicationId: admissible.id, decision: 'inadmissible', reason: 'Finalement non.' })).toEqual({
			ok: false,
			message: 'Le jury a commencé : la décision de recevabilité ne peut plus être modifiée.',
		})
		const [row] = await db.select({ status: applications.status }).from(applications).where(eq(applications.id, admissible.id))
		expect(row!.status).toBe('admissible')
		// The funder's dossier says so, without the decision's form.
		const server = await startTestServer()
		try {
			const page = await get(server, `/gestion/appels/${call.id}/candidatures/${admissible.id}`, await login(server, staff.user.email))
			expect(page.status).toBe(200)
			const html = await page.text()
			expect(html).toContain('le jury a commencé, cette décision ne peut plus être modifiée')
			expect(html).not.toContain('Enregistrer la décision')
			expect(html).not.toContain('id="recevabilite"')
		} finally {
			await server.close()
		}
	})

	test('refusé depuis tout autre état que « clos », sans rien écrire', async () => {
		for (const status of ['draft', 'published', 'jury', 'deliberation', 'decided'] as const) {
			const { staff, call } = await closedCall(status)
			expect(await startJury({ user: staff.user, callId: call.id }), status).toEqual({ ok: false, message: 'Seul un appel clos peut passer au jury.' })
			expect(await statusOf(call.id)).toBe(status)
			expect(await auditOf(call.id)).toEqual([])
		}
	})

	test('le personnel d’un autre financeur reçoit un 404 et l’appel ne bouge pas', async () => {
		const { call } = await closedCall()
		const outsider = await createStaff('funder')
		const error = await thrown(startJury({ user: outsider.user, callId: call.id }))
		expect(error).toBeInstanceOf(Response)
		expect((error as Response).status).toBe(404)
		expect(await statusOf(call.id)).toBe('closed')
	})
})

describe('ouvrir la délibération (jury → délibération)', () => {
	test('depuis le jury, avec son événement d’audit', async () => {
		const { staff, call } = await closedCall('jury')
		expect(await startDeliberation({ user: staff.user, callId: call.id })).toEqual({ ok: true })
		expect(await statusOf(call.id)).toBe('deliberation')
		const [event] = await auditOf(call.id)
		expect(event).toMatchObject({ action: 'call.deliberation_started', data: { from: 'jury', to: 'deliberation' } })
	})

	test('refusée depuis tout autre état, et au personnel d’un autre financeur', async () => {
		for (const status of ['published', 'closed', 'deliberation', 'decided'] as const) {
			const { staff, call } = await closedCall(status)
			expect(await startDeliberation({ user: staff.user, callId: call.id }), status).toMatchObject({ ok: false })
			expect(await statusOf(call.id)).toBe(status)
		}
		const { call } = await closedCall('jury')
		const outsider = await createStaff('funder')
		expect(((await thrown(startDeliberation({ user: outsider.user, callId: call.id }))) as Response).status).toBe(404)
		expect(await statusOf(call.id)).toBe('jury')
	})
})
