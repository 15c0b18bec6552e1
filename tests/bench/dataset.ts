/**
 * The `pages` and `crowd` dataset: one published call of a funder with 500 submitted
 * applications of 2 to 5 associations each, 1,500 associations, 3,000 users (each
 * association has a référent and a member), five funder staff.
 *
 * Building 500 consortia through the domain takes many minutes, so the volume is inserted
 * in bulk; the rows are copies of what the domain produces:
 * - one "template" application is built through the domain functions (the same ones the
 *   pages call): every section saved, the partner's engagement confirmed, each piece given,
 *   then submitted (receipt, audit event);
 * - each bulk application copies its sections (project, cooperation, budget, answers and
 *   their versions), with its own title, themes, members and specific objectives; every
 *   member is confirmed on the template's version and the lead carries the whole budget
 *   (the shares add up, as the submission rule wants); its pieces point to the template's
 *   stored files (the bench never downloads them) and it gets its "submitted" audit event;
 * - receipts are not generated for the bulk ones (no bench page reads them);
 * - the first CROSS_CHECKED bulk copies are inserted as drafts and submitted through the
 *   domain (submitApplication runs the whole submission rule on them): if the copies were
 *   not what the domain accepts, the bench stops here.
 */
import { eq } from 'drizzle-orm'
import { acceptEngagement } from '#app/domain/applications/engagement.server.ts'
import { invitePartnerOrganization, updateMember } from '#app/domain/applications/consortium.server.ts'
import { createApplication } from '#app/domain/applications/creation.server.ts'
import { saveAnswers, saveBudget, saveCooperation, saveProject } from '#app/domain/applications/sections.server.ts'
import { submitApplication } from '#app/domain/applications/submission.server.ts'
import { addAttachment } from '#app/domain/applications/attachments.server.ts'
import { COOPERATION_TOPICS } from '#app/domain/applications/options.ts'
import { hashPassword } from '#app/auth/password.server.ts'
import { db } from '#db/client.server.ts'
import {
	applicationMembers,
	applications,
	attachments,
	auditEvents,
	callQuestions,
	memberships,
	organizations,
	themes,
	users,
} from '#db/schema/index.ts'
import { addMember, createAssociationMember, createCall, createStaff, createUser, makeRna, makeSiret, TEST_PASSWORD } from '../factories.ts'

export type PagesDataset = {
	callId: string
	themeIds: string[]
	/** Staff of the call's funder (the first one is used by `pages`). */
	staffUserIds: string[]
	/** One submitted application per lead référent, biggest consortium first. */
	leads: { userId: string; applicationId: string; members: number }[]
	counts: { applications: number; associations: number; users: number }
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')
const CROSS_CHECKED = 3
const DEPARTEMENTS = [
	{ departement: '69', postalCode: '69003', commune: 'Lyon' },
	{ departement: '42', postalCode: '42000', commune: 'Saint-Étienne' },
	{ departement: '38', postalCode: '38000', commune: 'Grenoble' },
	{ departement: '01', postalCode: '01000', commune: 'Bourg-en-Bresse' },
	{ departement: '73', postalCode: '73000', commune: 'Chambéry' },
]
const SECTORS = ['culture', 'social', 'sport', 'education_populaire_enfance', 'patrimoine_environnement', 'defense_cause'] as const

function must<T extends { ok: boolean }>(outcome: T, what: string): T {
	if (!outcome.ok) throw new Error(`${what} : ${JSON.stringify(outcome)}`)
	return outcome
}

async function inChunks<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) {
	for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size))
}

/** The template: a two-association application built and submitted through the domain. */
async function templateApplication(callId: string, themeId: string, questionIds: string[]) {
	const a = await createAssociationMember('referent')
	const b = await createAssociationMember('referent')
	const created = must(await createApplication({ user: a.user, callId, title: 'Contes et crêpes', leadOrganizationId: a.organization.id }), 'création')
	if (!created.ok) throw new Error('unreachable')
	const id = created.applicationId
	must(await invitePartnerOrganization({ id, user: a.user, identifier: b.organization.siret! }), 'invitation')
	const [app] = await db.select().from(applications).where(eq(applications.id, id))
	const members = await db.select().from(applicationMembers).where(eq(applicationMembers.applicationId, id))
	must(
		await saveProject({
			id,
			user: a.user,
			input: {
				version: app!.projectVersion,
				title: 'Contes et crêpes',
				summary: 'Des après-midis entre générations, autour de contes écrits ensemble.',
				themeIds: [themeId],
				territory: 'Grenoble, Villeneuve',
				territoryKind: 'qpv',
				publics: 'Enfants du quartier et résidents de l’EHPAD',
				expectedParticipants: 80,
				collectiveObjectives: 'Créer du lien entre les générations du quartier',
				specificObjectives: members.map((m) => ({ organizationId: m.organizationId!, text: 'Objectif propre à l’association' })),
				indicators: [
					{ label: 'Participants', target: '80' },
					{ label: 'Ateliers', target: '12' },
				],
				timetable: [
					{ label: 'Lancement', date: '2027-09-01' },
					{ label: 'Restitution', date: '2028-06-15' },
				],
			},
		}),
		'projet',
	)
	must(
		await saveCooperation({
			id,
			user: a.user,
			input: {
				version: app!.cooperationVersion,
				level: 'cooperation',
				triggers: ['faire_mieux'],
				topics: Object.fromEntries(COOPERATION_TOPICS.map((t) => [t.value, 'Convenu ensemble en comité de pilotage'])),
				involvementForms: ['comite_pilotage'],
				involvementOther: '',
				otherPartners: [],
				otherPartnersDetails: '',
			},
		}),
		'coopération',
	)
	must(
		await saveBudget({
			id,
			user: a.user,
			input: {
				version: app!.budgetVersion,
				charges: [
					{ account: '60', label: 'Fournitures', amountCents: 150_000 },
					{ account: '64', label: 'Animatrice', amountCents: 850_000 },
				],
				products: [
					{ account: '74', label: 'Ville', amountCents: 300_000 },
					{ account: '75', label: 'Cotisations', amountCents: 100_000 },
				],
				amountRequested: 600_000,
			},
		}),
		'budget',
	)
	must(
		await saveAnswers({ id, user: a.user, input: { version: app!.answersVersion, answers: { [questionIds[0]!]: 'Ils choisissent les contes et les lieux.', [questionIds[1]!]: 'oui' } } }),
		'questions',
	)
	const leadMember = members.find((m) => m.organizationId === a.organization.id)!
	must(await updateMember({ id, user: a.user, memberId: leadMember.id, roleDescription: 'Coordonne le projet', contribution: 'Une salariée à mi-temps', budgetShareCents: 1_000_000 }), 'chef de file')
	must(await acceptEngagement({ id, user: b.user, roleDescription: 'Accueille les ateliers', contribution: 'Une salle et des bénévoles' }), 'engagement')
	for (const [slot, filename] of [
		[`rib:${a.organization.id}`, 'rib.pdf'],
		[`statuts:${a.organization.id}`, 'statuts-a.pdf'],
		[`statuts:${b.organization.id}`, 'statuts-b.pdf'],
	] as const) {
		must(await addAttachment({ id, user: a.user, slot, filename, data: PDF }), 'pièce')
	}
	must(await submitApplication({ id, user: a.user }), 'dépôt')
	const [row] = await db.select().from(applications).where(eq(applications.id, id))
	const rows = await db.select().from(applicationMembers).where(eq(applicationMembers.applicationId, id))
	const files = await db.select().from(attachments).where(eq(attachments.applicationId, id))
	const [submitted] = await db.select().from(auditEvents).where(eq(auditEvents.subjectId, id))
	return {
		row: row!,
		lead: rows.find((m) => m.role === 'lead')!,
		partner: rows.find((m) => m.role === 'co_carrier')!,
		rib: files.find((f) => f.kind === 'rib')!,
		statuts: files.find((f) => f.kind === 'statuts')!,
		submittedEvent: submitted!,
		leadUserId: a.user.id,
	}
}

export async function buildPagesDataset(options: { applications?: number; associations?: number } = {}): Promise<PagesDataset> {
	const applicationCount = options.applications ?? 500
	const associationCount = options.associations ?? 1500
	const staff = await createStaff('funder')
	const staffUserIds = [staff.user.id]
	for (let i = 0; i < 4; i++) {
		const user = await createUser()
		await addMember(staff.organization.id, user.id, 'staff')
		staffUserIds.push(user.id)
	}
	const call = await createCall({
		title: 'Bench : 500 dossiers déposés',
		funderId: staff.organization.id,
		maxAmountPerProjectCents: 1_000_000,
		envelopeCents: 300_000_000,
		requiredAttachments: [
			{ key: 'rib', label: 'RIB', givenBy: 'lead' },
			{ key: 'statuts', label: 'Statuts', givenBy: 'each' },
		],
	})
	const themeIds = (await db.select().from(themes).where(eq(themes.callId, call.id))).map((t) => t.id)
	const questions = await db
		.insert(callQuestions)
		.values([
			{ callId: call.id, label: 'Comment les habitants participent-ils ?', type: 'long_text', required: true, maxLength: 2000, position: 0 },
			{ callId: call.id, label: 'Avez-vous déjà travaillé ensemble ?', type: 'yes_no', required: true, position: 1 },
		])
		.returning()
	const template = await templateApplication(call.id, themeIds[0]!, questions.map((q) => q.id))

	// Associations, each with a référent and a member (the template's two already exist).
	const passwordHash = await hashPassword(TEST_PASSWORD)
	const bulkAssociations = associationCount - 2
	const orgRows = Array.from({ length: bulkAssociations }, (_, i) => {
		const place = DEPARTEMENTS[i % DEPARTEMENTS.length]!
		const siret = makeSiret()
		return {
			id: crypto.randomUUID(),
			kind: 'association' as const,
			name: `Association du banc ${i + 1}`,
			siret,
			siren: siret.slice(0, 9),
			rna: makeRna(),
			sector: SECTORS[i % SECTORS.length]!,
			annualBudgetCents: 2_000_000 + (i % 50) * 500_000,
			employees: i % 7,
			volunteers: 5 + (i % 40),
			addressLine: `${1 + (i % 90)} rue des Associations`,
			contactEmail: `contact${i + 1}@banc.exemple.test`,
			...place,
		}
	})
	const userRows = orgRows.flatMap((org, i) =>
		(['referent', 'member'] as const).map((role) => ({
			id: crypto.randomUUID(),
			email: `banc-${role}-${i + 1}@exemple.test`,
			displayName: `${role === 'referent' ? 'Référent' : 'Membre'} ${i + 1}`,
			passwordHash,
			emailVerifiedAt: new Date(),
			role,
			organizationId: org.id,
		})),
	)
	await inChunks(orgRows, 500, (chunk) => db.insert(organizations).values(chunk))
	await inChunks(userRows, 500, (chunk) => db.insert(users).values(chunk.map(({ role: _role, organizationId: _org, ...user }) => user)))
	await inChunks(userRows, 1000, (chunk) => db.insert(memberships).values(chunk.map((u) => ({ organizationId: u.organizationId, userId: u.id, role: u.role }))))
	const referentOf = new Map(userRows.filter((u) => u.role === 'referent').map((u) => [u.organizationId, u.id]))

	// Applications: the lead is a different association each time; partners come from the
	// other associations in turn, so some associations are partners in two consortia.
	const bulkApplications = applicationCount - 1
	const leadsPool = orgRows.slice(0, bulkApplications)
	const partnersPool = orgRows.slice(bulkApplications)
	let nextPartner = 0
	const appRows: (typeof applications.$inferInsert)[] = []
	const memberRows: (typeof applicationMembers.$inferInsert)[] = []
	const fileRows: (typeof attachments.$inferInsert)[] = []
	const eventRows: (typeof auditEvents.$inferInsert)[] = []
	const leads: PagesDataset['leads'] = []
	const t = template.row
	for (let n = 0; n < bulkApplications; n++) {
		const id = crypto.randomUUID()
		const lead = leadsPool[n]!
		const size = 2 + (n % 4)
		const partners = Array.from({ length: size - 1 }, () => partnersPool[nextPartner++ % partnersPool.length]!)
		const orgs = [lead, ...partners]
		const crossChecked = n < CROSS_CHECKED
		const submittedAt = new Date(Date.now() - (n + 1) * 60_000)
		const title = `Projet partagé n° ${n + 1}`
		appRows.push({
			...t,
			id,
			leadOrganizationId: lead.id,
			title,
			themeIds: n % 3 === 2 ? themeIds : [themeIds[n % 2]!],
			project: {
				...t.project,
				specificObjectives: orgs.map((o) => ({ organizationId: o.id, text: `Objectif propre de ${o.name}` })),
			},
			status: crossChecked ? 'draft' : 'submitted',
			submittedAt: crossChecked ? null : submittedAt,
			createdById: referentOf.get(lead.id)!,
			createdAt: submittedAt,
			updatedAt: submittedAt,
		})
		orgs.forEach((org, position) => {
			const model = position === 0 ? template.lead : template.partner
			memberRows.push({
				...model,
				id: crypto.randomUUID(),
				applicationId: id,
				organizationId: org.id,
				confirmedById: referentOf.get(org.id)!,
				roleDescription: position === 0 ? 'Coordonne le projet' : `Anime l’atelier ${position}`,
				contribution: position === 0 ? 'Une salariée à mi-temps' : 'Des bénévoles et une salle',
			})
			fileRows.push({ ...template.statuts, id: crypto.randomUUID(), applicationId: id, organizationId: org.id, uploadedById: referentOf.get(lead.id)! })
		})
		fileRows.push({ ...template.rib, id: crypto.randomUUID(), applicationId: id, organizationId: lead.id, uploadedById: referentOf.get(lead.id)! })
		if (!crossChecked) {
			eventRows.push({ ...template.submittedEvent, id: crypto.randomUUID(), subjectId: id, actorUserId: referentOf.get(lead.id)!, createdAt: submittedAt })
		}
		leads.push({ userId: referentOf.get(lead.id)!, applicationId: id, members: size })
	}
	await inChunks(appRows, 250, (chunk) => db.insert(applications).values(chunk))
	await inChunks(memberRows, 500, (chunk) => db.insert(applicationMembers).values(chunk))
	await inChunks(fileRows, 500, (chunk) => db.insert(attachments).values(chunk))
	await inChunks(eventRows, 500, (chunk) => db.insert(auditEvents).values(chunk))

	// The cross-check: the domain's own submission accepts the copies.
	for (const lead of leads.slice(0, CROSS_CHECKED)) {
		const submitted = await submitApplication({ id: lead.applicationId, user: { id: lead.userId } })
		if (!submitted.ok) throw new Error(`Une copie du dossier modèle est refusée par le domaine : ${JSON.stringify(submitted.problems)}`)
	}
	leads.push({ userId: template.leadUserId, applicationId: t.id, members: 2 })
	leads.sort((a, b) => b.members - a.members)
	return {
		callId: call.id,
		themeIds,
		staffUserIds,
		leads,
		counts: { applications: applicationCount, associations: associationCount, users: userRows.length + 2 + staffUserIds.length },
	}
}
