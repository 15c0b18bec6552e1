/**
 * Retained dossiers carried to an approved end-of-project evaluation (issue 12's showcase),
 * through the domain functions the pages call: written on one call, the call decided, each
 * dossier selected, its agreement signed by every association and the funder, the project
 * started, its evaluation written by the consortium and each association, sent, approved.
 * Then, optionally, published: texts written by the lead and every association consenting.
 */
import { eq } from 'drizzle-orm'
import { openAgreement, signAgreement } from '#app/domain/agreements/agreements.server.ts'
import { startProject } from '#app/domain/follow-up/project.server.ts'
import { approveReport, openEvaluation, saveAssociationPart, saveConsortiumSection, submitReport } from '#app/domain/reports/evaluation-report.server.ts'
import type { ConsortiumSection } from '#app/domain/reports/options.ts'
import { consentToPublication, savePublicationTexts, versionOfTexts } from '#app/domain/showcase/publication.server.ts'
import { db } from '#db/client.server.ts'
import { agreements, applications, calls, evaluations, projectPublications } from '#db/schema/index.ts'
import { createApplication, type CreateApplicationOptions } from '#tests/factories.ts'

export const ASSOCIATION_ANSWERS = {
	involvementForms: ['reunions_ponctuelles', 'comite_pilotage'],
	interest: 'fort',
	mobilisedOthers: 'non',
	newFunding: 'non',
	notoriety: 'oui',
	continueTogether: 'oui',
	brought: 'Des bénévoles formés ensemble.',
	differently: 'Un comité de pilotage dès le début.',
}

const CONSORTIUM_SECTIONS: [ConsortiumSection, unknown][] = [
	['realisation', { whatWasDone: 'Douze ateliers.', timetable: [{ actualDate: '2027-09-08', note: '' }] }],
	['publics', { publicsReached: 'Des familles du quartier.', participantsReached: '92' }],
	['indicateurs', { indicators: [{ reached: '92', comment: '' }] }],
	['difficultes', { difficultiesMet: 'non' }],
	['financier', { charges: [{ actual: '10 000', explanation: '' }], products: [{ actual: '4 000', explanation: '' }] }],
]

export const PUBLIC_TEXTS = {
	summary: 'Des veillées de contes entre générations.',
	results: 'Six veillées, 240 spectateurs.',
	lessons: 'La première veillée, trop vite organisée, n’a attiré personne.',
}

function must<T extends { ok: boolean }>(result: T, what: string): T {
	if (!result.ok) throw new Error(`${what}: ${'message' in result ? String(result.message) : ''}`)
	return result
}

type Dossier = Awaited<ReturnType<typeof createApplication>>
export type Stage = 'selected' | 'evaluation-submitted' | 'approved'

/** Writes the dossiers on `call`, decides it, and carries each to its stage ('approved' by default). */
export async function decidedDossiers(call: CreateApplicationOptions['call'] & object, specs: (Omit<CreateApplicationOptions, 'call' | 'status'> & { stage?: Stage })[]) {
	const dossiers: Dossier[] = []
	for (const spec of specs) dossiers.push(await createApplication({ ...spec, call, status: 'admissible' }))
	await db.update(calls).set({ status: 'decided', evaluationDueOn: '2028-09-30' }).where(eq(calls.id, call.id))
	for (const [index, app] of dossiers.entries()) {
		await db.update(applications).set({ status: 'selected', amountGrantedCents: 800_000, decidedAt: new Date('2026-06-15T10:00:00Z'), decisionVersion: 1 }).where(eq(applications.id, app.id))
		const stage = specs[index]!.stage ?? 'approved'
		if (stage === 'selected') continue
		await carryToEvaluation(app)
		if (stage === 'approved') must(await approveReport({ user: app.funder.user, applicationId: app.id }), 'approveReport')
	}
	return dossiers
}

async function carryToEvaluation(app: Dossier) {
	const funder = app.funder.user
	must(await openAgreement({ user: funder, applicationId: app.id }), 'openAgreement')
	const [agreement] = await db.select().from(agreements).where(eq(agreements.applicationId, app.id))
	const confirmed = [app.lead, ...app.partners.filter((p) => p.state === 'confirmed')]
	for (const [user, organizationId] of [...confirmed.map((a) => [a.user, a.organization.id] as const), [funder, null] as const]) {
		must(await signAgreement({ user, applicationId: app.id, organizationId, digest: agreement!.contentSha256, signerName: 'Camille Martin', signerQuality: '' }), 'signAgreement')
	}
	must(await startProject({ user: funder, applicationId: app.id }), 'startProject')
	must(await openEvaluation({ user: funder, applicationId: app.id }), 'openEvaluation')
	const versionOf = async (organizationId: string | null) =>
		(await db.select().from(evaluations).where(eq(evaluations.applicationId, app.id))).find((p) => p.organizationId === organizationId)!.version
	for (const [section, values] of CONSORTIUM_SECTIONS) {
		must(await saveConsortiumSection({ user: app.lead.user, applicationId: app.id, section, version: await versionOf(null), values }), `section ${section}`)
	}
	for (const association of confirmed) {
		must(
			await saveAssociationPart({ user: association.user, applicationId: app.id, organizationId: association.organization.id, version: await versionOf(association.organization.id), values: ASSOCIATION_ANSWERS }),
			'saveAssociationPart',
		)
	}
	must(await submitReport({ user: app.lead.user, applicationId: app.id }), 'submitReport')
}

export async function textsVersion(applicationId: string) {
	const [publication] = await db.select({ updatedAt: projectPublications.updatedAt }).from(projectPublications).where(eq(projectPublications.applicationId, applicationId))
	return versionOfTexts(publication ?? null)
}

/** The lead writes the public texts; then the associations named (all by default) consent through their référents. */
export async function publish(app: Dossier, options: { texts?: typeof PUBLIC_TEXTS; consenting?: number } = {}) {
	must(await savePublicationTexts({ user: app.lead.user, applicationId: app.id, version: await textsVersion(app.id), texts: options.texts ?? PUBLIC_TEXTS }), 'savePublicationTexts')
	const version = await textsVersion(app.id)
	const associations = [app.lead, ...app.partners.filter((p) => p.state === 'confirmed')].slice(0, options.consenting)
	for (const association of associations) {
		must(await consentToPublication({ user: association.user, applicationId: app.id, organizationId: association.organization.id, version }), 'consentToPublication')
	}
}
