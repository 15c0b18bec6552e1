/**
 * The versions of a dossier and of a call as associations read it (migration 0023,
 * db/schema/dossier-versions.ts), and the reads kept under them
 * (app/domain/applications/kept-reads.server.ts, decision 044): every change of what a dossier
 * or a call's page shows moves a version, in the changing transaction; a kept read serves only
 * while its version has not moved, and only to whom may read it.
 */
import { Column, eq, getTableName, sql } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { getApplicationForStaff } from '#app/domain/applications/instruction.server.ts'
import { publishedCallColumns } from '#app/domain/applications/published-calls.server.ts'
import { findDossier, keptDossierAt, loadDossier, loadPublishedCallWithRequirements, type DossierViewer } from '#app/domain/applications/read-model.server.ts'
import { db } from '#db/client.server.ts'
import { rowsOf } from '#db/raw-rows.ts'
import { applicationMembers, applicationRequests, applications, attachments, auditEvents, callQuestions, calls, organizations, supporterOpinions, themes, users } from '#db/schema/index.ts'
import { createApplication, createStaff } from '#tests/factories.ts'

/** The dossier's own version and its call's, as the read model keys on them. */
async function versionOf(applicationId: string, executor: Pick<typeof db, 'execute'> = db): Promise<string | null> {
	const [row] = rowsOf<{ version: string }>(
		await executor.execute(sql`
			select dv."version"::text || ':' || cv."version"::text as "version"
			from "applications" a join "dossier_versions" dv on dv."application_id" = a."id" join "call_definition_versions" cv on cv."call_id" = a."call_id"
			where a."id" = ${applicationId}`),
	)
	return row?.version ?? null
}

describe('la version d’un dossier', () => {
	test('avance à chaque changement de ce que le dossier montre, et seulement pour ce dossier', async () => {
		const one = await createApplication({ status: 'submitted' })
		const other = await createApplication({ status: 'submitted' })
		const partner = one.partners[0]!
		const supporter = await createStaff('supporter')
		const [theme] = await db.select().from(themes).where(eq(themes.callId, one.call.id)).limit(1)
		const changes: [string, () => Promise<unknown>][] = [
			['le dossier', () => db.update(applications).set({ title: 'Contes, crêpes et chansons' }).where(eq(applications.id, one.id))],
			['un membre du consortium', () => db.update(applicationMembers).set({ roleDescription: 'Anime les ateliers' }).where(eq(applicationMembers.id, partner.memberId))],
			[
				'une pièce donnée',
				() =>
					db.insert(attachments).values({ applicationId: one.id, organizationId: partner.organization.id, kind: 'statuts', filename: 'statuts.pdf', contentType: 'application/pdf', sizeBytes: 10, storageKey: `test/${one.id}`, sha256: 'x' }),
			],
			['une pièce retirée', () => db.delete(attachments).where(eq(attachments.storageKey, `test/${one.id}`))],
			['une demande de pièce', () => db.insert(applicationRequests).values({ applicationId: one.id, message: 'Le RIB, svp', items: ['attachment:rib'], dueAt: new Date(Date.now() + 86_400_000) })],
			['l’avis de la structure', () => db.insert(supporterOpinions).values({ applicationId: one.id, organizationId: supporter.organization.id, verdict: 'favourable', text: 'Solide.' })],
			['l’historique', () => db.insert(auditEvents).values({ action: 'application.note', subjectType: 'application', subjectId: one.id })],
			['l’appel (son titre)', () => db.update(calls).set({ title: 'Vivre ensemble 2027' }).where(eq(calls.id, one.call.id))],
			['un thème de l’appel', () => db.update(themes).set({ label: 'Voisinage' }).where(eq(themes.id, theme!.id))],
			['une question de l’appel', () => db.insert(callQuestions).values({ callId: one.call.id, label: 'Une question de plus ?', type: 'short_text', required: false, position: 9 })],
			['le nom d’une association du consortium', () => db.update(organizations).set({ name: 'Les Voisins Solidaires' }).where(eq(organizations.id, partner.organization.id))],
			['le nom de la structure qui a donné son avis', () => db.update(organizations).set({ name: 'Maison des Associations du Centre' }).where(eq(organizations.id, supporter.organization.id))],
			['le nom du financeur', () => db.update(organizations).set({ name: 'Fondation renommée' }).where(eq(organizations.id, one.call.funderId))],
			['le nom de l’auteur d’un événement de l’historique', () => db.update(users).set({ displayName: 'Camille Martin-Durand' }).where(eq(users.id, one.lead.user.id))],
			['le dossier sorti d’une transaction qui l’a changé deux fois', () =>
				db.transaction(async (tx) => {
					await tx.update(applications).set({ summary: 'Un résumé' }).where(eq(applications.id, one.id))
					await tx.update(applications).set({ summary: 'Un autre résumé' }).where(eq(applications.id, one.id))
				})],
		]
		for (const [what, change] of changes) {
			const before = await versionOf(one.id)
			const otherBefore = await versionOf(other.id)
			await change()
			expect(await versionOf(one.id), what).not.toBe(before)
			expect(await versionOf(other.id), what).toBe(otherBefore)
		}

		// What no dossier shows: the call's jury and deliberation settings, an association's
		// contact or budget, a person's email, the history of something else.
		const before = await versionOf(one.id)
		await db.update(calls).set({ juryReminderSentAt: new Date(), jurorsPerApplication: 4 }).where(eq(calls.id, one.call.id))
		await db.update(organizations).set({ contactEmail: 'contact@exemple.fr', annualBudgetCents: 12_345 }).where(eq(organizations.id, partner.organization.id))
		await db.update(users).set({ email: 'autre.adresse@exemple.fr' }).where(eq(users.id, one.lead.user.id))
		await db.insert(auditEvents).values({ action: 'call.updated', subjectType: 'call', subjectId: one.call.id })
		await db.update(applications).set({ title: 'Ailleurs' }).where(eq(applications.id, other.id))
		expect(await versionOf(one.id)).toBe(before)
	})

	test('dans une transaction, la version compte déjà ses propres changements', async () => {
		const { id } = await createApplication({ status: 'submitted' })
		const before = await versionOf(id)
		await db.transaction(async (tx) => {
			await tx.update(applications).set({ title: 'Autre titre' }).where(eq(applications.id, id))
			expect(await versionOf(id, tx)).not.toBe(before)
		})
	})

	test('le déclencheur de l’appel suit chaque colonne de l’appel que le dossier montre', async () => {
		const [trigger] = rowsOf<{ definition: string }>(await db.execute(sql`select pg_get_triggerdef(oid) as "definition" from pg_trigger where tgname = 'calls_definition_version'`))
		const shown = ([...Object.values(publishedCallColumns), calls.funderId, calls.requiredAttachments] as unknown[]).filter(
			// The id names the call, it never changes.
			(column): column is Column => column instanceof Column && getTableName(column.table) === 'calls' && column.name !== 'id',
		)
		expect(shown.length).toBeGreaterThan(10)
		for (const column of shown) expect(trigger!.definition, column.name).toMatch(new RegExp(`\\bold\\.${column.name}\\b`))
	})
})

describe('les dossiers gardés en mémoire', () => {
	test('servent tant que rien ne change, sont relus après un changement, et ne se modifient pas', async () => {
		const { id, call, funder, partners } = await createApplication({ status: 'submitted' })
		const read = () => getApplicationForStaff({ user: funder.user, callId: call.id, applicationId: id })

		const first = await read()
		const second = await read()
		// The same kept lists, not a new reading of them.
		expect(second.details.members).toBe(first.details.members)
		expect(Object.isFrozen(second.details.members)).toBe(true)
		expect(() => (second.details.members as unknown[]).push({})).toThrow(TypeError)

		await db.update(organizations).set({ name: 'Les Voisins Solidaires' }).where(eq(organizations.id, partners[0]!.organization.id))
		const third = await read()
		expect(third.details.members).not.toBe(first.details.members)
		expect(third.details.members.map((member) => member.name)).toContain('Les Voisins Solidaires')
		expect(first.details.members.map((member) => member.name)).not.toContain('Les Voisins Solidaires')
	})

	test('ne servent qu’à qui peut lire le dossier', async () => {
		const { id, call, funder } = await createApplication({ status: 'submitted' })
		await getApplicationForStaff({ user: funder.user, callId: call.id, applicationId: id })
		const stranger = await createStaff('funder')
		await expect(getApplicationForStaff({ user: stranger.user, callId: call.id, applicationId: id })).rejects.toMatchObject({ status: 404 })
	})
})

describe('le nom des détails d’un dossier (la clé de leur HTML gardé, staticPart)', () => {
	// Equal names must mean equal details: the page shows the HTML kept under the name.
	const read = async (id: string, viewer: DossierViewer, now = new Date()) => {
		const found = await findDossier(db, id, undefined, viewer, { history: false, now })
		return { name: found!.detailsVersion, details: JSON.stringify(found!.details) }
	}

	test('un même nom pour les mêmes détails, un autre dès que le dossier, le côté, l’appel ou les manques changent', async () => {
		const { id, call, partners } = await createApplication({ status: 'draft', callOverrides: { deadlineAt: new Date(Date.now() + 10 * 86_400_000) } })
		const funder = { side: 'funder', callId: call.id } as const
		const seen = new Map<string, string>()
		const names = new Set<string>()
		const look = async (what: string, viewer: DossierViewer, now?: Date) => {
			const { name, details } = await read(id, viewer, now)
			expect(name, what).not.toBeNull()
			const before = seen.get(name!)
			if (before !== undefined) expect(details, `${what} : même nom, mêmes détails`).toBe(before)
			seen.set(name!, details)
			names.add(name!)
			return name!
		}

		const first = await look('le financeur', funder)
		expect(await look('le financeur, relu', funder)).toBe(first)
		// The side: the files' links, the status shown and the opinion's text follow it.
		const jury = await look('le jury', { side: 'jury', callId: call.id })
		const consortium = await look('le consortium', { side: 'consortium' })
		expect(new Set([first, jury, consortium]).size).toBe(3)
		// Another call in the links (a viewer on a wrong call is refused before; the name does not rely on it).
		expect(await look('le financeur, un autre appel', { side: 'funder', callId: 'autre-appel' })).not.toBe(first)

		// `now`: the consortium's problems are in the name, nothing else moves with time.
		const tomorrow = new Date(Date.now() + 86_400_000)
		expect(await look('le consortium demain', { side: 'consortium' }, tomorrow)).toBe(consortium)
		const afterDeadline = new Date(Date.now() + 20 * 86_400_000)
		expect(await look('le consortium après la date limite', { side: 'consortium' }, afterDeadline)).not.toBe(consortium)
		expect(await look('le financeur après la date limite', funder, afterDeadline)).toBe(first)

		// The dossier's rows (each is counted by its version, tested above).
		await db.update(organizations).set({ name: 'Les Voisins Solidaires' }).where(eq(organizations.id, partners[0]!.organization.id))
		const renamed = await look('le financeur après un changement', funder)
		expect(renamed).not.toBe(first)
		expect(seen.get(renamed)).toContain('Les Voisins Solidaires')
		expect(names.size).toBe(seen.size)

		// The dossier kept at that version, as the scoring page serves it: the same name as read.
		expect(keptDossierAt(id, await versionOf(id), funder, { history: false })?.detailsVersion).toBe(renamed)
	})

	test('aucun nom dans une transaction ni pour la ligne de l’appelant', async () => {
		const { id, call } = await createApplication({ status: 'submitted' })
		const funder = { side: 'funder', callId: call.id } as const
		const inTransaction = await db.transaction(async (tx) => {
			await tx.update(applications).set({ title: 'Un titre qui ne sera pas gardé' }).where(eq(applications.id, id))
			return findDossier(tx, id, undefined, funder)
		})
		expect(inTransaction!.details.title).toBe('Un titre qui ne sera pas gardé')
		expect(inTransaction!.detailsVersion).toBeNull()
		const [application] = await db.select().from(applications).where(eq(applications.id, id))
		expect((await loadDossier(db, application!, funder)).detailsVersion).toBeNull()
	})
})

describe('la page d’un appel gardée en mémoire', () => {
	test('sert tant que l’appel ne change pas, est relue après un changement, et un appel redevenu brouillon n’est plus montré', async () => {
		const { call } = await createApplication({ status: 'submitted' })
		const first = await loadPublishedCallWithRequirements(call.id)
		const second = await loadPublishedCallWithRequirements(call.id)
		expect(second.questions).toBe(first.questions)
		expect(Object.isFrozen(second.questions)).toBe(true)

		// Not what associations read: the jury's settings.
		await db.update(calls).set({ jurorsPerApplication: 5 }).where(eq(calls.id, call.id))
		expect((await loadPublishedCallWithRequirements(call.id)).questions).toBe(first.questions)

		await db.insert(callQuestions).values({ callId: call.id, label: 'Une question de plus ?', type: 'short_text', required: false, position: 9 })
		const third = await loadPublishedCallWithRequirements(call.id)
		expect(third.questions.map((question) => question.label)).toContain('Une question de plus ?')

		await db.update(calls).set({ status: 'draft' }).where(eq(calls.id, call.id))
		await expect(loadPublishedCallWithRequirements(call.id)).rejects.toMatchObject({ status: 404 })
	})
})
