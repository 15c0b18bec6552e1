/**
 * The states the application story starts from, built on the portal's own database with the
 * domain functions the pages call (and the data the earlier steps of the story type), so
 * each browser test sets up what it needs and can run alone. Used by tests/e2e/prepare.ts
 * before the portal starts (PGlite is one process at a time).
 */
import { eq } from 'drizzle-orm'
import { acceptEngagement } from '#app/domain/applications/engagement.server.ts'
import { invitePartnerOrganization, updateMember } from '#app/domain/applications/consortium.server.ts'
import { createApplication } from '#app/domain/applications/creation.server.ts'
import { listMembersOf } from '#app/domain/applications/read-model.server.ts'
import { saveBudget, saveCooperation, saveProject } from '#app/domain/applications/sections.server.ts'
import { submitApplication } from '#app/domain/applications/submission.server.ts'
import { addAttachment } from '#app/domain/applications/attachments.server.ts'
import { COOPERATION_TOPICS } from '#app/domain/applications/options.ts'
import { sirenWithKey, withLuhnKey } from '#app/domain/organizations/identifiers.ts'
import { hashPassword } from '#app/auth/password.server.ts'
import { db } from '#db/client.server.ts'
import { DEMO_PASSWORD } from '#db/seed.ts'
import { applicationMembers, applications, calls, jurors, memberships, themes, users } from '#db/schema/index.ts'
import { assignJuror, createCall, createCriteria, PDF } from '#tests/factories.ts'

export const FUNDER = 'gestion@demo.ensemble.test'
export const A = { email: 'asso1@demo.ensemble.test', name: 'Les Jardins Partagés du Faubourg' }
// db/seed.ts: association n of département d has the SIREN sirenWithKey(`7${d}1000${n}`) and the SIRET of its head office.
export const B = { email: 'asso2@demo.ensemble.test', name: 'Théâtre des Deux Rives', siret: withLuhnKey(`${sirenWithKey('76910002')}0001`) }
export const CALL_TITLE = 'Jardins et scènes partagés'
export const PROJECT_TITLE = 'Des potagers sur les planches'

export type StoryHandles = { callId: string; applicationId: string }

function must<T extends { ok: boolean }>(outcome: T, what: string): Extract<T, { ok: true }> {
	if (!outcome.ok) throw new Error(`${what} refused: ${JSON.stringify(outcome)}`)
	return outcome as Extract<T, { ok: true }>
}

/** A demo account and the organisation it belongs to. */
async function demo(email: string) {
	const [row] = await db.select({ user: users, organizationId: memberships.organizationId }).from(users).innerJoin(memberships, eq(memberships.userId, users.id)).where(eq(users.email, email))
	if (!row) throw new Error(`no demo account ${email}`)
	return row
}

/** The call the funder publishes in the first step: a RIB from the lead, two themes. */
async function published(): Promise<StoryHandles> {
	const funder = await demo(FUNDER)
	const call = await createCall({
		funderId: funder.organizationId,
		title: CALL_TITLE,
		presentation: 'Des associations de quartier qui cultivent, jouent et accueillent ensemble.',
		envelopeCents: 6_000_000,
		maxAmountPerProjectCents: 1_000_000,
		deadlineAt: new Date(`${new Date().getFullYear() + 1}-06-30T21:59:00Z`),
		requiredAttachments: [{ key: 'rib', label: 'RIB', givenBy: 'lead' }],
		publishedAt: new Date(),
	})
	return { callId: call.id, applicationId: '' }
}

/** A drafted the application, invited B by its SIRET, filled project and cooperation and gave the RIB. */
async function drafted(): Promise<StoryHandles> {
	const { callId } = await published()
	const a = await demo(A.email)
	const { applicationId: id } = must(await createApplication({ user: a.user, callId, title: PROJECT_TITLE, leadOrganizationId: a.organizationId }), 'createApplication')
	const b = await demo(B.email)
	const invited = must(await invitePartnerOrganization({ id, user: a.user, identifier: B.siret }), 'invitePartnerOrganization')
	const lead = (await listMembersOf(id)).find((m) => m.organizationId === a.organizationId)!
	must(
		await updateMember({ id, user: a.user, memberId: lead.id, roleDescription: 'Coordination, jardinage avec les habitants', contribution: 'Deux parcelles, 15 bénévoles, les outils', budgetShareCents: 500_000 }),
		'updateMember A',
	)
	must(await updateMember({ id, user: a.user, memberId: invited.memberId, roleDescription: 'Spectacles au jardin, ateliers de théâtre', contribution: '', budgetShareCents: 300_000 }), 'updateMember B')
	const [theme] = await db.select().from(themes).where(eq(themes.callId, callId)).orderBy(themes.position)
	const application = await versions(id)
	must(
		await saveProject({
			id,
			user: a.user,
			input: {
				version: application.projectVersion,
				title: PROJECT_TITLE,
				summary: 'Des potagers partagés où se jouent de petites pièces, pour les habitants de tous âges.',
				themeIds: [theme!.id],
				territory: 'Lyon 3e et Villeurbanne',
				territoryKind: 'autre',
				publics: 'Enfants du quartier et personnes âgées isolées',
				expectedParticipants: 120,
				collectiveObjectives: 'Faire se rencontrer les générations autour du jardin et du théâtre.',
				specificObjectives: [
					{ organizationId: a.organizationId, text: 'Ouvrir les parcelles aux familles.' },
					{ organizationId: b.organizationId, text: 'Créer un spectacle avec les habitants.' },
				],
				indicators: [{ label: 'Participants aux ateliers', target: '120 personnes' }],
				timetable: [{ label: 'Premier atelier au jardin', date: `${new Date().getFullYear() + 1}-09-15` }],
			},
		}),
		'saveProject',
	)
	must(
		await saveCooperation({
			id,
			user: a.user,
			input: {
				version: application.cooperationVersion,
				level: 'cooperation',
				triggers: ['volonte_commune'],
				topics: Object.fromEntries(COOPERATION_TOPICS.map((t) => [t.value, `Convenu ensemble : ${t.label.toLowerCase()}.`])),
				involvementForms: ['comite_pilotage'],
				involvementOther: '',
				otherPartners: [],
				otherPartnersDetails: '',
			},
		}),
		'saveCooperation',
	)
	must(await addAttachment({ id, user: a.user, slot: `rib:${a.organizationId}`, filename: 'rib.pdf', data: PDF }), 'addAttachment')
	return { callId, applicationId: id }
}

async function versions(id: string) {
	const [row] = await db.select().from(applications).where(eq(applications.id, id))
	return row!
}

/** B read the application and confirmed its engagement. */
async function confirmed(): Promise<StoryHandles> {
	const handles = await drafted()
	const b = await demo(B.email)
	must(
		await acceptEngagement({ id: handles.applicationId, user: b.user, roleDescription: 'Spectacles au jardin, ateliers de théâtre pour les enfants', contribution: 'Deux comédiens salariés, la régie, 5 bénévoles' }),
		'acceptEngagement',
	)
	return handles
}

/** A completed the budget, B confirmed again, A submitted. */
async function submitted(): Promise<StoryHandles> {
	const handles = await confirmed()
	const id = handles.applicationId
	const a = await demo(A.email)
	const b = await demo(B.email)
	must(
		await saveBudget({
			id,
			user: a.user,
			input: {
				version: (await versions(id)).budgetVersion,
				charges: [
					{ account: '60', label: 'Graines, outils et décors', amountCents: 300_000 },
					{ account: '64', label: 'Heures des comédiens', amountCents: 500_000 },
				],
				products: [
					{ account: '74', label: 'Ville de Lyon', amountCents: 150_000 },
					{ account: '75', label: 'Cotisations des adhérents', amountCents: 50_000 },
				],
				amountRequested: 600_000,
			},
		}),
		'saveBudget',
	)
	must(await acceptEngagement({ id, user: b.user, roleDescription: 'Spectacles au jardin, ateliers de théâtre pour les enfants', contribution: 'Deux comédiens salariés, la régie, 5 bénévoles' }), 'acceptEngagement again')
	must(await submitApplication({ id, user: a.user }), 'submitApplication')
	return handles
}

/** A call of the demo funder at the jury: 8 recevable dossiers of A, three seated jurors, nothing assigned yet. */
async function atJury(): Promise<StoryHandles> {
	const funder = await demo(FUNDER)
	const a = await demo(A.email)
	const year = new Date().getFullYear()
	const call = await createCall({ funderId: funder.organizationId, title: 'Jury à répartir', status: 'jury', deadlineAt: new Date(Date.now() - 86_400_000), juryEndsOn: `${year + 1}-05-15` })
	await db.insert(applications).values(
		Array.from({ length: 8 }, (_, i) => ({ callId: call.id, leadOrganizationId: a.organizationId, title: `Projet de quartier n° ${i + 1}`, status: 'admissible' as const, submittedAt: new Date() })),
	)
	for (const name of ['Camille Martin-Durand', 'Dominique Lefèvre', 'Sacha Benali']) {
		const [user] = await db.insert(users).values({ email: `${name.split(' ')[0]!.toLowerCase()}.jury@exemple.test`, displayName: name, passwordHash: 'not-a-password', emailVerifiedAt: new Date() }).returning()
		await db.insert(jurors).values({ callId: call.id, userId: user!.id, status: 'active', kind: 'external_expert' })
	}
	return { callId: call.id, applicationId: '' }
}

/** A juror of this call only (the demo's jurors sit on its pilot edition too), with the demo's password. */
export const JUROR = 'noor.jure@exemple.test'
export const JURY_TITLES = { conflicted: 'Un goûter, des histoires', scored: 'Le quartier en musique' }

/** A call in its jury with a grid of two criteria, two recevable dossiers assigned to jury2 (issue 8, scoring). */
async function jury(): Promise<StoryHandles> {
	const funder = await demo(FUNDER)
	// The account alone: a juror belongs to no organisation.
	const [jurorUser] = await db
		.insert(users)
		.values({ email: JUROR, displayName: 'Noor Haddad', passwordHash: await hashPassword(DEMO_PASSWORD), emailVerifiedAt: new Date() })
		.returning()
	const juror = { user: jurorUser! }
	const call = await createCall({ funderId: funder.organizationId, title: 'Jury des quartiers 2027', status: 'jury', juryEndsOn: '2027-05-15', publishedAt: new Date(), deadlineAt: new Date(Date.now() - 24 * 3600_000) })
	await createCriteria(call.id)
	await db.insert(jurors).values({ callId: call.id, userId: juror.user.id, status: 'active' })
	const a = await demo(A.email)
	let last = ''
	for (const title of [JURY_TITLES.conflicted, JURY_TITLES.scored]) {
		const [row] = await db
			.insert(applications)
			.values({ callId: call.id, leadOrganizationId: a.organizationId, title, summary: 'Des après-midis partagés entre voisins.', status: 'admissible', submittedAt: new Date() })
			.returning()
		await db.insert(applicationMembers).values({ applicationId: row!.id, organizationId: a.organizationId, role: 'lead', status: 'confirmed' })
		await assignJuror(call.id, juror.user.id, row!.id)
		last = row!.id
	}
	return { callId: call.id, applicationId: last }
}

/**
 * The submitted application retained (issue 10): its call decided — the deliberation's own
 * functions are tested elsewhere —, 6 000 € granted, the project dated this year and next, its
 * end-of-project evaluation due in the autumn of next year. The follow-up starts from here.
 */
async function retained(): Promise<StoryHandles> {
	const handles = await submitted()
	const year = new Date().getFullYear()
	await db
		.update(calls)
		.set({ status: 'decided', decidedAt: new Date(), projectStartsOn: `${year}-01-15`, projectEndsOn: `${year + 1}-06-30`, evaluationDueOn: `${year + 1}-10-31` })
		.where(eq(calls.id, handles.callId))
	await db
		.update(applications)
		.set({ status: 'selected', amountGrantedCents: 600_000, decidedAt: new Date(), decisionVersion: 1, decisionMotivation: 'Une coopération équilibrée entre le jardin et la scène.' })
		.where(eq(applications.id, handles.applicationId))
	return handles
}

export const STORY_STATES = { published, drafted, confirmed, submitted, retained, atJury, jury } satisfies Record<string, () => Promise<StoryHandles>>
export type StoryState = keyof typeof STORY_STATES
