import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { CallInput } from '#app/domain/calls/call-form.ts'
import { closeCallsPastDeadline, sendDeadlineReminders, startCallJobs } from '#app/domain/calls/call-jobs.server.ts'
import * as management from '#app/domain/calls/call-management.server.ts'
import { parisLocalToUtc } from '#app/domain/calls/paris-time.ts'
import { db } from '#db/client.server.ts'
import { applications, auditEvents, callQuestions, calls, criteria, outboxMessages, themes } from '#db/schema/index.ts'
import { addMember, createAssociationMember, createCall, createOrganization, createStaff, createUser } from '#tests/factories.ts'
import { get, login, post, startTestServer, type TestServer } from '#tests/support/server.ts'

const DAY = 24 * 3600_000
const { closeCall, createDraftCall, publishCall } = management

/** The versions stored now: what a form read at this moment sends (the default for an unknown call). */
async function versionsOf(callId: string) {
	const [row] = await db
		.select({ call: calls.version, criteria: calls.criteriaVersion, questions: calls.questionsVersion })
		.from(calls)
		.where(eq(calls.id, callId))
	return row ?? { call: 1, criteria: 1, questions: 1 }
}

type WithVersion<T extends { version: number }> = Omit<T, 'version'> & { version?: number }
/** The save functions as a form read just before sends them (stale versions: tests/integration/call-concurrency.test.ts). */
const updateCall = async (input: WithVersion<Parameters<typeof management.updateCall>[0]>) =>
	management.updateCall({ ...input, version: input.version ?? (await versionsOf(input.callId)).call })
const saveCriteria = async (input: WithVersion<Parameters<typeof management.saveCriteria>[0]>) =>
	management.saveCriteria({ ...input, version: input.version ?? (await versionsOf(input.callId)).criteria })
const saveQuestions = async (input: WithVersion<Parameters<typeof management.saveQuestions>[0]>) =>
	management.saveQuestions({ ...input, version: input.version ?? (await versionsOf(input.callId)).questions })

/** A complete call, its deadline 30 days ahead at noon (Paris). */
function callInput(overrides: Partial<CallInput> = {}): CallInput {
	const deadline = new Date(Date.now() + 30 * DAY)
	deadline.setUTCHours(10, 0, 0, 0)
	return {
		funderId: null,
		title: 'Vivre ensemble 2026',
		presentation: '## Objectifs\nFaire coopérer des associations.',
		eligibility: 'Au moins deux associations.',
		territory: 'Rhône (69)',
		minAssociations: 2,
		maxAmountPerProjectCents: 1_000_000,
		envelopeCents: 15_000_000,
		opensAt: null,
		deadlineAt: deadline,
		juryStartsOn: null,
		juryEndsOn: null,
		decisionOn: null,
		projectStartsOn: null,
		projectEndsOn: null,
		evaluationDueOn: null,
		themes: [
			{ id: null, label: 'Intergénérationnel' },
			{ id: null, label: 'Interculturel' },
		],
		requiredAttachments: [
			{ key: null, label: 'Statuts', givenBy: 'each' },
			{ key: null, label: 'RIB', givenBy: 'lead' },
		],
		...overrides,
	}
}

async function loadCall(callId: string) {
	const [call] = await db.select().from(calls).where(eq(calls.id, callId))
	const themeRows = await db.select().from(themes).where(eq(themes.callId, callId)).orderBy(themes.position)
	return { call: call!, themes: themeRows }
}

/** The call's current fields as a CallInput, as the edit form sends them back. */
async function currentInput(callId: string): Promise<CallInput> {
	const { call, themes: rows } = await loadCall(callId)
	return {
		...callInput(),
		title: call.title,
		presentation: call.presentation,
		minAssociations: call.minAssociations,
		envelopeCents: call.envelopeCents,
		maxAmountPerProjectCents: call.maxAmountPerProjectCents,
		deadlineAt: call.deadlineAt,
		themes: rows.map((t) => ({ id: t.id, label: t.label })),
		requiredAttachments: call.requiredAttachments.map((a) => ({ ...a })),
	}
}

async function insertApplication(callId: string, leadOrganizationId: string, status: 'draft' | 'submitted' = 'draft', title = 'Projet commun') {
	const [application] = await db.insert(applications).values({ callId, leadOrganizationId, status, title }).returning()
	return application!
}

async function expectNotFound(promise: Promise<unknown>) {
	const error = await promise.then(
		() => null,
		(e: unknown) => e,
	)
	expect(error).toBeInstanceOf(Response)
	expect((error as Response).status).toBe(404)
}

describe('création et modification d’un appel (domaine)', () => {
	test('crée un brouillon avec ses thèmes, ses pièces (clés tirées du nom) et un événement d’audit', async () => {
		const { user, organization } = await createStaff('funder')
		const outcome = await createDraftCall({
			user,
			call: callInput({
				requiredAttachments: [
					{ key: null, label: 'Dernier rapport d’activité', givenBy: 'each' },
					{ key: null, label: 'Dernier rapport d’activité !', givenBy: 'lead' },
				],
			}),
		})
		expect(outcome.ok).toBe(true)
		if (!outcome.ok) return
		const { call, themes: rows } = await loadCall(outcome.callId)
		expect(call).toMatchObject({ funderId: organization.id, status: 'draft', minAssociations: 2, envelopeCents: 15_000_000, createdById: user.id })
		expect(call.requiredAttachments).toEqual([
			{ key: 'dernier-rapport-d-activite', label: 'Dernier rapport d’activité', givenBy: 'each' },
			{ key: 'dernier-rapport-d-activite-2', label: 'Dernier rapport d’activité !', givenBy: 'lead' },
		])
		expect(rows.map((t) => t.label)).toEqual(['Intergénérationnel', 'Interculturel'])
		const [event] = await db.select().from(auditEvents).where(eq(auditEvents.subjectId, outcome.callId))
		expect(event).toMatchObject({ action: 'call.created', actorUserId: user.id })
	})

	test('refuse un financeur qui n’est pas le sien, et un utilisateur sans financeur, sans rien écrire', async () => {
		const { user } = await createStaff('funder')
		const other = await createOrganization({ kind: 'funder' })
		expect(await createDraftCall({ user, call: callInput({ funderId: other.id }) })).toMatchObject({ ok: false, field: 'funderId' })
		const { user: member } = await createAssociationMember()
		expect(await createDraftCall({ user: member, call: callInput() })).toMatchObject({ ok: false })
		expect(await db.select().from(calls)).toEqual([])
	})

	test('deux gestionnaires sur le même appel : l’enregistrement fondé sur une lecture ancienne est refusé', async () => {
		const { user, organization } = await createStaff('funder')
		const colleague = await createUser()
		await addMember(organization.id, colleague.id, 'staff')
		const created = await createDraftCall({ user, call: callInput() })
		if (!created.ok) throw new Error(created.message)
		const version = (await versionsOf(created.callId)).call
		const input = await currentInput(created.callId)
		// Both opened the form at the same moment; the colleague saves first.
		expect(await updateCall({ user: colleague, callId: created.callId, call: { ...input, title: 'Titre de la collègue' }, version })).toEqual({ ok: true })
		const refused = await updateCall({ user, callId: created.callId, call: { ...input, title: 'Mon titre' }, version })
		expect(refused).toMatchObject({ ok: false, conflict: true, message: expect.stringContaining(`${colleague.displayName} a enregistré cet appel`), currentVersion: version + 1 })
		expect((await loadCall(created.callId)).call.title).toBe('Titre de la collègue')
		// Having been told, the person saves again on the new reading.
		expect(await updateCall({ user, callId: created.callId, call: { ...input, title: 'Mon titre' }, version: version + 1 })).toEqual({ ok: true })
	})

	test('modifie les champs, reformule un thème en gardant son identifiant, garde les clés des pièces', async () => {
		const { user } = await createStaff('funder')
		const created = await createDraftCall({ user, call: callInput() })
		if (!created.ok) throw new Error(created.message)
		const input = await currentInput(created.callId)
		const themeId = input.themes[0]!.id
		const outcome = await updateCall({
			user,
			callId: created.callId,
			call: {
				...input,
				title: 'Vivre ensemble, édition 2026',
				minAssociations: 3,
				// Swap the two labels: the unique (call, label) index must not get in the way.
				themes: [
					{ id: input.themes[0]!.id, label: 'Interculturel' },
					{ id: input.themes[1]!.id, label: 'Intergénérationnel' },
					{ id: null, label: 'Rencontre handicap/valide' },
				],
				requiredAttachments: [{ key: 'statuts', label: 'Statuts à jour', givenBy: 'each' }, { key: null, label: 'Statuts', givenBy: 'lead' }],
			},
		})
		expect(outcome).toEqual({ ok: true })
		const { call, themes: rows } = await loadCall(created.callId)
		expect(call.title).toBe('Vivre ensemble, édition 2026')
		expect(call.minAssociations).toBe(3)
		expect(rows.map((t) => [t.id === themeId, t.label])).toEqual([
			[true, 'Interculturel'],
			[false, 'Intergénérationnel'],
			[false, 'Rencontre handicap/valide'],
		])
		expect(call.requiredAttachments).toEqual([
			{ key: 'statuts', label: 'Statuts à jour', givenBy: 'each' },
			{ key: 'statuts-2', label: 'Statuts', givenBy: 'lead' },
		])
		const events = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, created.callId), eq(auditEvents.action, 'call.updated')))
		expect(events).toHaveLength(1)
	})

	test('le personnel d’un autre financeur reçoit 404 sur chaque opération, sans rien changer', async () => {
		const { user } = await createStaff('funder')
		const { user: outsider } = await createStaff('funder')
		const created = await createDraftCall({ user, call: callInput() })
		if (!created.ok) throw new Error(created.message)
		const input = await currentInput(created.callId)
		await expectNotFound(updateCall({ user: outsider, callId: created.callId, call: { ...input, title: 'Piraté' } }))
		await expectNotFound(publishCall({ user: outsider, callId: created.callId }))
		await expectNotFound(closeCall({ user: outsider, callId: created.callId }))
		await expectNotFound(saveCriteria({ user: outsider, callId: created.callId, criteria: [] }))
		await expectNotFound(saveQuestions({ user: outsider, callId: created.callId, questions: [] }))
		await expectNotFound(updateCall({ user, callId: 'inconnu', call: input }))
		expect((await loadCall(created.callId)).call.title).toBe('Vivre ensemble 2026')
	})
})

describe('cycle de vie : brouillon → publié → clos (domaine)', () => {
	test('refuse de publier un appel incomplet en nommant chaque manque, puis le publie', async () => {
		const { user } = await createStaff('funder')
		const created = await createDraftCall({
			user,
			call: callInput({ presentation: '', themes: [], envelopeCents: null, deadlineAt: null }),
		})
		if (!created.ok) throw new Error(created.message)
		const refused = await publishCall({ user, callId: created.callId })
		expect(refused).toEqual({
			ok: false,
			message: 'L’appel ne peut pas encore être publié.',
			blockers: [
				'Rédigez la présentation de l’appel.',
				'Indiquez au moins un thème.',
				'Fixez la date et l’heure limites de dépôt.',
				'Indiquez l’enveloppe budgétaire de l’appel.',
			],
		})
		const past = await updateCall({
			user,
			callId: created.callId,
			call: callInput({ deadlineAt: new Date(Date.now() - DAY), opensAt: new Date(Date.now() - 10 * DAY) }),
		})
		expect(past).toEqual({ ok: true })
		expect(await publishCall({ user, callId: created.callId })).toMatchObject({
			ok: false,
			blockers: ['La date limite de dépôt est passée : choisissez une date à venir.'],
		})
		expect((await loadCall(created.callId)).call.status).toBe('draft')

		expect(await updateCall({ user, callId: created.callId, call: await currentInput(created.callId).then((i) => ({ ...i, deadlineAt: callInput().deadlineAt })) })).toEqual({ ok: true })
		const now = new Date()
		expect(await publishCall({ user, callId: created.callId, now })).toEqual({ ok: true })
		const { call } = await loadCall(created.callId)
		expect(call.status).toBe('published')
		expect(call.publishedAt?.getTime()).toBe(now.getTime())
		expect(await publishCall({ user, callId: created.callId })).toMatchObject({ ok: false, message: 'Seul un appel en brouillon peut être publié.' })
		const actions = (await db.select().from(auditEvents).where(eq(auditEvents.subjectId, created.callId))).map((e) => e.action)
		expect(actions).toContain('call.published')
	})

	test('publié : le nombre minimum d’associations est figé, l’appel doit rester complet', async () => {
		const { user, organization } = await createStaff('funder')
		const call = await createCall({ funderId: organization.id, envelopeCents: 1_000_000, presentation: 'Texte.' })
		const input = await currentInput(call.id)
		expect(await updateCall({ user, callId: call.id, call: { ...input, minAssociations: 3 } })).toMatchObject({
			ok: false,
			field: 'minAssociations',
			message: expect.stringContaining('ne peut plus changer'),
		})
		expect(await updateCall({ user, callId: call.id, call: { ...input, envelopeCents: null } })).toMatchObject({
			ok: false,
			blockers: ['Indiquez l’enveloppe budgétaire de l’appel.'],
		})
		expect(await updateCall({ user, callId: call.id, call: { ...input, title: 'Nouveau titre' } })).toEqual({ ok: true })
		expect((await loadCall(call.id)).call).toMatchObject({ title: 'Nouveau titre', minAssociations: 2, envelopeCents: 1_000_000 })
	})

	test('clore à la main un appel publié ; un appel clos ne se modifie plus', async () => {
		const { user, organization } = await createStaff('funder')
		const call = await createCall({ funderId: organization.id, envelopeCents: 1_000_000, presentation: 'Texte.' })
		expect(await closeCall({ user, callId: call.id })).toEqual({ ok: true })
		const { call: closed } = await loadCall(call.id)
		expect(closed.status).toBe('closed')
		expect(closed.closedAt).not.toBeNull()
		expect(await closeCall({ user, callId: call.id })).toMatchObject({ ok: false })
		expect(await updateCall({ user, callId: call.id, call: await currentInput(call.id) })).toMatchObject({
			ok: false,
			message: expect.stringContaining('clos'),
		})
		// The jury's grid may still change until the jury starts.
		expect(await saveCriteria({ user, callId: call.id, criteria: [{ id: null, label: 'Coopération', description: '', weight: 2, scaleMax: 5 }] })).toEqual({ ok: true })
	})
})

describe('un champ auquel des associations ont répondu ne disparaît pas', () => {
	async function publishedWithEverything() {
		const { user, organization } = await createStaff('funder')
		const call = await createCall({
			funderId: organization.id,
			envelopeCents: 1_000_000,
			presentation: 'Texte.',
			requiredAttachments: [
				{ key: 'statuts', label: 'Statuts', givenBy: 'each' },
				{ key: 'rib', label: 'RIB', givenBy: 'lead' },
			],
		})
		const saved = await saveQuestions({
			user,
			callId: call.id,
			questions: [
				{ id: null, label: 'Public visé', type: 'long_text', required: true, maxLength: 2000, choices: null },
				{ id: null, label: 'Tranche d’âge', type: 'choice', required: true, maxLength: null, choices: ['Enfants', 'Seniors'] },
			],
		})
		expect(saved).toEqual({ ok: true })
		const questions = await db.select().from(callQuestions).where(eq(callQuestions.callId, call.id)).orderBy(callQuestions.position)
		return { user, call, questions }
	}

	test('sans candidature, thèmes, pièces et questions peuvent être retirés', async () => {
		const { user, call, questions } = await publishedWithEverything()
		const input = await currentInput(call.id)
		expect(await updateCall({ user, callId: call.id, call: { ...input, themes: input.themes.slice(0, 1), requiredAttachments: input.requiredAttachments.slice(0, 1) } })).toEqual({
			ok: true,
		})
		expect(await saveQuestions({ user, callId: call.id, questions: [{ ...questions[0]!, id: questions[0]!.id }] })).toEqual({ ok: true })
		expect((await loadCall(call.id)).themes).toHaveLength(1)
		expect(await db.select().from(callQuestions).where(eq(callQuestions.callId, call.id))).toHaveLength(1)
	})

	test('dès qu’une candidature existe : ni thème, ni pièce, ni question, ni choix retiré ; reformuler et ajouter restent possibles', async () => {
		const { user, call, questions } = await publishedWithEverything()
		const { organization: association } = await createAssociationMember()
		await insertApplication(call.id, association.id)
		const input = await currentInput(call.id)

		expect(await updateCall({ user, callId: call.id, call: { ...input, themes: input.themes.slice(1) } })).toEqual({
			ok: false,
			field: 'themes',
			message: 'Le thème « Intergénérationnel » ne peut pas être retiré : des associations ont déjà commencé à répondre à cet appel : vous pouvez ajouter ou reformuler, mais plus retirer.',
		})
		expect(await updateCall({ user, callId: call.id, call: { ...input, requiredAttachments: input.requiredAttachments.slice(0, 1) } })).toMatchObject({
			ok: false,
			field: 'attachments',
			message: expect.stringContaining('La pièce « RIB » ne peut pas être retirée'),
		})
		const asInput = questions.map((q) => ({ id: q.id, label: q.label, type: q.type, required: q.required, maxLength: q.maxLength, choices: q.choices }))
		expect(await saveQuestions({ user, callId: call.id, questions: asInput.slice(1) })).toMatchObject({
			ok: false,
			message: expect.stringContaining('La question « Public visé » ne peut pas être retirée'),
		})
		expect(await saveQuestions({ user, callId: call.id, questions: [{ ...asInput[0]!, type: 'short_text', maxLength: 200 }, asInput[1]!] })).toMatchObject({
			ok: false,
			message: expect.stringContaining('garde son type'),
		})
		expect(await saveQuestions({ user, callId: call.id, questions: [asInput[0]!, { ...asInput[1]!, choices: ['Enfants'] }] })).toMatchObject({
			ok: false,
			message: expect.stringContaining('Le choix « Seniors »'),
		})
		// Nothing was half-written.
		expect((await loadCall(call.id)).themes).toHaveLength(2)
		expect((await loadCall(call.id)).call.requiredAttachments).toHaveLength(2)
		expect(await db.select().from(callQuestions).where(eq(callQuestions.callId, call.id))).toHaveLength(2)

		// Rewording and adding are fine.
		expect(
			await updateCall({
				user,
				callId: call.id,
				call: {
					...input,
					themes: [{ ...input.themes[0]!, label: 'Rencontres entre générations' }, input.themes[1]!, { id: null, label: 'Mixité entre filles et garçons' }],
					requiredAttachments: [{ ...input.requiredAttachments[0]!, label: 'Statuts signés' }, input.requiredAttachments[1]!, { key: null, label: 'Budget', givenBy: 'lead' }],
				},
			}),
		).toEqual({ ok: true })
		expect(
			await saveQuestions({
				user,
				callId: call.id,
				questions: [{ ...asInput[0]!, label: 'Quel public visez-vous ?' }, { ...asInput[1]!, choices: ['Enfants', 'Seniors', 'Adultes'] }],
			}),
		).toEqual({ ok: true })
		const { call: after, themes: rows } = await loadCall(call.id)
		expect(rows.map((t) => t.label)).toEqual(['Rencontres entre générations', 'Interculturel', 'Mixité entre filles et garçons'])
		expect(after.requiredAttachments.map((a) => a.key)).toEqual(['statuts', 'rib', 'budget'])
	})
})

describe('clôture automatique à la date limite (heure de Paris)', () => {
	const cases = [
		{ label: 'minuit le 1er avril 2026 (heure d’été)', deadline: ['2026-04-01', '00:00'], before: ['2026-03-31', '23:59'] },
		{ label: 'minuit le lendemain du passage à l’heure d’été', deadline: ['2026-03-30', '00:00'], before: ['2026-03-29', '23:59'] },
		{ label: 'minuit le jour du passage à l’heure d’été', deadline: ['2026-03-29', '00:00'], before: ['2026-03-28', '23:59'] },
		{ label: 'minuit le lendemain du passage à l’heure d’hiver', deadline: ['2026-10-26', '00:00'], before: ['2026-10-25', '23:59'] },
		{ label: 'minuit le 1er janvier (heure d’hiver)', deadline: ['2027-01-01', '00:00'], before: ['2026-12-31', '23:59'] },
	] as const

	test.each(cases)('$label : ouvert à 23:59:59, clos à 00:00:00', async ({ deadline, before }) => {
		const deadlineAt = parisLocalToUtc(deadline[0], deadline[1])!
		const lastSecond = new Date(parisLocalToUtc(before[0], before[1])!.getTime() + 59_000)
		expect(deadlineAt.getTime() - lastSecond.getTime()).toBe(1000)
		const call = await createCall({ deadlineAt })
		const other = await createCall({ deadlineAt: new Date(deadlineAt.getTime() + DAY) })

		expect(await closeCallsPastDeadline(lastSecond)).toEqual([])
		expect((await loadCall(call.id)).call.status).toBe('published')

		expect(await closeCallsPastDeadline(deadlineAt)).toEqual([call.id])
		const { call: closed } = await loadCall(call.id)
		expect(closed.status).toBe('closed')
		expect(closed.closedAt?.getTime()).toBe(deadlineAt.getTime())
		expect((await loadCall(other.id)).call.status).toBe('published')
		const events = await db.select().from(auditEvents).where(eq(auditEvents.subjectId, call.id))
		expect(events).toEqual([expect.objectContaining({ action: 'call.closed', actorUserId: null, data: expect.objectContaining({ by: 'deadline' }) })])

		// Idempotent: a second run closes nothing and writes nothing.
		expect(await closeCallsPastDeadline(new Date(deadlineAt.getTime() + 60_000))).toEqual([])
		expect(await db.select().from(auditEvents).where(eq(auditEvents.subjectId, call.id))).toHaveLength(1)
	})

	test('ne touche ni aux brouillons ni aux appels déjà clos', async () => {
		const past = new Date(Date.now() - DAY)
		const draft = await createCall({ status: 'draft', deadlineAt: past })
		const closed = await createCall({ status: 'closed', deadlineAt: past })
		expect(await closeCallsPastDeadline(new Date())).toEqual([])
		expect((await loadCall(draft.id)).call.status).toBe('draft')
		expect((await loadCall(closed.id)).call.closedAt).toBeNull()
	})
})

describe('rappel deux jours avant la date limite', () => {
	test('un e-mail par référent du chef de file de chaque brouillon, une seule fois', async () => {
		const now = new Date('2026-03-29T10:00:00Z')
		const call = await createCall({ title: 'Vivre ensemble 2026', deadlineAt: new Date(now.getTime() + 47 * 3600_000) })
		const lead = await createAssociationMember('referent')
		const secondReferent = await createUser({ email: 'second@exemple.test' })
		await addMember(lead.organization.id, secondReferent.id, 'referent')
		const plainMember = await createUser({ email: 'membre@exemple.test' })
		await addMember(lead.organization.id, plainMember.id, 'member')
		const submittedLead = await createAssociationMember('referent')
		const draft = await insertApplication(call.id, lead.organization.id, 'draft', 'Jardins partagés')
		await insertApplication(call.id, submittedLead.organization.id, 'submitted')
		// Not yet within 48 hours, and another call's draft.
		const later = await createCall({ deadlineAt: new Date(now.getTime() + 49 * 3600_000) })
		await insertApplication(later.id, lead.organization.id, 'draft')

		expect(await sendDeadlineReminders(now)).toEqual([{ callId: call.id, emails: 2 }])
		const messages = await db.select().from(outboxMessages)
		expect(messages.map((m) => m.toAddress).sort()).toEqual([lead.user.email, 'second@exemple.test'].sort())
		for (const message of messages) {
			expect(message.template).toBe('deadline-reminder')
			expect(message.subject).toContain('Vivre ensemble 2026')
			expect(message.text).toContain('Jardins partagés')
			// 47 h after 10:00 UTC on 29 March 2026 is 09:00 UTC on 31 March: 11:00 in Paris (summer time).
			expect(message.text).toContain('31 mars 2026 à 11:00')
			expect(message.text).toContain(`http://localhost/candidatures/${draft.id}`)
		}
		expect((await loadCall(call.id)).call.deadlineReminderSentAt?.getTime()).toBe(now.getTime())
		expect((await loadCall(later.id)).call.deadlineReminderSentAt).toBeNull()
		const [event] = await db.select().from(auditEvents).where(eq(auditEvents.action, 'call.deadline_reminder_sent'))
		expect(event).toMatchObject({ subjectId: call.id, data: { applications: 1, emails: 2 } })

		// Idempotent: half an hour later, nothing more for this call.
		expect(await sendDeadlineReminders(new Date(now.getTime() + 30 * 60_000))).toEqual([])
		expect(await db.select().from(outboxMessages)).toHaveLength(2)
		// Two runs at once still send once.
		const soon = await createCall({ deadlineAt: new Date(now.getTime() + 24 * 3600_000) })
		await insertApplication(soon.id, lead.organization.id, 'draft')
		const runs = await Promise.all([sendDeadlineReminders(now), sendDeadlineReminders(now)])
		expect(runs.flat()).toEqual([{ callId: soon.id, emails: 2 }])
		expect(await db.select().from(outboxMessages)).toHaveLength(4)
	})

	test('un appel sans brouillon est marqué sans e-mail ; ni brouillon d’appel, ni appel dont la date est passée', async () => {
		const now = new Date('2026-06-01T10:00:00Z')
		const empty = await createCall({ deadlineAt: new Date(now.getTime() + DAY) })
		const draftCall = await createCall({ status: 'draft', deadlineAt: new Date(now.getTime() + DAY) })
		const passed = await createCall({ deadlineAt: new Date(now.getTime() - 60_000) })
		const { organization } = await createAssociationMember()
		await insertApplication(passed.id, organization.id)
		expect(await sendDeadlineReminders(now)).toEqual([{ callId: empty.id, emails: 0 }])
		expect((await loadCall(draftCall.id)).call.deadlineReminderSentAt).toBeNull()
		expect((await loadCall(passed.id)).call.deadlineReminderSentAt).toBeNull()
		expect(await db.select().from(outboxMessages)).toEqual([])
	})
})

describe('startCallJobs', () => {
	test('passe dès le démarrage (clôture puis rappels), puis s’arrête en attendant le passage en cours', async () => {
		const overdue = await createCall({ deadlineAt: new Date(Date.now() - 60_000) })
		const soon = await createCall({ deadlineAt: new Date(Date.now() + DAY) })
		const stop = startCallJobs({ intervalMs: 60_000 })
		try {
			await expect
				.poll(async () => [(await loadCall(overdue.id)).call.status, (await loadCall(soon.id)).call.deadlineReminderSentAt !== null], { timeout: 10_000 })
				.toEqual(['closed', true])
		} finally {
			await stop()
		}
	})
})

describe('gestion des appels (HTTP)', () => {
	let server: TestServer
	beforeAll(async () => {
		server = await startTestServer()
	})
	afterAll(async () => {
		await server.close()
	})

	test('le personnel d’un financeur crée un appel : une erreur d’abord, puis correctement', async () => {
		const { user, organization } = await createStaff('funder')
		const cookie = await login(server, user.email)
		const page = await get(server, '/gestion/appels/nouveau', cookie)
		expect(page.status).toBe(200)
		expect(await page.text()).toContain('Créer un appel à projets')

		const fields = {
			title: 'Vivre ensemble 2027',
			presentation: '## Objectifs\n- coopérer\n<script>alert(1)</script>',
			minAssociations: '1',
			envelope: '150 000',
			maxAmountPerProject: '10 000',
			deadlineDate: '2027-03-31',
			deadlineTime: '12:00',
			juryStartsOn: '2027-03-15',
			'themes[0].id': '',
			'themes[0].label': 'Intergénérationnel',
			'attachments[0].key': '',
			'attachments[0].label': 'Statuts',
			'attachments[0].givenBy': 'each',
		}
		const refused = await post(server, '/gestion/appels/nouveau', fields, { cookie })
		expect(refused.status).toBe(400)
		const html = await refused.text()
		expect(html).toContain('au moins 2 associations')
		expect(html).toContain('Le début du jury doit venir après la date limite de dépôt.')
		expect(html).toContain('value="Vivre ensemble 2027"')
		expect(html).toContain('value="Intergénérationnel"')
		expect(html).toContain('value="150 000"')
		expect(await db.select().from(calls)).toEqual([])

		const created = await post(server, '/gestion/appels/nouveau', { ...fields, minAssociations: '2', juryStartsOn: '2027-04-15' }, { cookie })
		expect(created.status).toBe(302)
		const [call] = await db.select().from(calls)
		expect(call).toMatchObject({ funderId: organization.id, status: 'draft', title: 'Vivre ensemble 2027', envelopeCents: 15_000_000 })
		// 12:00 in Paris on 31 March 2027 (summer time) is 10:00 UTC.
		expect(call!.deadlineAt?.toISOString()).toBe('2027-03-31T10:00:00.000Z')
		expect(created.headers.get('location')).toBe(`/gestion/appels/${call!.id}`)

		const callPage = await get(server, `/gestion/appels/${call!.id}`, cookie)
		expect(callPage.status).toBe(200)
		const callHtml = await callPage.text()
		expect(callHtml).toContain('Publier l’appel')
		expect(callHtml).toContain('value="12:00"')
		expect(callHtml).toContain('value="2027-03-31"')

		const preview = await (await get(server, `/gestion/appels/${call!.id}/apercu`, cookie)).text()
		expect(preview).toContain('<h3>Objectifs</h3>')
		expect(preview).toContain('<li>coopérer</li>')
		expect(preview).not.toContain('<script>alert(1)</script>')
		expect(preview).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')

		const published = await post(server, `/gestion/appels/${call!.id}`, { intent: 'publish', confirm: '1' }, { cookie })
		expect(published.status).toBe(302)
		expect((await loadCall(call!.id)).call.status).toBe('published')

		const home = await (await get(server, '/gestion', cookie)).text()
		expect(home).toContain(`href="/gestion/appels/${call!.id}"`)
		expect(home).toContain('href="/gestion/appels/nouveau"')
	})

	test('une modification refusée (thème retiré après une candidature) répond 409 avec le message, sans rien écrire', async () => {
		const { user, organization } = await createStaff('funder')
		const call = await createCall({ funderId: organization.id, envelopeCents: 1_000_000, presentation: 'Texte.', title: 'Appel ouvert' })
		const { organization: association } = await createAssociationMember()
		await insertApplication(call.id, association.id)
		const input = await currentInput(call.id)
		const cookie = await login(server, user.email)
		const response = await post(
			server,
			`/gestion/appels/${call.id}`,
			{
				intent: 'save',
				version: '1',
				title: 'Appel ouvert',
				presentation: 'Texte.',
				minAssociations: '2',
				envelope: '10 000',
				deadlineDate: `${new Date().getFullYear() + 2}-03-31`,
				deadlineTime: '12:00',
				'themes[0].id': input.themes[0]!.id!,
				'themes[0].label': input.themes[0]!.label,
				'themes[1].id': input.themes[1]!.id!,
				'themes[1].label': '',
			},
			{ cookie },
		)
		expect(response.status).toBe(409)
		expect(await response.text()).toContain('ne peut pas être retiré')
		expect((await loadCall(call.id)).themes).toHaveLength(2)
	})

	test('le personnel d’un autre financeur reçoit 404 ; un membre d’association 403', async () => {
		const { organization } = await createStaff('funder')
		const call = await createCall({ funderId: organization.id, status: 'draft' })
		const { user: outsider } = await createStaff('funder')
		const outsiderCookie = await login(server, outsider.email)
		for (const path of ['', '/grille', '/questions', '/apercu']) {
			expect((await get(server, `/gestion/appels/${call.id}${path}`, outsiderCookie)).status, path).toBe(404)
		}
		expect((await post(server, `/gestion/appels/${call.id}`, { intent: 'publish' }, { cookie: outsiderCookie })).status).toBe(404)
		expect((await post(server, `/gestion/appels/${call.id}`, { intent: 'save', version: '1', title: 'Piraté' }, { cookie: outsiderCookie })).status).toBe(404)
		expect((await post(server, `/gestion/appels/${call.id}/grille`, { intent: 'save-criteria', version: '1' }, { cookie: outsiderCookie })).status).toBe(404)
		expect((await loadCall(call.id)).call).toMatchObject({ status: 'draft', title: call.title })
		expect(await db.select().from(criteria)).toEqual([])

		const { user: member } = await createAssociationMember()
		const memberCookie = await login(server, member.email)
		expect((await get(server, '/gestion/appels/nouveau', memberCookie)).status).toBe(403)
		expect((await post(server, '/gestion/appels/nouveau', { title: 'Non' }, { cookie: memberCookie })).status).toBe(403)
		expect((await get(server, `/gestion/appels/${call.id}`, memberCookie)).status).toBe(403)
	})

	test('grille et questions par formulaire, avec erreurs à côté des champs', async () => {
		const { user, organization } = await createStaff('funder')
		const call = await createCall({ funderId: organization.id, status: 'draft' })
		const cookie = await login(server, user.email)
		const bad = await post(server, `/gestion/appels/${call.id}/grille`, { intent: 'save-criteria', 'criteria[0].label': 'Coopération', 'criteria[0].weight': 'beaucoup' }, { cookie })
		expect(bad.status).toBe(400)
		const badHtml = await bad.text()
		expect(badHtml).toContain('Le coefficient est un nombre entier entre 1 et 100.')
		expect(badHtml).toContain('value="beaucoup"')
		const good = await post(
			server,
			`/gestion/appels/${call.id}/grille`,
			{ intent: 'save-criteria', version: '1', 'criteria[0].label': 'Coopération', 'criteria[0].weight': '3', 'criteria[0].scaleMax': '10' },
			{ cookie },
		)
		expect(good.status).toBe(302)
		expect(await db.select({ label: criteria.label, weight: criteria.weight, scaleMax: criteria.scaleMax }).from(criteria)).toEqual([
			{ label: 'Coopération', weight: 3, scaleMax: 10 },
		])

		const question = await post(
			server,
			`/gestion/appels/${call.id}/questions`,
			{ intent: 'save-questions', version: '1', 'questions[0].label': 'Tranche d’âge', 'questions[0].type': 'choice', 'questions[0].choices': 'Enfants\nSeniors', 'questions[0].required': 'on' },
			{ cookie },
		)
		expect(question.status).toBe(302)
		const [stored] = await db.select().from(callQuestions)
		expect(stored).toMatchObject({ label: 'Tranche d’âge', type: 'choice', choices: ['Enfants', 'Seniors'], required: true })
		const page = await (await get(server, `/gestion/appels/${call.id}/questions`, cookie)).text()
		expect(page).toContain('Tranche d’âge')
	})
})
