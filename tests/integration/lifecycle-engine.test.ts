/**
 * The transition engine, table by table: every entry fired from each of its `from` states,
 * refused from every other state, refused for a capacity its `by` does not name, refused
 * while a requirement is unmet; a guard that finds nothing to move throws and writes
 * nothing; two fires at once move the record once.
 */
import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { decideAdmissibility } from '#app/domain/applications/instruction.server.ts'
import { applicationTransitions } from '#app/domain/applications/lifecycle.ts'
import { APPLICATION_STATUSES } from '#app/domain/applications/statuses.ts'
import { closeCallsPastDeadline } from '#app/domain/calls/call-jobs.server.ts'
import { CALL_STATUSES, callTransitions } from '#app/domain/calls/lifecycle.ts'
import { fire } from '#app/domain/lifecycle/engine.server.ts'
import { TransitionError, type Actor, type Capacity } from '#app/domain/lifecycle/transitions.ts'
import { db } from '#db/client.server.ts'
import { applicationMembers, applications, auditEvents, calls, outboxMessages } from '#db/schema/index.ts'
import { addMember, createCall, createOrganization, createStaff, createUser } from '#tests/factories.ts'

const CAPACITIES: Capacity[] = ['referent:lead', 'funder-staff', 'system']

type AnyTransition = {
	subject: 'application' | 'call'
	name: string
	from: readonly string[]
	to: string
	by: readonly Capacity[]
	requires: readonly string[]
	action: string
}

const LIFECYCLES: { subject: 'application' | 'call'; table: Record<string, AnyTransition>; states: readonly string[] }[] = [
	{ subject: 'application', table: applicationTransitions, states: APPLICATION_STATUSES },
	{ subject: 'call', table: callTransitions, states: CALL_STATUSES },
]

/** A record of this kind in this state, written directly: the engine under test is what moves it. */
async function recordIn(subject: 'application' | 'call', status: string): Promise<string> {
	const funder = await createOrganization({ kind: 'funder' })
	if (subject === 'call') {
		const call = await createCall({ funderId: funder.id, status: status as (typeof calls.$inferInsert)['status'], deadlineAt: new Date(Date.now() - 3600_000) })
		return call.id
	}
	const call = await createCall({ funderId: funder.id })
	const lead = await createOrganization({ kind: 'association' })
	const [row] = await db
		.insert(applications)
		.values({ callId: call.id, leadOrganizationId: lead.id, title: 'Contes et crêpes', status: status as (typeof applications.$inferInsert)['status'] })
		.returning()
	return row!.id
}

async function statusOf(subject: 'application' | 'call', id: string) {
	const table = subject === 'call' ? calls : applications
	const [row] = await db.select({ status: table.status }).from(table).where(eq(table.id, id))
	return row!.status as string
}

async function auditOf(id: string) {
	return db.select().from(auditEvents).where(eq(auditEvents.subjectId, id))
}

/** An actor holding the first capacity the transition names (the clock has no user). */
async function allowedActor(transition: AnyTransition): Promise<Actor> {
	const capacity = transition.by[0]!
	return { userId: capacity === 'system' ? null : (await createUser()).id, capacities: [capacity] }
}

/** Everything the transition requires, met: a reason, the rest named as checked. */
function met(transition: AnyTransition) {
	return { reason: 'Motif de la décision', checked: transition.requires.filter((r) => r !== 'reason') as never[] }
}

async function refusal(promise: Promise<unknown>): Promise<TransitionError> {
	const error = await promise.then(
		() => null,
		(e: unknown) => e,
	)
	expect(error).toBeInstanceOf(TransitionError)
	return error as TransitionError
}

for (const { subject, table, states } of LIFECYCLES) {
	describe(`table « ${subject} »`, () => {
		for (const transition of Object.values(table)) {
			for (const from of transition.from) {
				test(`${transition.name} : ${from} → ${transition.to}, avec son événement d’audit`, async () => {
					const id = await recordIn(subject, from)
					const actor = await allowedActor(transition)
					const moved = await db.transaction((tx) => fire(tx, transition as never, { id, actor, ...met(transition) }))
					expect(moved).toMatchObject({ id, status: transition.to })
					expect(await statusOf(subject, id)).toBe(transition.to)
					const events = await auditOf(id)
					expect(events).toHaveLength(1)
					expect(events[0]).toMatchObject({
						actorUserId: actor.userId,
						action: transition.action,
						subjectType: subject,
						data: { transition: transition.name, from, to: transition.to, reason: 'Motif de la décision' },
					})
				})
			}

			test(`${transition.name} : refusé depuis chaque état hors de « from », sans rien écrire`, async () => {
				const actor = await allowedActor(transition)
				const others = states.filter((state) => !transition.from.includes(state))
				expect(others.length).toBeGreaterThan(0)
				for (const state of others) {
					const id = await recordIn(subject, state)
					const error = await refusal(db.transaction((tx) => fire(tx, transition as never, { id, actor, ...met(transition) })))
					expect(error.refusal, `${state}`).toBe('not-moved')
					expect(await statusOf(subject, id)).toBe(state)
					expect(await auditOf(id)).toEqual([])
				}
			})

			test(`${transition.name} : refusé à qui « by » ne nomme pas (${transition.by.join(', ')})`, async () => {
				const id = await recordIn(subject, transition.from[0]!)
				const wrong = CAPACITIES.filter((c) => !transition.by.includes(c))
				expect(wrong.length).toBeGreaterThan(0)
				const user = await createUser()
				for (const capacities of [...wrong.map((c) => [c]), [], wrong]) {
					const error = await refusal(db.transaction((tx) => fire(tx, transition as never, { id, actor: { userId: user.id, capacities }, ...met(transition) })))
					expect(error.refusal).toBe('forbidden')
				}
				expect(await statusOf(subject, id)).toBe(transition.from[0])
				expect(await auditOf(id)).toEqual([])
			})

			if (transition.requires.length > 0) {
				test(`${transition.name} : refusé tant qu’une exigence manque (${transition.requires.join(', ')})`, async () => {
					const id = await recordIn(subject, transition.from[0]!)
					const actor = await allowedActor(transition)
					for (const missing of transition.requires) {
						const input = met(transition)
						const partial =
							missing === 'reason' ? { ...input, reason: '   ' } : { ...input, checked: input.checked.filter((r) => r !== missing) }
						const error = await refusal(db.transaction((tx) => fire(tx, transition as never, { id, actor, ...partial })))
						expect(error.refusal).toBe('unmet-requirement')
						expect(error.detail).toBe(missing)
					}
					expect(await statusOf(subject, id)).toBe(transition.from[0])
					expect(await auditOf(id)).toEqual([])
				})
			}
		}
	})
}

describe('le moteur', () => {
	test('une garde qui ne trouve rien à déplacer lève une erreur et n’écrit rien, pas même les colonnes de « set »', async () => {
		const id = await recordIn('call', 'published')
		const moveDeadline = new Date(Date.now() + 24 * 3600_000)
		await db.update(calls).set({ deadlineAt: moveDeadline }).where(eq(calls.id, id))
		const closedAt = new Date()
		const error = await refusal(
			db.transaction((tx) =>
				fire(tx, callTransitions.closeAtDeadline, {
					id,
					actor: { userId: null, capacities: ['system'] },
					checked: ['deadline-passed'],
					where: and(eq(calls.id, id), eq(calls.deadlineAt, new Date(0))),
					set: { closedAt },
				}),
			),
		)
		expect(error.refusal).toBe('not-moved')
		const [row] = await db.select().from(calls).where(eq(calls.id, id))
		expect(row).toMatchObject({ status: 'published', closedAt: null })
		expect(await auditOf(id)).toEqual([])
		// Nor for a record that does not exist.
		const missing = await refusal(
			db.transaction((tx) => fire(tx, callTransitions.close, { id: 'inexistant', actor: { userId: null, capacities: ['funder-staff'] } })),
		)
		expect(missing.refusal).toBe('not-moved')
	})

	test('les colonnes de « set » sont écrites avec le statut, et la ligne déplacée est rendue', async () => {
		const id = await recordIn('application', 'draft')
		const user = await createUser()
		const submittedAt = new Date('2027-03-01T10:00:00Z')
		const moved = await db.transaction((tx) =>
			fire(tx, applicationTransitions.submit, {
				id,
				actor: { userId: user.id, capacities: ['referent:lead'] },
				checked: ['complete-dossier'],
				set: { submittedAt, statusReason: null },
				data: { version: 3 },
			}),
		)
		expect(moved).toMatchObject({ id, status: 'submitted', submittedAt, title: 'Contes et crêpes' })
		const [event] = await auditOf(id)
		expect(event!.data).toMatchObject({ version: 3, from: 'draft', to: 'submitted', reason: null })
	})

	test('deux déclenchements simultanés ne déplacent qu’une fois', async () => {
		const id = await recordIn('application', 'submitted')
		const user = await createUser()
		const actor: Actor = { userId: user.id, capacities: ['funder-staff'] }
		const results = await Promise.allSettled(
			[0, 1].map(() => db.transaction((tx) => fire(tx, applicationTransitions.markAdmissible, { id, actor }))),
		)
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
		const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
		expect(rejected).toHaveLength(1)
		expect(rejected[0]!.reason).toBeInstanceOf(TransitionError)
		expect((rejected[0]!.reason as TransitionError).refusal).toBe('not-moved')
		expect(await statusOf('application', id)).toBe('admissible')
		expect(await auditOf(id)).toHaveLength(1)
	})

	test('deux clics « recevable » en même temps : une décision, un événement, une série d’e-mails, et un refus en français', async () => {
		const staff = await createStaff('funder')
		const call = await createCall({ funderId: staff.organization.id, status: 'closed', deadlineAt: new Date(Date.now() - 3600_000) })
		const lead = await createOrganization({ kind: 'association' })
		const referent = await createUser()
		await addMember(lead.id, referent.id, 'referent')
		const [application] = await db
			.insert(applications)
			.values({ callId: call.id, leadOrganizationId: lead.id, title: 'Contes et crêpes', status: 'submitted', submittedAt: new Date() })
			.returning()
		await db.insert(applicationMembers).values({ applicationId: application!.id, organizationId: lead.id, role: 'lead', status: 'confirmed' })
		const decide = () => decideAdmissibility({ user: staff.user, callId: call.id, applicationId: application!.id, decision: 'admissible', reason: '' })
		const [first, second] = await Promise.all([decide(), decide()])
		const outcomes = [first, second]
		expect(outcomes.filter((o) => o.ok)).toHaveLength(1)
		expect(outcomes.find((o) => !o.ok)).toMatchObject({ ok: false, message: 'Ce dossier est déjà déclaré recevable.' })
		expect(await statusOf('application', application!.id)).toBe('admissible')
		expect((await auditOf(application!.id)).filter((e) => e.action === 'application.marked_admissible')).toHaveLength(1)
		const emails = await db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, referent.email))
		expect(emails).toHaveLength(1)
	})

	test('la clôture automatique passe par le moteur et laisse un appel dont la date limite a été repoussée', async () => {
		const due = await recordIn('call', 'published')
		const pushedBack = await recordIn('call', 'published')
		const now = new Date()
		await db.update(calls).set({ deadlineAt: new Date(now.getTime() + 3600_000) }).where(eq(calls.id, pushedBack))
		const closed = await closeCallsPastDeadline(now)
		expect(closed).toContain(due)
		expect(closed).not.toContain(pushedBack)
		const [event] = await auditOf(due)
		expect(event).toMatchObject({ actorUserId: null, action: 'call.closed', data: { transition: 'closeAtDeadline', from: 'published', to: 'closed', by: 'deadline' } })
		expect(await statusOf('call', pushedBack)).toBe('published')
	})
})
