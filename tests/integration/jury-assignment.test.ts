/**
 * The jury's assignment (issue 8) on the database: the automatic run (N jurors per dossier,
 * maxima, never a blocking conflict, the « at least one juror of this kind » rule, a re-run
 * that only fills gaps), the manual changes with their French refusals, one email per juror
 * listing their dossiers, the reminders (button and 3 days before the jury's end, once),
 * the audit events, and the page over HTTP (another funder's staff get 404).
 */
import { and, eq, inArray, isNotNull } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startCallJobs } from '#app/domain/calls/call-jobs.server.ts'
import { utcToParisLocal } from '#app/domain/calls/paris-time.ts'
import { addAssignment, applyAssignment, moveAssignment, previewAssignment, removeAssignment, updateJurySettings } from '#app/domain/jury/assignment.server.ts'
import { declineJury, removeJuror } from '#app/domain/jury/composition.server.ts'
import { getAssignmentPage, remindLateJurors, sendJuryReminders } from '#app/domain/jury/progress.server.ts'
import { db } from '#db/client.server.ts'
import { applicationMembers, applications, auditEvents, calls, jurors, juryAssignments, juryConflicts, outboxMessages, users } from '#db/schema/index.ts'
import { createCall, createJuror, createOrganization, createStaff } from '#tests/factories.ts'
import { get, login, post, startTestServer, type TestServer } from '#tests/support/server.ts'
import { statementsDuring } from '#tests/support/statements.ts'

type Juror = { userId: string; jurorId: string; email: string }

async function juryCall(overrides: Partial<typeof calls.$inferInsert> = {}) {
	const staff = await createStaff('funder')
	const call = await createCall({ funderId: staff.organization.id, status: 'jury', deadlineAt: new Date(Date.now() - 3600_000), juryEndsOn: '2027-05-15', ...overrides })
	return { staff, call }
}

/** Recevable dossiers of the call, inserted as the jury finds them. */
async function dossiers(callId: string, count: number, status: (typeof applications.$inferInsert)['status'] = 'admissible') {
	const lead = await createOrganization({ kind: 'association' })
	const rows = await db
		.insert(applications)
		.values(Array.from({ length: count }, (_, i) => ({ callId, leadOrganizationId: lead.id, title: `Dossier ${String(i + 1).padStart(2, '0')}`, status, submittedAt: new Date() })))
		.returning()
	await db.insert(applicationMembers).values(rows.map((row) => ({ applicationId: row.id, organizationId: lead.id, role: 'lead' as const, status: 'confirmed' as const })))
	return rows
}

async function juror(callId: string, overrides: Parameters<typeof createJuror>[1] = {}): Promise<Juror> {
	const user = await createJuror(callId, overrides)
	const [seat] = await db.select().from(jurors).where(and(eq(jurors.callId, callId), eq(jurors.userId, user.id)))
	return { userId: user.id, jurorId: seat!.id, email: user.email }
}

async function assignmentsOf(callId: string) {
	return db
		.select({ id: juryAssignments.id, jurorId: juryAssignments.jurorId, applicationId: juryAssignments.applicationId, source: juryAssignments.source, notifiedAt: juryAssignments.notifiedAt })
		.from(juryAssignments)
		.innerJoin(jurors, eq(jurors.id, juryAssignments.jurorId))
		.where(eq(jurors.callId, callId))
}

const countBy = <T>(rows: T[], key: (row: T) => string) => rows.reduce((m, row) => m.set(key(row), (m.get(key(row)) ?? 0) + 1), new Map<string, number>())

async function emailsTo(address: string, template: string) {
	return db.select().from(outboxMessages).where(and(eq(outboxMessages.toAddress, address), eq(outboxMessages.template, template)))
}

async function mustApply(user: { id: string }, callId: string) {
	const outcome = await applyAssignment({ user, callId })
	if (!outcome.ok) throw new Error(outcome.message)
	return outcome
}

describe('affectation automatique', () => {
	test('chaque dossier reçoit N jurés, les charges restent à 1 près, une source « automatic », un événement d’audit avec les paires', async () => {
		const { staff, call } = await juryCall()
		const apps = await dossiers(call.id, 10)
		await dossiers(call.id, 1, 'inadmissible')
		const jury = await Promise.all(Array.from({ length: 4 }, () => juror(call.id)))
		await juror(call.id, { status: 'invited' })

		const preview = await previewAssignment({ user: staff.user, callId: call.id })
		if (!preview.ok) throw new Error(preview.message)
		expect(preview.preview.newCount).toBe(30)
		expect(preview.preview.short).toEqual([])
		expect(preview.preview.loads).toHaveLength(4)
		// Nothing written by a preview.
		expect(await assignmentsOf(call.id)).toEqual([])

		const applied = await mustApply(staff.user, call.id)
		expect(applied.added).toBe(30)
		const rows = await assignmentsOf(call.id)
		expect(rows).toHaveLength(30)
		expect([...countBy(rows, (r) => r.applicationId).values()].every((n) => n === 3)).toBe(true)
		expect(new Set(rows.map((r) => r.applicationId))).toEqual(new Set(apps.map((a) => a.id)))
		const loads = [...countBy(rows, (r) => r.jurorId).values()]
		expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1)
		expect(rows.every((r) => r.source === 'automatic' && r.notifiedAt !== null)).toBe(true)
		expect(new Set(rows.map((r) => r.jurorId))).toEqual(new Set(jury.map((j) => j.jurorId)))

		const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, call.id), eq(auditEvents.action, 'jury.assignment_applied')))
		expect(event!.actorUserId).toBe(staff.user.id)
		expect((event!.data as { added: unknown[] }).added).toHaveLength(30)
	})

	test('un e-mail par juré, qui liste tous ses nouveaux dossiers et la fin du jury, avec le lien vers /jury', async () => {
		const { staff, call } = await juryCall()
		await dossiers(call.id, 4)
		const a = await juror(call.id)
		const b = await juror(call.id)
		await updateJurySettings({ user: staff.user, callId: call.id, settings: { version: call.version, jurorsPerApplication: 1, requiredJurorKind: null, juryScoresVisibility: 'after_sending' } })
		await mustApply(staff.user, call.id)
		for (const j of [a, b]) {
			const mails = await emailsTo(j.email, 'jury-assignment')
			expect(mails).toHaveLength(1)
			const mine = await db
				.select({ title: applications.title })
				.from(juryAssignments)
				.innerJoin(applications, eq(applications.id, juryAssignments.applicationId))
				.where(eq(juryAssignments.jurorId, j.jurorId))
			expect(mine).toHaveLength(2)
			for (const { title } of mine) expect(mails[0]!.text).toContain(title)
			expect(mails[0]!.text).toContain('15 mai 2027')
			expect(mails[0]!.text).toMatch(/https?:\/\/\S+\/jury\b/)
		}
	})

	test('le maximum de chaque juré est respecté ; les dossiers en manque disent pourquoi', async () => {
		const { staff, call } = await juryCall()
		await dossiers(call.id, 6)
		const capped = await juror(call.id, { maxLoad: 2 })
		await juror(call.id)
		await juror(call.id)
		const preview = await previewAssignment({ user: staff.user, callId: call.id })
		if (!preview.ok) throw new Error(preview.message)
		// 18 seats, 6 + 6 + 2 jurors' worth: 4 dossiers short of one juror.
		expect(preview.preview.short).toHaveLength(4)
		expect(preview.preview.short[0]!.reason).toContain('2 jurés sur 3')
		expect(preview.preview.short[0]!.reason).toMatch(/maximum/)
		await mustApply(staff.user, call.id)
		const rows = await assignmentsOf(call.id)
		expect(rows.filter((r) => r.jurorId === capped.jurorId)).toHaveLength(2)
	})

	test('jamais une paire en conflit ouvert ou confirmé (détecté ou déclaré) ; un conflit écarté n’empêche plus', async () => {
		const { staff, call } = await juryCall()
		const [d1, d2, d3] = await dossiers(call.id, 3)
		const j1 = await juror(call.id)
		const j2 = await juror(call.id)
		const j3 = await juror(call.id)
		await db.insert(juryConflicts).values([
			{ jurorId: j1.jurorId, applicationId: d1!.id, source: 'detected', cause: 'member_of_consortium', status: 'open' },
			{ jurorId: j2.jurorId, applicationId: d2!.id, source: 'declared', cause: 'declared_personal', status: 'confirmed' },
			{ jurorId: j3.jurorId, applicationId: d3!.id, source: 'detected', cause: 'recent_partnership', status: 'dismissed' },
		])
		await mustApply(staff.user, call.id)
		const pairs = new Set((await assignmentsOf(call.id)).map((r) => `${r.jurorId}:${r.applicationId}`))
		expect(pairs.has(`${j1.jurorId}:${d1!.id}`)).toBe(false)
		expect(pairs.has(`${j2.jurorId}:${d2!.id}`)).toBe(false)
		expect(pairs.has(`${j3.jurorId}:${d3!.id}`)).toBe(true)
	})

	test('« au moins un juré de ce type par dossier »', async () => {
		const { staff, call } = await juryCall({ jurorsPerApplication: 2, requiredJurorKind: 'association_practitioner' })
		await dossiers(call.id, 4)
		const practitioners = [await juror(call.id, { kind: 'association_practitioner' }), await juror(call.id, { kind: 'association_practitioner' })]
		await juror(call.id, { kind: 'external_expert' })
		await juror(call.id, { kind: 'external_expert' })
		await mustApply(staff.user, call.id)
		const rows = await assignmentsOf(call.id)
		const byApplication = new Map<string, typeof rows>()
		for (const row of rows) byApplication.set(row.applicationId, [...(byApplication.get(row.applicationId) ?? []), row])
		expect(byApplication.size).toBe(4)
		for (const list of byApplication.values()) {
			expect(list).toHaveLength(2)
			expect(list.some((r) => practitioners.some((p) => p.jurorId === r.jurorId))).toBe(true)
		}
	})

	test('un nouveau passage garde les affectations et ne comble que les trous laissés par un juré retiré (ses évaluations envoyées restent)', async () => {
		const { staff, call } = await juryCall()
		await dossiers(call.id, 6)
		const jury = await Promise.all(Array.from({ length: 4 }, () => juror(call.id)))
		await mustApply(staff.user, call.id)
		const before = await assignmentsOf(call.id)
		const leaving = jury[0]!
		const leavingRows = before.filter((r) => r.jurorId === leaving.jurorId)
		expect(leavingRows.length).toBeGreaterThan(1)
		// One of the leaving juror's evaluations is sent: it stays.
		await db.update(juryAssignments).set({ submittedAt: new Date() }).where(eq(juryAssignments.id, leavingRows[0]!.id))

		const removed = await removeJuror({ user: staff.user, jurorId: leaving.jurorId })
		expect(removed.ok).toBe(true)
		const afterRemoval = await assignmentsOf(call.id)
		expect(afterRemoval.filter((r) => r.jurorId === leaving.jurorId).map((r) => r.id)).toEqual([leavingRows[0]!.id])

		const second = await mustApply(staff.user, call.id)
		expect(second.added).toBe(leavingRows.length)
		const after = await assignmentsOf(call.id)
		// Every assignment of the others is still there.
		const others = before.filter((r) => r.jurorId !== leaving.jurorId)
		for (const row of others) expect(after.some((r) => r.id === row.id)).toBe(true)
		const active = after.filter((r) => r.jurorId !== leaving.jurorId)
		expect([...countBy(active, (r) => r.applicationId).values()].every((n) => n === 3)).toBe(true)
		// The jurors who got the gaps are emailed about the new dossiers only.
		const mails = await db.select().from(outboxMessages).where(eq(outboxMessages.template, 'jury-assignment'))
		expect(mails.length).toBeGreaterThan(4)
	})

	test('un juré qui quitte le jury libère ses dossiers non envoyés', async () => {
		const { staff, call } = await juryCall()
		await dossiers(call.id, 3)
		const jury = await Promise.all(Array.from({ length: 3 }, () => juror(call.id)))
		await mustApply(staff.user, call.id)
		expect(await declineJury({ user: { id: jury[1]!.userId }, callId: call.id })).toEqual({ ok: true })
		expect((await assignmentsOf(call.id)).filter((r) => r.jurorId === jury[1]!.jurorId)).toEqual([])
	})

	test('seulement pendant l’étape « Jury », dit en clair', async () => {
		const { staff, call } = await juryCall({ status: 'closed' })
		await dossiers(call.id, 2)
		await juror(call.id)
		const outcome = await applyAssignment({ user: staff.user, callId: call.id })
		expect(outcome).toEqual({ ok: false, message: expect.stringContaining('pendant l’étape « Jury »') })
		expect(await previewAssignment({ user: staff.user, callId: call.id })).toMatchObject({ ok: false })
		expect(await assignmentsOf(call.id)).toEqual([])
	})
})

describe('affectations à la main', () => {
	test('ajouter : refusé en conflit, au maximum, hors du jury, sur un dossier qui n’est pas au jury ; accepté sinon, avec e-mail et audit', async () => {
		const { staff, call } = await juryCall()
		const [d1, d2] = await dossiers(call.id, 2)
		const [outside] = await dossiers(call.id, 1, 'inadmissible')
		const full = await juror(call.id, { maxLoad: 1 })
		const conflicted = await juror(call.id)
		const gone = await juror(call.id, { status: 'removed' })
		await db.insert(juryConflicts).values({ jurorId: conflicted.jurorId, applicationId: d1!.id, source: 'declared', cause: 'declared_personal', status: 'open' })

		expect(await addAssignment({ user: staff.user, callId: call.id, jurorId: conflicted.jurorId, applicationId: d1!.id })).toEqual({ ok: false, message: expect.stringContaining('conflit d’intérêts') })
		expect(await addAssignment({ user: staff.user, callId: call.id, jurorId: gone.jurorId, applicationId: d1!.id })).toEqual({ ok: false, message: expect.stringContaining('ne siège pas') })
		expect(await addAssignment({ user: staff.user, callId: call.id, jurorId: full.jurorId, applicationId: outside!.id })).toEqual({ ok: false, message: expect.stringContaining('n’est pas soumis au jury') })

		expect(await addAssignment({ user: staff.user, callId: call.id, jurorId: full.jurorId, applicationId: d1!.id })).toMatchObject({ ok: true })
		expect(await addAssignment({ user: staff.user, callId: call.id, jurorId: full.jurorId, applicationId: d2!.id })).toEqual({ ok: false, message: expect.stringContaining('maximum') })
		const rows = await assignmentsOf(call.id)
		expect(rows).toEqual([expect.objectContaining({ jurorId: full.jurorId, applicationId: d1!.id, source: 'manual' })])
		const mails = await emailsTo(full.email, 'jury-assignment')
		expect(mails).toHaveLength(1)
		expect(mails[0]!.text).toContain('Dossier 01')
		const events = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, call.id), eq(auditEvents.action, 'jury.assignment_added')))
		expect(events).toHaveLength(1)
	})

	test('déplacer et retirer : refusé sur une évaluation envoyée ; sinon une transaction avec son événement', async () => {
		const { staff, call } = await juryCall()
		const [d1, d2] = await dossiers(call.id, 2)
		const a = await juror(call.id)
		const b = await juror(call.id)
		const first = await addAssignment({ user: staff.user, callId: call.id, jurorId: a.jurorId, applicationId: d1!.id })
		const second = await addAssignment({ user: staff.user, callId: call.id, jurorId: a.jurorId, applicationId: d2!.id })
		if (!first.ok || !second.ok) throw new Error('add refused')
		await db.update(juryAssignments).set({ submittedAt: new Date() }).where(eq(juryAssignments.id, first.assignmentId))

		expect(await moveAssignment({ user: staff.user, callId: call.id, assignmentId: first.assignmentId, toJurorId: b.jurorId })).toEqual({ ok: false, message: expect.stringContaining('envoyée') })
		expect(await removeAssignment({ user: staff.user, callId: call.id, assignmentId: first.assignmentId })).toEqual({ ok: false, message: expect.stringContaining('envoyée') })

		const moved = await moveAssignment({ user: staff.user, callId: call.id, assignmentId: second.assignmentId, toJurorId: b.jurorId })
		expect(moved).toMatchObject({ ok: true })
		const rows = await assignmentsOf(call.id)
		expect(rows.map((r) => `${r.jurorId}:${r.applicationId}`).sort()).toEqual([`${a.jurorId}:${d1!.id}`, `${b.jurorId}:${d2!.id}`].sort())
		expect(await emailsTo(b.email, 'jury-assignment')).toHaveLength(1)

		const movedRow = rows.find((r) => r.jurorId === b.jurorId)!
		expect(await removeAssignment({ user: staff.user, callId: call.id, assignmentId: movedRow.id })).toEqual({ ok: true })
		expect(await assignmentsOf(call.id)).toHaveLength(1)
		const actions = (await db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.subjectId, call.id))).map((e) => e.action)
		expect(actions).toEqual(expect.arrayContaining(['jury.assignment_moved', 'jury.assignment_removed']))
	})

	test('le personnel d’un autre financeur ne touche à rien (404)', async () => {
		const { staff, call } = await juryCall()
		const [d1] = await dossiers(call.id, 1)
		const j = await juror(call.id)
		const other = await createStaff('funder')
		await expect(addAssignment({ user: other.user, callId: call.id, jurorId: j.jurorId, applicationId: d1!.id })).rejects.toMatchObject({ status: 404 })
		await expect(applyAssignment({ user: other.user, callId: call.id })).rejects.toMatchObject({ status: 404 })
		expect(await assignmentsOf(call.id)).toEqual([])
		expect(staff.user.id).not.toBe(other.user.id)
	})
})

describe('réglages du jury', () => {
	test('enregistrés avec contrôle de version', async () => {
		const { staff, call } = await juryCall()
		const saved = await updateJurySettings({ user: staff.user, callId: call.id, settings: { version: call.version, jurorsPerApplication: 2, requiredJurorKind: 'external_expert', juryScoresVisibility: 'never' } })
		expect(saved).toEqual({ ok: true })
		const [row] = await db.select().from(calls).where(eq(calls.id, call.id))
		expect(row).toMatchObject({ jurorsPerApplication: 2, requiredJurorKind: 'external_expert', juryScoresVisibility: 'never', version: call.version + 1 })
		const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, call.id), eq(auditEvents.action, 'call.jury_settings_updated')))
		expect(event).toMatchObject({ actorUserId: staff.user.id, data: { jurorsPerApplication: 2, requiredJurorKind: 'external_expert', juryScoresVisibility: 'never' } })
		const stale = await updateJurySettings({ user: staff.user, callId: call.id, settings: { version: call.version, jurorsPerApplication: 5, requiredJurorKind: null, juryScoresVisibility: 'always' } })
		expect(stale).toMatchObject({ ok: false })
		expect((await db.select().from(calls).where(eq(calls.id, call.id)))[0]!.jurorsPerApplication).toBe(2)
	})
})

describe('relances', () => {
	test('le bouton relance chaque juré actif qui a des évaluations à envoyer, une fois chacun, avec un événement', async () => {
		const { staff, call } = await juryCall()
		await dossiers(call.id, 2)
		const late = await juror(call.id)
		const done = await juror(call.id)
		await updateJurySettings({ user: staff.user, callId: call.id, settings: { version: call.version, jurorsPerApplication: 1, requiredJurorKind: null, juryScoresVisibility: 'after_sending' } })
		await mustApply(staff.user, call.id)
		await db.update(juryAssignments).set({ submittedAt: new Date() }).where(eq(juryAssignments.jurorId, done.jurorId))

		const outcome = await remindLateJurors({ user: staff.user, callId: call.id })
		expect(outcome).toEqual({ ok: true, emails: 1 })
		const mails = await emailsTo(late.email, 'jury-reminder')
		expect(mails).toHaveLength(1)
		expect(mails[0]!.text).toContain('15 mai 2027')
		expect(await emailsTo(done.email, 'jury-reminder')).toEqual([])
		const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, call.id), eq(auditEvents.action, 'jury.reminders_sent')))
		expect(event!.data).toMatchObject({ emails: 1, by: 'staff' })
	})

	test('le rappel automatique part 3 jours avant la fin du jury, une seule fois par appel', async () => {
		const { staff, call } = await juryCall({ juryEndsOn: '2027-05-15', jurorsPerApplication: 1 })
		await dossiers(call.id, 1)
		const j = await juror(call.id)
		await mustApply(staff.user, call.id)

		expect(await sendJuryReminders(new Date('2027-05-10T10:00:00Z'))).toEqual([])
		const sent = await sendJuryReminders(new Date('2027-05-12T07:00:00Z'))
		expect(sent).toEqual([{ callId: call.id, emails: 1 }])
		expect(await sendJuryReminders(new Date('2027-05-13T07:00:00Z'))).toEqual([])
		expect(await emailsTo(j.email, 'jury-reminder')).toHaveLength(1)
		const [row] = await db.select().from(calls).where(and(eq(calls.id, call.id), isNotNull(calls.juryReminderSentAt)))
		expect(row).toBeTruthy()
	})
})

describe('avancement', () => {
	test('compté en SQL : le même nombre de requêtes pour 3 ou 120 dossiers, 50 dossiers par page, « n/N envoyées »', async () => {
		const measure = async (callId: string, user: { id: string }, page = 1) => {
			const { result, statements } = await statementsDuring(() => getAssignmentPage({ user, callId, page }))
			return { result, statements: statements.length }
		}
		const small = await juryCall({ jurorsPerApplication: 1 })
		await dossiers(small.call.id, 3)
		await juror(small.call.id)
		await mustApply(small.staff.user, small.call.id)
		const large = await juryCall({ jurorsPerApplication: 1 })
		await dossiers(large.call.id, 120)
		const j = await juror(large.call.id)
		await juror(large.call.id)
		await mustApply(large.staff.user, large.call.id)
		await db.update(juryAssignments).set({ submittedAt: new Date() }).where(eq(juryAssignments.jurorId, j.jurorId))

		const few = await measure(small.call.id, small.staff.user)
		const many = await measure(large.call.id, large.staff.user, 3)
		expect(few.statements).toBeGreaterThanOrEqual(5)
		expect(many.statements).toBe(few.statements)
		expect(many.result.pageCount).toBe(3)
		expect(many.result.dossiers).toHaveLength(20)
		expect(many.result.totals).toEqual({ dossiers: 120, complete: 120, none: 0, assignments: 120, sent: 60 })
		const mine = many.result.jurors.find((row) => row.id === j.jurorId)!
		expect(mine).toMatchObject({ total: 60, sent: 60, unsent: 0 })

		// A conflict declared after the assignment is shown on it.
		const shown = many.result.dossiers[0]!.assignments[0]!
		expect(shown.inConflict).toBe(false)
		await db.insert(juryConflicts).values({ jurorId: shown.jurorId, applicationId: many.result.dossiers[0]!.id, source: 'declared', cause: 'declared_personal', status: 'open' })
		const again = await getAssignmentPage({ user: large.staff.user, callId: large.call.id, page: 3 })
		expect(again.dossiers[0]!.assignments[0]!.inConflict).toBe(true)
	})
})

describe('tâches planifiées', () => {
	test('startCallJobs envoie le rappel du jury quand sa fin approche', async () => {
		const inTwoDays = utcToParisLocal(new Date(Date.now() + 2 * 24 * 3600_000)).date
		const { staff, call } = await juryCall({ juryEndsOn: inTwoDays, jurorsPerApplication: 1 })
		await dossiers(call.id, 1)
		const j = await juror(call.id)
		await mustApply(staff.user, call.id)
		const stop = startCallJobs({ intervalMs: 60_000 })
		try {
			await expect.poll(async () => (await emailsTo(j.email, 'jury-reminder')).length, { timeout: 10_000 }).toBe(1)
		} finally {
			await stop()
		}
		const [row] = await db.select({ at: calls.juryReminderSentAt }).from(calls).where(eq(calls.id, call.id))
		expect(row!.at).not.toBeNull()
	})
})

describe('page « Affectations » par HTTP', () => {
	let server: TestServer
	beforeAll(async () => {
		server = await startTestServer()
	})
	afterAll(async () => {
		await server.close()
	})

	test('prévisualiser, appliquer, voir les charges ; le personnel d’un autre financeur reçoit 404', async () => {
		const { staff, call } = await juryCall()
		await dossiers(call.id, 3)
		const jury = await Promise.all(Array.from({ length: 3 }, () => juror(call.id)))
		const names = await db.select({ displayName: users.displayName }).from(users).where(inArray(users.id, jury.map((j) => j.userId)))
		const cookie = await login(server, staff.user.email)
		const path = `/gestion/appels/${call.id}/jury/affectations`

		const page = await get(server, path, cookie)
		expect(page.status).toBe(200)
		expect(await page.text()).toContain('Prévisualiser')

		const preview = await post(server, path, { intent: 'preview' }, { cookie })
		expect(preview.status).toBe(200)
		const html = await preview.text()
		expect(html).toContain('Charge par juré')
		for (const { displayName } of names) expect(html).toContain(displayName)
		expect(await assignmentsOf(call.id)).toEqual([])

		const refused = await post(server, path, { intent: 'apply', jurorsPerApplication: '2' }, { cookie })
		expect(refused.status).toBe(409)
		expect(await refused.text()).toContain('Les réglages du jury ont changé')

		const applied = await post(server, path, { intent: 'apply', jurorsPerApplication: '3', requiredJurorKind: '' }, { cookie })
		expect(applied.status).toBe(302)
		expect(await assignmentsOf(call.id)).toHaveLength(9)
		const rows = await assignmentsOf(call.id)
		const [first, second] = rows.filter((r) => r.applicationId === rows[0]!.applicationId)
		await db.update(juryAssignments).set({ submittedAt: new Date() }).where(inArray(juryAssignments.id, [first!.id, second!.id]))
		const after = await (await get(server, path, cookie)).text()
		expect(after).toContain('2/3 envoyées')
		expect(after).toContain('0/3 envoyée')
		// A sent evaluation links to its staff page.
		expect(after).toContain(`/gestion/appels/${call.id}/jury/evaluations/${first!.id}`)

		const blank = await post(server, path, { intent: 'add' }, { cookie })
		expect(blank.status).toBe(400)

		const other = await createStaff('funder')
		const otherCookie = await login(server, other.user.email)
		expect((await get(server, path, otherCookie)).status).toBe(404)
		expect((await post(server, path, { intent: 'apply', jurorsPerApplication: '3' }, { cookie: otherCookie })).status).toBe(404)
	})

	test('réglages refusés sur le champ avec la saisie gardée ; refus en français d’un ajout en conflit ; relance par le bouton', async () => {
		const { staff, call } = await juryCall()
		const [d1] = await dossiers(call.id, 1)
		const j = await juror(call.id)
		await db.insert(juryConflicts).values({ jurorId: j.jurorId, applicationId: d1!.id, source: 'detected', cause: 'member_of_consortium', status: 'confirmed' })
		const cookie = await login(server, staff.user.email)
		const path = `/gestion/appels/${call.id}/jury/affectations`

		const tooMany = await post(server, path, { intent: 'settings', version: String(call.version), jurorsPerApplication: '11', requiredJurorKind: '', juryScoresVisibility: 'never' }, { cookie })
		expect(tooMany.status).toBe(400)
		const html = await tooMany.text()
		expect(html).toContain('Au plus 10 jurés par dossier.')
		expect(html).toMatch(/name="jurorsPerApplication"[^>]*value="11"|value="11"[^>]*name="jurorsPerApplication"/)
		expect((await db.select().from(calls).where(eq(calls.id, call.id)))[0]!.jurorsPerApplication).toBe(3)

		const saved = await post(server, path, { intent: 'settings', version: String(call.version), jurorsPerApplication: '1', requiredJurorKind: 'external_expert', juryScoresVisibility: 'always' }, { cookie })
		expect(saved.status).toBe(302)
		expect((await db.select().from(calls).where(eq(calls.id, call.id)))[0]).toMatchObject({ jurorsPerApplication: 1, requiredJurorKind: 'external_expert', juryScoresVisibility: 'always' })

		const refused = await post(server, path, { intent: 'add', applicationId: d1!.id, jurorId: j.jurorId }, { cookie })
		expect(refused.status).toBe(409)
		expect(await refused.text()).toContain('est en conflit d’intérêts avec « Dossier 01 »')
		expect(await assignmentsOf(call.id)).toEqual([])

		await db.delete(juryConflicts)
		expect((await post(server, path, { intent: 'add', applicationId: d1!.id, jurorId: j.jurorId }, { cookie })).status).toBe(302)
		expect((await post(server, path, { intent: 'remind' }, { cookie })).status).toBe(302)
		expect(await emailsTo(j.email, 'jury-reminder')).toHaveLength(1)
	})
})
