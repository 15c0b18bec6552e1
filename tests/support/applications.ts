/**
 * An application ready to submit, built with the same domain functions as the pages: a
 * funder with one staff member, a call with two questions and two required attachments
 * (the RIB from the lead, the statutes from each association), a lead A and a partner B
 * that confirmed, every section filled and every file given.
 */
import { eq } from 'drizzle-orm'
import { expect } from 'vitest'
import {
	acceptEngagement,
	createApplication,
	invitePartnerOrganization,
	saveAnswers,
	saveBudget,
	saveCooperation,
	saveProject,
	updateMember,
} from '#app/domain/applications/applications.server.ts'
import { addAttachment } from '#app/domain/applications/attachments.server.ts'
import { COOPERATION_TOPICS } from '#app/domain/applications/options.ts'
import { db } from '#db/client.server.ts'
import { applicationMembers, applications, callQuestions, calls, themes } from '#db/schema/index.ts'
import { createAssociationMember, createCall, createStaff } from '#tests/factories.ts'

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')

export const QUESTION_LONG = 'Comment les habitants participent-ils ?'
export const QUESTION_YES_NO = 'Avez-vous déjà travaillé ensemble ?'

async function row(id: string) {
	const [found] = await db.select().from(applications).where(eq(applications.id, id))
	return found!
}

export async function readyApplication(callOverrides: Partial<typeof calls.$inferInsert> = {}) {
	const staff = await createStaff('funder')
	const call = await createCall({
		funderId: staff.organization.id,
		maxAmountPerProjectCents: 1_000_000,
		envelopeCents: 15_000_000,
		requiredAttachments: [
			{ key: 'rib', label: 'RIB', givenBy: 'lead' },
			{ key: 'statuts', label: 'Statuts', givenBy: 'each' },
		],
		...callOverrides,
	})
	const questions = await db
		.insert(callQuestions)
		.values([
			{ callId: call.id, label: QUESTION_LONG, type: 'long_text', required: true, maxLength: 2000, position: 0 },
			{ callId: call.id, label: QUESTION_YES_NO, type: 'yes_no', required: true, position: 1 },
		])
		.returning()
	const a = await createAssociationMember('referent')
	const b = await createAssociationMember('referent')
	const created = await createApplication({ user: a.user, callId: call.id, title: 'Contes et crêpes', leadOrganizationId: a.organization.id })
	if (!created.ok) throw new Error(created.message)
	const id = created.applicationId
	const invited = await invitePartnerOrganization({ id, user: a.user, identifier: b.organization.siret! })
	if (!invited.ok) throw new Error(invited.message)

	const app = await row(id)
	const [theme] = await db.select().from(themes).where(eq(themes.callId, call.id))
	const members = await db.select().from(applicationMembers).where(eq(applicationMembers.applicationId, id))
	const saved = [
		await saveProject({
			id,
			user: a.user,
			input: {
				version: app.projectVersion,
				title: 'Contes et crêpes',
				summary: 'Des après-midis entre générations.',
				themeIds: [theme!.id],
				territory: 'Grenoble, Villeneuve',
				territoryKind: 'qpv',
				publics: 'Enfants et résidents de l’EHPAD',
				expectedParticipants: 80,
				collectiveObjectives: 'Créer du lien',
				specificObjectives: members.map((m) => ({ organizationId: m.organizationId!, text: 'Objectif propre' })),
				indicators: [{ label: 'Participants', target: '80' }],
				timetable: [{ label: 'Lancement', date: '2027-09-01' }],
			},
		}),
		await saveCooperation({
			id,
			user: a.user,
			input: {
				version: app.cooperationVersion,
				level: 'cooperation',
				triggers: ['faire_mieux'],
				topics: Object.fromEntries(COOPERATION_TOPICS.map((t) => [t.value, 'Convenu'])),
				involvementForms: ['comite_pilotage'],
				involvementOther: '',
				otherPartners: [],
				otherPartnersDetails: '',
			},
		}),
		await saveBudget({
			id,
			user: a.user,
			input: {
				version: app.budgetVersion,
				charges: [{ account: '64', label: 'Animatrice', amountCents: 1_000_000 }],
				products: [{ account: '74', label: 'Ville de Grenoble', amountCents: 400_000 }],
				amountRequested: 600_000,
			},
		}),
		await saveAnswers({
			id,
			user: a.user,
			input: { version: app.answersVersion, answers: { [questions[0]!.id]: 'Ils choisissent les contes.', [questions[1]!.id]: 'oui' } },
		}),
	]
	for (const outcome of saved) expect(outcome.ok).toBe(true)
	const lead = members.find((m) => m.organizationId === a.organization.id)!
	await updateMember({ id, user: a.user, memberId: lead.id, roleDescription: 'Coordonne', contribution: 'Une salariée', budgetShareCents: 1_000_000 })
	const accepted = await acceptEngagement({ id, user: b.user, roleDescription: 'Accueille les ateliers', contribution: 'Une salle' })
	expect(accepted.ok).toBe(true)
	for (const [slot, filename] of [
		[`rib:${a.organization.id}`, 'rib-a.pdf'],
		[`statuts:${a.organization.id}`, 'statuts-a.pdf'],
		[`statuts:${b.organization.id}`, 'statuts-b.pdf'],
	] as const) {
		const added = await addAttachment({ id, user: a.user, slot, filename, data: PDF })
		expect(added.ok).toBe(true)
	}
	return { staff, call, questions, a, b, id }
}
