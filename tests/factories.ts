/** Test data builders: each test creates exactly what it needs. */
import { hash } from '@node-rs/argon2'
import { and, asc, eq } from 'drizzle-orm'
import { acceptEngagement, answerNo } from '#app/domain/applications/engagement.server.ts'
import { invitePartnerByEmail, invitePartnerOrganization, updateMember } from '#app/domain/applications/consortium.server.ts'
import { createApplication as createDraft } from '#app/domain/applications/creation.server.ts'
import { saveAnswers, saveBudget, saveCooperation, saveProject } from '#app/domain/applications/sections.server.ts'
import { submitApplication, withdrawApplication } from '#app/domain/applications/submission.server.ts'
import { addAttachment } from '#app/domain/applications/attachments.server.ts'
import { decideAdmissibility } from '#app/domain/applications/instruction.server.ts'
import { COOPERATION_TOPICS } from '#app/domain/applications/options.ts'
import { weightedScore } from '#app/domain/jury/evaluation.ts'
import { sirenWithKey, withLuhnKey } from '#app/domain/organizations/identifiers.ts'
import { db } from '#db/client.server.ts'
import { applicationMembers, applications, callQuestions, calls, criteria, jurors, juryAssignments, memberships, organizations, scores, themes, users } from '#db/schema/index.ts'

let sequence = 0
const next = () => ++sequence

export const TEST_PASSWORD = 'mot-de-passe-de-test'
let cachedHash: Promise<string> | undefined

/**
 * The factories' accounts: argon2id at a test-only cost (1 MiB, one pass), read back from the
 * hash by the login's verify, so each of the suite's hundreds of logins costs ~1 ms instead of
 * ~40. The production parameters (app/auth/password.server.ts) stay covered: sign-up then login
 * in tests/integration/auth.test.ts, the demo's accounts (health-and-seed, the browser tests).
 */
function testPasswordHash(password: string): Promise<string> {
	return hash(password, { memoryCost: 1024, timeCost: 1, parallelism: 1, algorithm: 2 })
}

export async function createUser(overrides: Partial<typeof users.$inferInsert> & { password?: string } = {}) {
	const n = next()
	const { password, ...rest } = overrides
	cachedHash ??= testPasswordHash(TEST_PASSWORD)
	const passwordHash = password ? await testPasswordHash(password) : await cachedHash
	const [user] = await db
		.insert(users)
		.values({
			email: `personne${n}@exemple.test`,
			displayName: `Personne ${n}`,
			passwordHash,
			emailVerifiedAt: new Date(),
			...rest,
		})
		.returning()
	return user!
}

/** A Luhn-valid SIRET, different at each call. */
export function makeSiret(): string {
	const siren = sirenWithKey(String(40000000 + next()).slice(0, 8))
	return withLuhnKey(`${siren}0001`)
}

export function makeRna(): string {
	return `W75${String(1000000 + next()).slice(0, 7)}`
}

export async function createOrganization(overrides: Partial<typeof organizations.$inferInsert> = {}) {
	const n = next()
	const kind = overrides.kind ?? 'association'
	const siret = kind === 'association' ? makeSiret() : null
	const [organization] = await db
		.insert(organizations)
		.values({
			kind,
			name: `${kind === 'association' ? 'Association' : kind === 'funder' ? 'Fondation' : 'Maison des associations'} ${n}`,
			siret,
			siren: siret?.slice(0, 9) ?? null,
			rna: kind === 'association' ? makeRna() : null,
			sector: kind === 'association' ? 'culture' : null,
			postalCode: '69003',
			commune: 'Lyon',
			departement: '69',
			...overrides,
		})
		.returning()
	return organization!
}

export async function addMember(organizationId: string, userId: string, role: 'referent' | 'member' | 'staff') {
	await db.insert(memberships).values({ organizationId, userId, role })
}

/** A user who is the référent (or member) of a new association. */
export async function createAssociationMember(role: 'referent' | 'member' = 'referent') {
	const organization = await createOrganization({ kind: 'association' })
	const user = await createUser()
	await addMember(organization.id, user.id, role)
	return { user, organization }
}

export async function createStaff(kind: 'funder' | 'supporter') {
	const organization = await createOrganization({ kind })
	const user = await createUser()
	await addMember(organization.id, user.id, 'staff')
	return { user, organization }
}

export async function createPlatformAdmin() {
	return createUser({ platformRole: 'admin' })
}

export async function createCall(overrides: Partial<typeof calls.$inferInsert> & { funderId?: string } = {}) {
	const funderId = overrides.funderId ?? (await createOrganization({ kind: 'funder' })).id
	const [call] = await db
		.insert(calls)
		.values({
			title: `Appel ${next()}`,
			status: 'published',
			deadlineAt: new Date(Date.now() + 30 * 24 * 3600 * 1000),
			...overrides,
			funderId,
		})
		.returning()
	await db.insert(themes).values([
		{ callId: call!.id, label: 'Intergénérationnel', position: 0 },
		{ callId: call!.id, label: 'Interculturel', position: 1 },
	])
	return call!
}

/** A juror seated on the call's jury (status active); `overrides` sets kind, themes, chair, status… */
export async function createJuror(callId: string, overrides: Partial<Omit<typeof jurors.$inferInsert, 'callId' | 'userId'>> = {}) {
	const user = await createUser()
	await db.insert(jurors).values({ status: 'active', ...overrides, callId, userId: user.id })
	return user
}

// ---------------------------------------------------------------------------------------
// Applications in every state, built with the same domain functions as the pages: the data
// is what a lead, its partners and the funder would have produced by hand.

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')
export const QUESTION_LONG = 'Comment les habitants participent-ils ?'
export const QUESTION_YES_NO = 'Avez-vous déjà travaillé ensemble ?'

export type ApplicationState = 'draft' | 'submitted' | 'admissible' | 'inadmissible' | 'withdrawn'
export type PartnerState = 'invited' | 'confirmed' | 'declined'
type Association = Awaited<ReturnType<typeof createAssociationMember>>
type Question = typeof callQuestions.$inferInsert
type RequiredAttachment = NonNullable<(typeof calls.$inferInsert)['requiredAttachments']>[number]

const DEFAULT_QUESTIONS: Omit<Question, 'callId'>[] = [
	{ label: QUESTION_LONG, type: 'long_text', required: true, maxLength: 2000, position: 0 },
	{ label: QUESTION_YES_NO, type: 'yes_no', required: true, position: 1 },
]
const DEFAULT_ATTACHMENTS: RequiredAttachment[] = [
	{ key: 'rib', label: 'RIB', givenBy: 'lead' },
	{ key: 'statuts', label: 'Statuts', givenBy: 'each' },
]

export type CreateApplicationOptions = {
	/** Where the application ends: draft (default), submitted, admissible, inadmissible, withdrawn. */
	status?: ApplicationState
	/** Every section filled, every file given; true by default unless the application stays a draft or is withdrawn. */
	complete?: boolean
	/** Partner associations created for the occasion that confirm (default 1). */
	coCarriers?: number
	/** More partners, existing or new, left in the state given. */
	partners?: { association?: Association; state: PartnerState }[]
	/** Invitations by email to people whose association is not on the portal. */
	partnersByEmail?: string[]
	/** The lead; a new association and its référent by default. */
	lead?: Association
	/** An existing call (its questions and attachments are used as they are); a new one by default. */
	call?: typeof calls.$inferSelect
	/** For a new call: its questions (two by default), required attachments (RIB and statutes), deadline, other columns. */
	questions?: Omit<Question, 'callId'>[]
	attachments?: RequiredAttachment[]
	deadlineAt?: Date
	callOverrides?: Partial<typeof calls.$inferInsert>
	title?: string
	/** Why the funder declared it inadmissible, or why the lead withdrew it. */
	reason?: string
}

function must<T extends { ok: boolean }>(outcome: T, what: string): Extract<T, { ok: true }> {
	if (!outcome.ok) throw new Error(`factory: ${what} refused: ${JSON.stringify(outcome)}`)
	return outcome as Extract<T, { ok: true }>
}

/** A funder's staff member for the call's funder (an existing one when there is). */
async function funderStaffOf(funderId: string) {
	const [existing] = await db
		.select({ user: users, organization: organizations })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.innerJoin(organizations, eq(organizations.id, memberships.organizationId))
		.where(and(eq(memberships.organizationId, funderId), eq(memberships.role, 'staff')))
		.limit(1)
	if (existing) return existing
	const user = await createUser()
	await addMember(funderId, user.id, 'staff')
	const [organization] = await db.select().from(organizations).where(eq(organizations.id, funderId))
	return { user, organization: organization! }
}

/**
 * `createApplication({ status: 'admissible', coCarriers: 2 })`: an application walked to the
 * state asked through the domain functions (create, invite, save each section, confirm or
 * decline, attach, submit, decide admissibility, withdraw). Returns every handle a test needs.
 */
export async function createApplication(options: CreateApplicationOptions = {}) {
	const status = options.status ?? 'draft'
	const complete = options.complete ?? (status !== 'draft' && status !== 'withdrawn')
	if (status !== 'draft' && status !== 'withdrawn' && !complete) throw new Error(`factory: a ${status} application must be complete`)

	let call = options.call
	let questions: (typeof callQuestions.$inferSelect)[]
	if (call) {
		questions = await db.select().from(callQuestions).where(eq(callQuestions.callId, call.id)).orderBy(asc(callQuestions.position))
	} else {
		const staff = await createStaff('funder')
		call = await createCall({
			funderId: staff.organization.id,
			maxAmountPerProjectCents: 1_000_000,
			envelopeCents: 15_000_000,
			requiredAttachments: options.attachments ?? DEFAULT_ATTACHMENTS,
			...(options.deadlineAt ? { deadlineAt: options.deadlineAt } : {}),
			...options.callOverrides,
		})
		const wanted = options.questions ?? DEFAULT_QUESTIONS
		questions = wanted.length ? await db.insert(callQuestions).values(wanted.map((q) => ({ ...q, callId: call!.id }))).returning() : []
	}
	const funder = await funderStaffOf(call.funderId)
	// Everything the consortium does happens before the deadline, even when the call is closed since.
	const deadline = call.deadlineAt?.getTime()
	const before = new Date(deadline !== undefined && deadline <= Date.now() ? deadline - 3600_000 : Date.now())

	const lead = options.lead ?? (await createAssociationMember('referent'))
	const title = options.title ?? 'Contes et crêpes'
	const { applicationId: id } = must(
		await createDraft({ user: lead.user, callId: call.id, title, leadOrganizationId: lead.organization.id, now: before }),
		'createApplication',
	)

	const partners: (Association & { state: PartnerState; memberId: string })[] = []
	const wantedPartners = [
		...Array.from({ length: options.coCarriers ?? 1 }, () => ({ association: undefined, state: 'confirmed' as const })),
		...(options.partners ?? []),
	]
	for (const wanted of wantedPartners) {
		const association = wanted.association ?? (await createAssociationMember('referent'))
		const invited = must(await invitePartnerOrganization({ id, user: lead.user, identifier: association.organization.siret!, now: before }), 'invitePartnerOrganization')
		partners.push({ ...association, state: wanted.state, memberId: invited.memberId })
	}
	const emailInvitationTokens: string[] = []
	for (const email of options.partnersByEmail ?? []) {
		emailInvitationTokens.push(must(await invitePartnerByEmail({ id, user: lead.user, email, now: before }), 'invitePartnerByEmail').token)
	}

	if (complete) await fillSections({ id, lead, callId: call.id, questions, title })
	for (const partner of partners) {
		if (partner.state === 'confirmed') {
			must(await acceptEngagement({ id, user: partner.user, roleDescription: 'Accueille les ateliers', contribution: 'Une salle', now: before }), 'acceptEngagement')
		} else if (partner.state === 'declined') {
			must(await answerNo({ id, user: partner.user, intent: 'decline', message: 'Pas cette année.', now: before }), 'answerNo')
		}
	}
	if (complete) {
		const confirmed = [lead, ...partners.filter((p) => p.state === 'confirmed')]
		for (const attachment of call.requiredAttachments) {
			for (const association of attachment.givenBy === 'lead' ? [lead] : confirmed) {
				const slot = `${attachment.key}:${association.organization.id}`
				must(await addAttachment({ id, user: association === lead ? lead.user : association.user, slot, filename: `${attachment.key}-${association.organization.id}.pdf`, data: PDF }), 'addAttachment')
			}
		}
	}

	if (status !== 'draft' && !(status === 'withdrawn' && !complete)) {
		must(await submitApplication({ id, user: lead.user, now: before }), 'submitApplication')
	}
	if (status === 'admissible' || status === 'inadmissible') {
		must(
			await decideAdmissibility({ user: funder.user, callId: call.id, applicationId: id, decision: status, reason: options.reason ?? (status === 'inadmissible' ? 'RIB illisible.' : '') }),
			'decideAdmissibility',
		)
	}
	if (status === 'withdrawn') {
		must(await withdrawApplication({ id, user: lead.user, reason: options.reason ?? 'Le projet ne se fera pas.', now: before }), 'withdrawApplication')
	}

	const [application] = await db.select().from(applications).where(eq(applications.id, id))
	return { id, application: application!, call, questions, funder, lead, partners, emailInvitationTokens }
}

/** Every section filled as a lead would: project, cooperation, budget, answers, the lead's engagement. */
async function fillSections({ id, lead, callId, questions, title }: { id: string; lead: Association; callId: string; questions: (typeof callQuestions.$inferSelect)[]; title: string }) {
	const [app] = await db.select().from(applications).where(eq(applications.id, id))
	const [theme] = await db.select().from(themes).where(eq(themes.callId, callId))
	const members = await db.select().from(applicationMembers).where(eq(applicationMembers.applicationId, id))
	const user = lead.user
	must(
		await saveProject({
			id,
			user,
			input: {
				version: app!.projectVersion,
				title,
				summary: 'Des après-midis entre générations.',
				themeIds: [theme!.id],
				territory: 'Grenoble, Villeneuve',
				territoryKind: 'qpv',
				publics: 'Enfants et résidents de l’EHPAD',
				expectedParticipants: 80,
				collectiveObjectives: 'Créer du lien',
				specificObjectives: members.filter((m) => m.organizationId).map((m) => ({ organizationId: m.organizationId!, text: 'Objectif propre' })),
				indicators: [{ label: 'Participants', target: '80' }],
				timetable: [{ label: 'Lancement', date: '2027-09-01' }],
			},
		}),
		'saveProject',
	)
	must(
		await saveCooperation({
			id,
			user,
			input: {
				version: app!.cooperationVersion,
				level: 'cooperation',
				triggers: ['faire_mieux'],
				topics: Object.fromEntries(COOPERATION_TOPICS.map((t) => [t.value, 'Convenu'])),
				involvementForms: ['comite_pilotage'],
				involvementOther: '',
				otherPartners: [],
				otherPartnersDetails: '',
			},
		}),
		'saveCooperation',
	)
	must(
		await saveBudget({
			id,
			user,
			input: {
				version: app!.budgetVersion,
				charges: [{ account: '64', label: 'Animatrice', amountCents: 1_000_000 }],
				products: [{ account: '74', label: 'Ville de Grenoble', amountCents: 400_000 }],
				amountRequested: 600_000,
			},
		}),
		'saveBudget',
	)
	const answers = Object.fromEntries(questions.map((q) => [q.id, q.type === 'yes_no' ? 'oui' : 'Ils choisissent les contes.']))
	must(await saveAnswers({ id, user, input: { version: app!.answersVersion, answers } }), 'saveAnswers')
	const leadMember = members.find((m) => m.organizationId === lead.organization.id)!
	must(
		await updateMember({ id, user, memberId: leadMember.id, roleDescription: 'Coordonne', contribution: 'Une salariée', budgetShareCents: 1_000_000 }),
		'updateMember',
	)
}

/** The call's jury grid (issue 8's scoring): two criteria by default, weights and scales as given. */
export async function createCriteria(
	callId: string,
	rows: { label: string; description?: string; weight?: number; scaleMax?: number }[] = [
		{ label: 'Qualité de la coopération', description: 'Chaque association a un rôle clair.', weight: 2, scaleMax: 5 },
		{ label: 'Ancrage local', description: 'Le projet répond à un besoin du quartier.', weight: 1, scaleMax: 10 },
	],
) {
	return db
		.insert(criteria)
		.values(rows.map((row, position) => ({ callId, position, description: '', ...row })))
		.returning()
}

/** The application assigned to the juror (their user) seated on its call, as the staff's assignment does it. */
export async function assignJuror(callId: string, jurorUserId: string, applicationId: string) {
	const [seat] = await db.select().from(jurors).where(and(eq(jurors.callId, callId), eq(jurors.userId, jurorUserId)))
	if (!seat) throw new Error('factory: assignJuror needs a juror of the call')
	const [assignment] = await db.insert(juryAssignments).values({ jurorId: seat.id, applicationId }).returning()
	return assignment!
}

export type DeliberationOptions = {
	/**
	 * One row per dossier, one column per juror: the juror's score on 20 (one criterion,
	 * « Note globale », weight 1, scale 20), or null when the dossier is not assigned to them.
	 * Default: 3 dossiers × 3 jurors.
	 */
	scores?: (number | null)[][]
	/** The amount each dossier requests, in cents (default 1,000,000 each). */
	amountsRequestedCents?: number[]
	envelopeCents?: number | null
	maxAmountPerProjectCents?: number | null
	/** The first juror chairs the jury (default true). */
	chair?: boolean
	callOverrides?: Partial<typeof calls.$inferInsert>
}

/**
 * A call in deliberation (issue 9): recevable dossiers walked through the domain functions,
 * then the jury seated and its evaluations sent as the scores say. The call's status and the
 * sent evaluations are written directly: what the jury pages produce, without their clicks.
 */
export async function createDeliberation(options: DeliberationOptions = {}) {
	const scoreTable = options.scores ?? [
		[16, 14, 12],
		[12, 10, 9],
		[8, 9, 6],
	]
	const staff = await createStaff('funder')
	const call = await createCall({
		funderId: staff.organization.id,
		status: 'published',
		maxAmountPerProjectCents: options.maxAmountPerProjectCents === undefined ? 1_500_000 : options.maxAmountPerProjectCents,
		envelopeCents: options.envelopeCents === undefined ? 2_500_000 : options.envelopeCents,
		requiredAttachments: [],
		...options.callOverrides,
	})
	const dossiers = []
	for (const [index] of scoreTable.entries()) {
		const created = await createApplication({ call, status: 'admissible', title: `Projet délibéré ${index + 1} ${next()}` })
		const requested = options.amountsRequestedCents?.[index] ?? 1_000_000
		await db.update(applications).set({ amountRequestedCents: requested }).where(eq(applications.id, created.id))
		dossiers.push(created)
	}
	const [criterion] = await db.insert(criteria).values({ callId: call.id, label: 'Note globale', weight: 1, scaleMax: 20, position: 0 }).returning()
	const jurorCount = Math.max(...scoreTable.map((row) => row.length))
	const jurorUsers = []
	const seats = []
	for (let j = 0; j < jurorCount; j++) {
		const user = await createJuror(call.id, { isChair: (options.chair ?? true) && j === 0, kind: 'external_expert' })
		const [seat] = await db.select().from(jurors).where(and(eq(jurors.callId, call.id), eq(jurors.userId, user.id)))
		jurorUsers.push(user)
		seats.push(seat!)
	}
	for (const [i, row] of scoreTable.entries()) {
		for (const [j, value] of row.entries()) {
			if (value === null) continue
			const [assignment] = await db
				.insert(juryAssignments)
				.values({ jurorId: seats[j]!.id, applicationId: dossiers[i]!.id, startedAt: new Date(), submittedAt: new Date(), weightedScore: weightedScore([criterion!], new Map([[criterion!.id, value]])) })
				.returning()
			await db.insert(scores).values({ assignmentId: assignment!.id, criterionId: criterion!.id, value })
		}
	}
	const [deliberating] = await db.update(calls).set({ status: 'deliberation' }).where(eq(calls.id, call.id)).returning()
	return { call: deliberating!, staff, dossiers, criterion: criterion!, jurorUsers, seats, chair: (options.chair ?? true) ? jurorUsers[0]! : null }
}
