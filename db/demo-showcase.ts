/**
 * The demo's public showcase (issue 12): « Veillées de contes croisés (2026) », the demo's
 * closed project (its evaluation approved, demo-follow-up.ts), published through the domain
 * functions the publication page calls — the lead's référent (asso7) writes the public texts
 * and consents for the Grands-Parents Conteurs, then the partner's référent (asso8) consents:
 * every association of the consortium has, so /projets and the cooperation graph show it.
 */
import { and, eq } from 'drizzle-orm'
import { consentToPublication, savePublicationTexts, versionOfTexts } from '#app/domain/showcase/publication.server.ts'
import { db } from './client.server'
import { FOLLOW_UP_TITLES } from './demo-follow-up'
import { applications, memberships, projectPublications, users } from './schema/index'

export const SHOWCASE_TEXTS = {
	summary:
		'Des grands-parents conteurs et des familles de la Villeneuve ont préparé ensemble six veillées de contes, dans les langues des quartiers, chaque fois dans une salle prêtée par l’une des deux associations.',
	results:
		'Six veillées de septembre à juin, 240 spectateurs en tout dont une centaine d’enfants ; douze habitants sont devenus conteurs à leur tour. Un recueil de contes bilingues a été imprimé et donné aux écoles du quartier.',
	lessons:
		'Ce qui a marché : une réunion courte chaque mois entre les deux associations, et un « qui fait quoi » écrit dès le début. Ce qui n’a pas marché : la première veillée, organisée trop vite, en juillet — personne n’est venu. Nous aurions dû prendre le temps de faire connaître le projet aux écoles avant de commencer.',
}

async function referentOf(email: string) {
	const [row] = await db
		.select({ id: users.id, organizationId: memberships.organizationId })
		.from(users)
		.innerJoin(memberships, eq(memberships.userId, users.id))
		.where(and(eq(users.email, email), eq(memberships.role, 'referent')))
	if (!row) throw new Error(`Données de démonstration : ${email} introuvable.`)
	return row
}

function must<T extends { ok: boolean }>(result: T, what: string): T {
	if (!result.ok) throw new Error(`Données de démonstration : ${what} a échoué. ${'message' in result ? String(result.message) : ''}`)
	return result
}

export async function seedDemoShowcase(): Promise<void> {
	const [project] = await db.select({ id: applications.id }).from(applications).where(eq(applications.title, FOLLOW_UP_TITLES.closed))
	if (!project) throw new Error('Données de démonstration : le projet clos est introuvable.')
	const lead = await referentOf('asso7@demo.ensemble.test')
	const partner = await referentOf('asso8@demo.ensemble.test')
	must(await savePublicationTexts({ user: lead, applicationId: project.id, version: 0, texts: SHOWCASE_TEXTS }), 'l’écriture des textes publics')
	const [publication] = await db.select({ updatedAt: projectPublications.updatedAt }).from(projectPublications).where(eq(projectPublications.applicationId, project.id))
	const version = versionOfTexts(publication ?? null)
	for (const [person, what] of [
		[lead, 'l’accord des Grands-Parents Conteurs'],
		[partner, 'l’accord de la Maison des Associations de Grenoble'],
	] as const) {
		must(await consentToPublication({ user: person, applicationId: project.id, organizationId: person.organizationId, version }), what)
	}
}
