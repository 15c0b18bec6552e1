/**
 * The "deadline rush": many consortia save their last section and submit in the same
 * minutes. Each consortium is prepared through the domain (two associations, the partner
 * confirmed, every section but the last filled); then `concurrency` clients at a time save
 * the cooperation section and press "Déposer" over HTTP, as browsers without JavaScript do.
 * Afterwards the database must hold every acknowledged submission exactly once.
 */
import { and, count, eq, inArray } from 'drizzle-orm'
import { acceptEngagement } from '#app/domain/applications/engagement.server.ts'
import { invitePartnerOrganization, updateMember } from '#app/domain/applications/consortium.server.ts'
import { createApplication } from '#app/domain/applications/creation.server.ts'
import { saveBudget, saveProject } from '#app/domain/applications/sections.server.ts'
import { COOPERATION_TOPICS } from '#app/domain/applications/options.ts'
import { createSession } from '#app/auth/session.server.ts'
import { db } from '#db/client.server.ts'
import { applicationMembers, applications, auditEvents, themes } from '#db/schema/index.ts'
import { createAssociationMember, createCall } from '../factories.ts'
import { summarize } from './load.ts'

export type Consortium = { applicationId: string; cookie: string; cooperationVersion: number }

async function prepareOne(callId: string, themeId: string, n: number): Promise<Consortium> {
	const lead = await createAssociationMember('referent')
	const partner = await createAssociationMember('referent')
	const created = await createApplication({ user: lead.user, callId, title: `Projet ${n}`, leadOrganizationId: lead.organization.id })
	if (!created.ok) throw new Error(created.message)
	const id = created.applicationId
	// The lead states its role and carries the whole budget, so the shares add up.
	const [leadMember] = await db
		.select({ id: applicationMembers.id })
		.from(applicationMembers)
		.where(and(eq(applicationMembers.applicationId, id), eq(applicationMembers.organizationId, lead.organization.id)))
	const updated = await updateMember({ id, user: lead.user, memberId: leadMember!.id, roleDescription: 'Coordonne le projet', contribution: 'Un salarié', budgetShareCents: 1_000_000 })
	if (!updated.ok) throw new Error(updated.message)
	// The budget first: changing it later would ask the partner to confirm again.
	const [row] = await db.select().from(applications).where(eq(applications.id, id))
	const budget = await saveBudget({
		id,
		user: lead.user,
		input: {
			version: row!.budgetVersion,
			charges: [{ account: '64', label: 'Animation', amountCents: 1_000_000 }],
			products: [{ account: '74', label: 'Ville', amountCents: 400_000 }],
			amountRequested: 600_000,
		},
	})
	if (!budget.ok) throw new Error(budget.message)
	const invited = await invitePartnerOrganization({ id, user: lead.user, identifier: partner.organization.siret! })
	if (!invited.ok) throw new Error(invited.message)
	const accepted = await acceptEngagement({ id, user: partner.user, roleDescription: 'Anime les ateliers', contribution: 'Deux bénévoles et une salle' })
	if (!accepted.ok) throw new Error(accepted.message)
	const project = await saveProject({
		id,
		user: lead.user,
		input: {
			version: row!.projectVersion,
			title: `Projet ${n}`,
			summary: 'Des ateliers partagés entre générations.',
			themeIds: [themeId],
			territory: 'Lyon',
			territoryKind: 'qpv',
			publics: 'Enfants et aînés du quartier',
			expectedParticipants: 80,
			collectiveObjectives: 'Créer du lien',
			specificObjectives: [
				{ organizationId: lead.organization.id, text: 'Ouvrir le jardin' },
				{ organizationId: partner.organization.id, text: 'Mettre en scène les récits' },
			],
			indicators: [{ label: 'Participants', target: '80' }],
			timetable: [{ label: 'Lancement', date: '2027-09-01' }],
		},
	})
	if (!project.ok) throw new Error(project.message)
	const cookie = (await createSession(lead.user.id)).split(';')[0]!
	return { applicationId: id, cookie, cooperationVersion: row!.cooperationVersion }
}

export async function prepareConsortia(total: number, parallel = 8): Promise<Consortium[]> {
	const call = await createCall({ title: 'Bench : la dernière heure', maxAmountPerProjectCents: 1_000_000, deadlineAt: new Date(Date.now() + 3600_000) })
	const [theme] = await db.select().from(themes).where(eq(themes.callId, call.id))
	const prepared: Consortium[] = []
	let next = 0
	await Promise.all(
		Array.from({ length: parallel }, async () => {
			while (next < total) {
				const n = next++
				prepared.push(await prepareOne(call.id, theme!.id, n))
			}
		}),
	)
	return prepared
}

function cooperationForm(version: number): URLSearchParams {
	const form = new URLSearchParams({ version: String(version), level: 'cooperation', otherPartnersDetails: '' })
	form.append('triggers', 'faire_mieux')
	form.append('involvementForms', 'comite_pilotage')
	form.append('otherPartners', 'collectivites')
	for (const topic of COOPERATION_TOPICS) form.set(`topics.${topic.value}`, 'Convenu ensemble')
	return form
}

/**
 * `concurrency` clients save the last section then submit, one consortium after the other.
 * `target`: the server's address, or the one to use for each consortium (several app
 * servers behind a balancer); `onAcknowledged` hears each submission answered 302.
 */
export async function rush(
	target: string | ((consortium: Consortium) => string),
	consortia: Consortium[],
	concurrency: number,
	options: { onAcknowledged?: (applicationId: string, count: number) => void } = {},
) {
	const latencies: number[] = []
	let errors = 0
	const acknowledged: string[] = []
	const queue = [...consortia]
	let reported = false
	const started = performance.now()
	const send = async (baseUrl: string, path: string, cookie: string, form: URLSearchParams) => {
		const t0 = performance.now()
		try {
			const response = await fetch(baseUrl + path, {
				method: 'POST',
				body: form,
				redirect: 'manual',
				headers: { Cookie: cookie, Origin: baseUrl, 'Content-Type': 'application/x-www-form-urlencoded' },
			})
			const text = await response.text()
			if (response.status >= 400) errors++
			return { status: response.status, body: text }
		} catch {
			errors++
			return null
		} finally {
			latencies.push(performance.now() - t0)
		}
	}
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			for (let consortium = queue.shift(); consortium; consortium = queue.shift()) {
				const baseUrl = typeof target === 'string' ? target : target(consortium)
				const saved = await send(baseUrl, `/candidatures/${consortium.applicationId}/cooperation`, consortium.cookie, cooperationForm(consortium.cooperationVersion))
				if (saved?.status !== 302) continue
				const submitted = await send(baseUrl, `/candidatures/${consortium.applicationId}`, consortium.cookie, new URLSearchParams({ intent: 'submit' }))
				if (submitted?.status === 302) {
					acknowledged.push(consortium.applicationId)
					options.onAcknowledged?.(consortium.applicationId, acknowledged.length)
				} else if (!reported) {
					reported = true
					const problems = [...(submitted?.body ?? '').matchAll(/<li>([^<]{0,200})<\/li>/g)].map((m) => m[1]).slice(0, 5)
					console.log(`  premier dépôt refusé : ${submitted ? `HTTP ${submitted.status} ${problems.join(' | ')}` : 'pas de réponse (connexion coupée)'}`)
				}
			}
		}),
	)
	return { acknowledged, load: summarize(latencies, errors, (performance.now() - started) / 1000) }
}

/** Every acknowledged submission stored once: submitted status, one "submitted" audit event. */
export async function verify(acknowledged: string[]) {
	let stored = 0
	let duplicated = 0
	for (let i = 0; i < acknowledged.length; i += 500) {
		const ids = acknowledged.slice(i, i + 500)
		const [{ value }] = await db
			.select({ value: count() })
			.from(applications)
			.where(and(inArray(applications.id, ids), eq(applications.status, 'submitted')))
		stored += value
		const events = await db
			.select({ subjectId: auditEvents.subjectId, value: count() })
			.from(auditEvents)
			.where(and(inArray(auditEvents.subjectId, ids), eq(auditEvents.action, 'application.submitted')))
			.groupBy(auditEvents.subjectId)
		duplicated += events.filter((e) => e.value > 1).length
	}
	return { stored, lost: acknowledged.length - stored, duplicated }
}

