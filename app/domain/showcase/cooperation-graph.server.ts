/**
 * The published projects as the cooperation graph reads them (issue 12): each with its
 * consenting associations. Filtered by département: the projects one of whose associations is
 * there (their partners from elsewhere stay, marked). Bounded: past MAX_GRAPH_PROJECTS the
 * page asks for a département rather than draw an unreadable picture.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm'
import { db, type Executor } from '#db/client.server.ts'
import { applicationMembers, applications, associationProfiles, calls, organizations, projectPublicationConsents, projectPublications } from '#db/schema/index.ts'
import { cooperationGraph, type GraphProject } from './cooperation-graph.ts'
import { publishedProjectsWhere } from './showcase.server.ts'

export const MAX_GRAPH_PROJECTS = 150

export async function loadCooperationGraph(input: { departement: string | null; executor?: Executor }) {
	const executor = input.executor ?? db
	const inDepartement = input.departement
		? sql`exists (select 1 from ${projectPublicationConsents} c join ${organizations} o on o.id = c.organization_id where c.application_id = ${applications.id} and o.departement = ${input.departement})`
		: undefined
	const projects = await executor
		.select({ id: applications.id, title: applications.title })
		.from(projectPublications)
		.innerJoin(applications, eq(applications.id, projectPublications.applicationId))
		.innerJoin(calls, eq(calls.id, applications.callId))
		.where(and(publishedProjectsWhere, inDepartement))
		.orderBy(desc(projectPublications.publishedAt), asc(applications.id))
		.limit(MAX_GRAPH_PROJECTS + 1)
	const tooMany = projects.length > MAX_GRAPH_PROJECTS
	const shown = projects.slice(0, MAX_GRAPH_PROJECTS)
	const members =
		shown.length === 0
			? []
			: await executor
					.select({
						applicationId: projectPublicationConsents.applicationId,
						organizationId: organizations.id,
						name: organizations.name,
						departement: organizations.departement,
						profilePublished: sql<boolean>`${associationProfiles.publishedAt} is not null`,
					})
					.from(projectPublicationConsents)
					.innerJoin(organizations, eq(organizations.id, projectPublicationConsents.organizationId))
					.innerJoin(
						applicationMembers,
						and(eq(applicationMembers.applicationId, projectPublicationConsents.applicationId), eq(applicationMembers.organizationId, projectPublicationConsents.organizationId)),
					)
					.leftJoin(associationProfiles, eq(associationProfiles.organizationId, organizations.id))
					.where(inArray(projectPublicationConsents.applicationId, shown.map((p) => p.id)))
	const graphProjects: GraphProject[] = shown.map((p) => ({ ...p, associations: members.filter((m) => m.applicationId === p.id) }))
	return { tooMany, projectCount: shown.length, ...cooperationGraph(graphProjects, input.departement) }
}
