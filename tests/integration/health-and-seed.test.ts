import { mkdtempSync } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { verifyPassword } from '#app/auth/password.server.ts'
import { getApplicationForUser } from '#app/domain/applications/access.server.ts'
import { requireFollowUp } from '#app/domain/follow-up/access.server.ts'
import { loadFollowUpView } from '#app/domain/follow-up/follow-up-view.server.ts'
import { RETAINED_STATUSES } from '#app/domain/applications/lifecycle.ts'
import { listMembersOf, loadApplicationDetails } from '#app/domain/applications/read-model.server.ts'
import { receiptKey } from '#app/domain/applications/receipt.server.ts'
import { checkRna, checkSiret } from '#app/domain/organizations/identifiers.ts'
import { listOpenCalls } from '#app/domain/calls/calls.server.ts'
import { loader as healthz } from '#app/routes/healthz.ts'
import { connect } from '#db/client.server.ts'
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo, seedDemoIfNeeded } from '#db/seed.ts'
import { DECIDED_CALL_TITLE } from '#db/demo-decided.ts'
import { FOLLOW_UP_TITLES } from '#db/demo-follow-up.ts'
import { PILOT_CALL_TITLE } from '#db/demo-jury.ts'
import { db } from '#db/client.server.ts'
import { keepDataBetweenTests } from '#tests/support/shared-fixtures.ts'
import { applicationMembers, applicationMessages, applicationRequests, applications, attachments, auditEvents, calls, decisionLetters, juryAssignments, juryConflicts, jurors, memberships, organizations, outboxMessages, partnerAnnouncements, partnerAnswers, partnerDrawVolunteers, scores, supporterOpinions, themes, users } from '#db/schema/index.ts'

// The demo's attachments and receipts go to a temporary UPLOAD_DIR (storage reads it lazily, at its first use).
const uploadDir = mkdtempSync(path.join(tmpdir(), 'ensemble-seed-'))
process.env.UPLOAD_DIR = uploadDir
afterAll(() => rm(uploadDir, { recursive: true, force: true }))

describe('/healthz', () => {
	// The file's database opened first: its first statement (PGlite loading its data under CI's
	// load) can take longer than the 3 s healthz gives the database, and healthz rightly says 503.
	beforeAll(async () => {
		await db.execute(sql`select 1`)
	})

	test('200 quand la base répond, 503 sinon', async () => {
		expect((await healthz()).status).toBe(200)

		const holder = globalThis as unknown as { __ensembleConnection?: unknown }
		const real = holder.__ensembleConnection
		const broken = connect({ databaseUrl: 'postgres://ensemble@127.0.0.1:1/absente' })
		holder.__ensembleConnection = broken
		try {
			const response = await healthz()
			expect(response.status).toBe(503)
			expect(await response.text()).toContain('indisponible')
		} finally {
			holder.__ensembleConnection = real
			await broken.close()
		}
	})
})

// Seeding the demo takes seconds (about 9 s each under CI's load): the read-only tests below
// share one seeding, on the database the first test of this block has filled (or seed it when
// run alone). The production rule runs first, on the file's empty database.
keepDataBetweenTests()

describe('données de démonstration', () => {
	// This test seeds the whole demo: about 9 s under CI's load, once over 30 s beside the browser tests.
	test('ne se charge pas en production sans demande explicite, ni sur une base déjà remplie', async () => {
		expect(await seedDemoIfNeeded({ NODE_ENV: 'production', SEED_DEMO: 'auto' })).toBe(false)
		expect(await seedDemoIfNeeded({ NODE_ENV: 'development', SEED_DEMO: 'never' })).toBe(false)
		expect(await db.select().from(users)).toHaveLength(0)

		expect(await seedDemoIfNeeded({ NODE_ENV: 'production', SEED_DEMO: 'always' })).toBe(true)
		expect(await seedDemoIfNeeded({ NODE_ENV: 'development', SEED_DEMO: 'auto' })).toBe(false)
		expect(await db.select().from(calls)).toHaveLength(4)
	}, 120_000)

	describe('une fois chargées', () => {
		beforeAll(async () => {
			if ((await db.select({ id: users.id }).from(users)).length === 0) await seedDemo()
		})

		test('un compte par rôle, huit associations valides dans trois départements, l’appel et ses thèmes', async () => {
			const accounts = await db.select().from(users)
			expect(accounts.map((u) => u.email).sort()).toEqual(DEMO_ACCOUNTS.map((a) => a.email).sort())
			expect(await verifyPassword(accounts[0]!.passwordHash, DEMO_PASSWORD)).toBe(true)
			expect(accounts.find((u) => u.email === 'admin@demo.ensemble.test')?.platformRole).toBe('admin')

			// The demo's own eight have accounts; the 2012 edition, imported, brought its other associations (no account).
			const withReferent = db.select({ id: memberships.organizationId }).from(memberships).where(eq(memberships.role, 'referent'))
			const associations = await db
				.select()
				.from(organizations)
				.where(and(eq(organizations.kind, 'association'), inArray(organizations.id, withReferent)))
			expect(associations).toHaveLength(8)
			const [past] = await db.select().from(calls).where(eq(calls.title, 'Vivre ensemble 2012'))
			expect(past).toMatchObject({ status: 'archived', importedFrom: 'vivre-ensemble-2012.xlsx' })
			// The demo's associations that took part in 2012 are linked to its dossiers, not created again.
			const linked = await db
				.selectDistinct({ id: applicationMembers.organizationId })
				.from(applicationMembers)
				.innerJoin(applications, eq(applications.id, applicationMembers.applicationId))
				.where(and(eq(applications.callId, past!.id), inArray(applicationMembers.organizationId, withReferent)))
			expect(linked.length).toBeGreaterThan(0)
			for (const association of associations) {
				expect(checkSiret(association.siret!).ok, association.siret!).toBe(true)
				expect(checkRna(association.rna!).ok, association.rna!).toBe(true)
				expect(association.siren).toBe(association.siret!.slice(0, 9))
			}
			expect(new Set(associations.map((a) => a.departement)).size).toBe(3)
			expect(new Set(associations.map((a) => a.siren)).size).toBe(8)

			const referents = await db
				.select({ email: users.email })
				.from(memberships)
				.innerJoin(users, eq(users.id, memberships.userId))
				.where(and(eq(memberships.role, 'referent'), isNotNull(memberships.organizationId)))
			expect(referents).toHaveLength(8)

			const [call] = await db.select().from(calls).where(eq(calls.title, 'Vivre ensemble 2027'))
			expect(call?.status).toBe('published')
			expect(call?.minAssociations).toBe(2)
			expect(call?.deadlineAt!.getTime()).toBeGreaterThan(Date.now())
			expect((await db.select().from(themes).where(eq(themes.callId, call!.id))).map((t) => t.label).sort()).toEqual(
				['Interculturel', 'Intergénérationnel', 'Mixité entre filles et garçons', 'Rencontre handicap/valide'].sort(),
			)

			const open = await listOpenCalls()
			expect(open.map((c) => c.title)).toEqual(['Vivre ensemble 2027'])
			expect(open[0]!.themes).toHaveLength(4)
		})

		test('des candidatures dans chaque état, créées par les fonctions du domaine', async () => {

			const referentOf = async (n: number) => {
				const [row] = await db
					.select({ userId: users.id, organizationId: memberships.organizationId })
					.from(users)
					.innerJoin(memberships, eq(memberships.userId, users.id))
					.where(eq(users.email, `asso${n}@demo.ensemble.test`))
				return row!
			}
			const [openCall] = await db.select().from(calls).where(eq(calls.title, 'Vivre ensemble 2027'))
			// Five dossiers, and the draft created by accepting an answer to an announcement (db/demo-announcements.ts).
			const fromAnnouncement = 'Mémoires de femmes du Forez'
			const everything = await db.select().from(applications).where(eq(applications.callId, openCall!.id))
			expect(everything.filter((a) => a.title === fromAnnouncement).map((a) => a.status)).toEqual(['draft'])
			const all = everything.filter((a) => a.title !== fromAnnouncement)
			expect(all).toHaveLength(5)
			// Issue 12 — two announcements on the call: one answer pending, one accepted that invited its association; the draw enabled with six volunteers.
			const answers = await db
				.select({ title: partnerAnnouncements.title, status: partnerAnswers.status, invitationId: partnerAnswers.invitationId, applicationId: partnerAnnouncements.applicationId })
				.from(partnerAnswers)
				.innerJoin(partnerAnnouncements, eq(partnerAnnouncements.id, partnerAnswers.announcementId))
				.where(eq(partnerAnnouncements.callId, openCall!.id))
			expect(answers.map((a) => [a.title, a.status, a.invitationId !== null]).sort()).toEqual([
				[fromAnnouncement, 'accepted', true],
				['Rencontres sportives handi-valides à Roanne', 'pending', false],
			])
			expect(answers.find((a) => a.status === 'accepted')!.applicationId).toBe(everything.find((a) => a.title === fromAnnouncement)!.id)
			expect(openCall!.partnerDrawEnabled).toBe(true)
			expect(await db.select().from(partnerDrawVolunteers).where(eq(partnerDrawVolunteers.callId, openCall!.id))).toHaveLength(6)
			for (const application of all) {
				expect(application.amountRequestedCents).toBeGreaterThanOrEqual(500_000)
				expect(application.amountRequestedCents).toBeLessThanOrEqual(1_000_000)
			}
			const drafts = all.filter((a) => a.status === 'draft')
			expect(drafts).toHaveLength(2)

			// A draft waiting for its partner: association 1 leads, association 2 is invited.
			const asso1 = await referentOf(1)
			const asso2 = await referentOf(2)
			const waiting = drafts.find((a) => a.leadOrganizationId === asso1.organizationId)!
			expect(waiting).toBeDefined()
			const waitingMembers = await listMembersOf(waiting.id)
			expect(waitingMembers.map((m) => [m.organizationId, m.role, m.status])).toEqual([
				[asso1.organizationId, 'lead', 'confirmed'],
				[asso2.organizationId, 'co_carrier', 'invited'],
			])
			const waitingDetails = await loadApplicationDetails(await getApplicationForUser({ id: waiting.id, user: { id: asso1.userId } }))
			expect(waitingDetails.problems.map((p) => p.section)).toContain('partenaires')
			// The invited partner sees the draft (to accept or decline).
			expect((await getApplicationForUser({ id: waiting.id, user: { id: asso2.userId } })).isLead).toBe(false)

			// A draft ready to submit: nothing missing.
			const ready = drafts.find((a) => a.id !== waiting.id)!
			const readyLead = (await db.select({ userId: memberships.userId }).from(memberships).where(eq(memberships.organizationId, ready.leadOrganizationId)))[0]!
			const readyDetails = await loadApplicationDetails(await getApplicationForUser({ id: ready.id, user: { id: readyLead.userId } }))
			expect(readyDetails.problems).toEqual([])
			expect(readyDetails.totals.balanced).toBe(true)

			// Two submitted, each with its receipt under UPLOAD_DIR and its emails queued.
			const submitted = all.filter((a) => a.status === 'submitted')
			expect(submitted).toHaveLength(2)
			for (const application of [...submitted, ...all.filter((a) => a.status === 'inadmissible')]) {
				expect(application.submittedAt).not.toBeNull()
				const receipt = await readFile(path.join(uploadDir, receiptKey(application.id)))
				expect(receipt.subarray(0, 5).toString()).toBe('%PDF-')
				const files = await db.select().from(attachments).where(eq(attachments.applicationId, application.id))
				expect(files.length).toBeGreaterThanOrEqual(5) // statuts and rapport of each association, the lead's RIB
				for (const file of files) expect((await readFile(path.join(uploadDir, file.storageKey))).subarray(0, 5).toString()).toBe('%PDF-')
			}
			const emails = await db.select({ template: outboxMessages.template, text: outboxMessages.text }).from(outboxMessages)
			const openCallEmails = emails.filter((e) => e.text.includes('Vivre ensemble 2027'))
			expect(openCallEmails.filter((e) => e.template === 'application-submitted').length).toBeGreaterThanOrEqual(6)

			// One declared irrecevable by the funder's staff, with its reason.
			const inadmissible = all.filter((a) => a.status === 'inadmissible')
			expect(inadmissible).toHaveLength(1)
			expect(inadmissible[0]!.statusReason).toContain('RIB')
			const [staff] = await db.select().from(users).where(eq(users.email, 'gestion@demo.ensemble.test'))
			const [decision] = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, inadmissible[0]!.id), eq(auditEvents.action, 'application.marked_inadmissible')))
			expect(decision?.actorUserId).toBe(staff!.id)
			expect(openCallEmails.filter((e) => e.template === 'application-admissibility')).toHaveLength(2)

			// A thread and an open request for a missing piece on « Le terrain est à tout le monde ».
			const terrain = all.find((a) => a.title === 'Le terrain est à tout le monde')!
			const thread = await db.select().from(applicationMessages).where(eq(applicationMessages.applicationId, terrain.id))
			expect(thread.map((m) => m.side)).toEqual(expect.arrayContaining(['funder', 'consortium', 'funder']))
			const requests = await db.select().from(applicationRequests).where(eq(applicationRequests.applicationId, terrain.id))
			expect(requests.map((r) => [r.status, r.items])).toEqual([['open', ['budget']]])
			expect(requests[0]!.dueAt.getTime()).toBeGreaterThan(Date.now())
			expect(terrain.status).toBe('submitted')
		})

		test('l’édition pilote est au jury : trois dossiers recevables, un jury de trois, un conflit détecté, les affectations, des évaluations envoyées, un avis', async () => {
			const [pilot] = await db.select().from(calls).where(eq(calls.title, PILOT_CALL_TITLE))
			expect(pilot?.status).toBe('jury')
			const dossiers = await db.select().from(applications).where(eq(applications.callId, pilot!.id))
			expect(dossiers.map((d) => d.status)).toEqual(['admissible', 'admissible', 'admissible'])
			const seats = await db.select({ email: users.email, status: jurors.status, isChair: jurors.isChair }).from(jurors).innerJoin(users, eq(users.id, jurors.userId)).where(eq(jurors.callId, pilot!.id))
			expect(seats.map((s) => [s.email, s.status, s.isChair]).sort()).toEqual([
				['jury1@demo.ensemble.test', 'active', true],
				['jury2@demo.ensemble.test', 'active', false],
				['jury3@demo.ensemble.test', 'active', false],
			])
			const conflicts = await db
				.select({ email: users.email, cause: juryConflicts.cause, title: applications.title })
				.from(juryConflicts)
				.innerJoin(jurors, eq(jurors.id, juryConflicts.jurorId))
				.innerJoin(users, eq(users.id, jurors.userId))
				.innerJoin(applications, eq(applications.id, juryConflicts.applicationId))
				.where(eq(jurors.callId, pilot!.id))
				.orderBy(juryConflicts.cause)
			// jury2 is a member of « Les Grands-Parents Conteurs »; that association also co-carried the 2026 edition's
			// « Veillées de contes croisés » with the same partners, found once that dossier is submitted.
			expect(conflicts).toEqual([
				{ email: 'jury2@demo.ensemble.test', cause: 'member_of_consortium', title: 'Contes croisés, première veillée' },
				{ email: 'jury2@demo.ensemble.test', cause: 'recent_partnership', title: 'Contes croisés, première veillée' },
			])
			// Two jurors per dossier, never the conflicted one.
			const assigned = await db
				.select({ email: users.email, title: applications.title })
				.from(juryAssignments)
				.innerJoin(jurors, eq(jurors.id, juryAssignments.jurorId))
				.innerJoin(users, eq(users.id, jurors.userId))
				.innerJoin(applications, eq(applications.id, juryAssignments.applicationId))
				.where(eq(jurors.callId, pilot!.id))
			expect(assigned).toHaveLength(6)
			for (const d of dossiers) expect(assigned.filter((a) => a.title === d.title)).toHaveLength(2)
			expect(assigned).not.toContainEqual({ email: 'jury2@demo.ensemble.test', title: 'Contes croisés, première veillée' })
			// Two evaluations sent (every criterion scored), one started.
			const evaluations = await db
				.select({ submittedAt: juryAssignments.submittedAt, startedAt: juryAssignments.startedAt })
				.from(juryAssignments)
				.innerJoin(jurors, eq(jurors.id, juryAssignments.jurorId))
				.where(eq(jurors.callId, pilot!.id))
			expect(evaluations.filter((e) => e.submittedAt !== null)).toHaveLength(2)
			expect(evaluations.filter((e) => e.submittedAt === null && e.startedAt !== null)).toHaveLength(1)
			const sentScores = await db
				.select({ value: scores.value })
				.from(scores)
				.innerJoin(juryAssignments, eq(juryAssignments.id, scores.assignmentId))
				.innerJoin(jurors, eq(jurors.id, juryAssignments.jurorId))
				.where(and(isNotNull(juryAssignments.submittedAt), eq(jurors.callId, pilot!.id)))
			expect(sentScores).toHaveLength(6)
			expect(sentScores.every((s) => s.value !== null)).toBe(true)
			// The accompanied dossier carries its structure's opinion.
			const opinions = await db.select({ verdict: supporterOpinions.verdict, title: applications.title }).from(supporterOpinions).innerJoin(applications, eq(applications.id, supporterOpinions.applicationId))
			expect(opinions).toEqual([{ verdict: 'favourable', title: 'Premiers sentiers partagés du Forez' }])
		})

		test('l’édition 2026 est décidée : trois dossiers retenus dans l’enveloppe, un en liste d’attente, un non retenu, le procès-verbal stocké, un courrier par association', async () => {
			const [decided] = await db.select().from(calls).where(eq(calls.title, DECIDED_CALL_TITLE))
			expect(decided).toMatchObject({ status: 'decided' })
			expect(decided!.minutesValidatedAt).toBeInstanceOf(Date)
			expect(decided!.minutesStorageKey).toBeTruthy()
			const dossiers = await db.select().from(applications).where(eq(applications.callId, decided!.id))
			const count = (statuses: readonly string[]) => dossiers.filter((d) => statuses.includes(d.status)).length
			// Retained at any step of their follow-up (demo-follow-up.ts carries them on).
			expect([count(RETAINED_STATUSES), count(['waitlisted']), count(['rejected'])]).toEqual([3, 1, 1])
			const retained = dossiers.filter((d) => (RETAINED_STATUSES as readonly string[]).includes(d.status)).reduce((sum, d) => sum + (d.amountGrantedCents ?? 0), 0)
			expect(retained).toBe(decided!.envelopeCents)
			// Every evaluation was sent and keeps its weighted score; jury2 never evaluated a dossier it is in conflict with.
			const sent = await db
				.select({ weighted: juryAssignments.weightedScore, submittedAt: juryAssignments.submittedAt })
				.from(juryAssignments)
				.innerJoin(jurors, eq(jurors.id, juryAssignments.jurorId))
				.where(eq(jurors.callId, decided!.id))
			expect(sent.length).toBeGreaterThanOrEqual(12)
			expect(sent.every((e) => e.submittedAt !== null && e.weighted !== null)).toBe(true)
			// One letter per confirmed association of each decided dossier, each queued with its email.
			const letters = await db.select().from(decisionLetters).innerJoin(applications, eq(applications.id, decisionLetters.applicationId)).where(eq(applications.callId, decided!.id))
			const confirmed = await db
				.select({ organizationId: applicationMembers.organizationId })
				.from(applicationMembers)
				.innerJoin(applications, eq(applications.id, applicationMembers.applicationId))
				.where(and(eq(applications.callId, decided!.id), eq(applicationMembers.status, 'confirmed')))
			expect(letters).toHaveLength(confirmed.length)
			expect(letters.every((l) => l.decision_letters.status === 'queued')).toBe(true)
			const mails = await db.select().from(outboxMessages).where(eq(outboxMessages.template, 'decision-letter'))
			expect(mails.length).toBeGreaterThanOrEqual(letters.length)
		})

		test('le suivi de l’édition 2026 : un dossier clos, un en retard (tranche et évaluation rouverte), une convention qui attend la signature du financeur', async () => {
			const [staff] = await db.select().from(users).where(eq(users.email, 'gestion@demo.ensemble.test'))
			const viewOf = async (title: string) => {
				const [dossier] = await db.select().from(applications).where(eq(applications.title, title))
				return loadFollowUpView(db, await requireFollowUp(db, staff!, dossier!.id))
			}

			const closed = await viewOf(FOLLOW_UP_TITLES.closed)
			expect(closed.application.status).toBe('closed')
			expect(closed.agreement).toMatchObject({ status: 'signed', signedCount: 3 })
			expect(closed.tranches.map((t) => t.state)).toEqual(['paid', 'paid'])
			expect(closed.report).toMatchObject({ status: 'approved', late: false, problems: [] })

			const late = await viewOf(FOLLOW_UP_TITLES.late)
			expect(late.application.status).toBe('evaluation_due')
			expect(late.tranches.map((t) => t.state)).toEqual(['late', 'waiting'])
			expect(late.tranches[0]!.daysLeft).toBeLessThan(0)
			expect(late.report).toMatchObject({ status: 'changes_requested', reopenedSections: ['financier'], late: true })
			expect(late.report!.reviewMessage).toContain('metteuse en scène')

			const awaiting = await viewOf(FOLLOW_UP_TITLES.awaitingFunder)
			expect(awaiting.application.status).toBe('selected')
			expect(awaiting.agreement!.parties.map((p) => [p.role, p.signature !== null, p.canSign])).toEqual([
				['lead', true, false],
				['co_carrier', true, false],
				['funder', false, true],
			])

			// Each association of the evaluated consortia received the evaluation sent, its PDF attached.
			const sent = await db.select().from(outboxMessages).where(eq(outboxMessages.template, 'evaluation-sent'))
			expect(sent.map((m) => m.toAddress).sort()).toEqual(['asso1@demo.ensemble.test', 'asso2@demo.ensemble.test', 'asso7@demo.ensemble.test', 'asso8@demo.ensemble.test'])
			expect(sent.every((m) => m.attachments.length === 1 && m.attachments[0]!.contentType === 'application/pdf')).toBe(true)
		})
	})
})
