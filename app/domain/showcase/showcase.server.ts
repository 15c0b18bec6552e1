/**
 * The public showcase (issue 12, /projets): the retained projects every association of whose
 * consortium consented to the publication, read by anyone, anonymous visitors included. Only
 * what was consented to leaves the database: the texts the consortium wrote, the title, the
 * call and its theme labels, the level of sharing, the associations that consented (their
 * name, commune and département; a link to their directory profile only when it is
 * published), the year and the amount granted (public: funders publish it in open data).
 * Never a person's name, never an address.
 */
import { and, asc, desc, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm'
import { FOLLOWED_STATUSES } from '#app/auth/policy/follow-up.ts'
import { DECISIONS_DISCLOSED_AT } from '#app/domain/applications/decision-disclosure.ts'
import { SHARING_LEVELS } from '#app/domain/applications/options.ts'
import { db, type Executor } from '#db/client.server.ts'
import { applicationMembers, applications, associationProfiles, calls, organizations, projectPublicationConsents, projectPublications, themes } from '#db/schema/index.ts'
import { SHOWCASE_PAGE_SIZE, type ShowcaseFilters } from './showcase-filters.ts'

/** Published, and still a retained project of a decided call (an amended decision takes it offline). */
export const publishedProjectsWhere: SQL = and(
	isNotNull(projectPublications.publishedAt),
	inArray(applications.status, [...FOLLOWED_STATUSES]),
	inArray(calls.status, [...DECISIONS_DISCLOSED_AT]),
)!

/** The project's year: its start, else its decision, else its publication (Paris dates). */
export const projectYear = sql<number>`extract(year from coalesce(${calls.projectStartsOn}, (${applications.decidedAt} at time zone 'Europe/Paris')::date, (${projectPublications.publishedAt} at time zone 'Europe/Paris')::date))::int`

/** The consenting associations of the project (all of them, once it is published). */
const consentingIn = (departement: string) =>
	sql`exists (select 1 from ${projectPublicationConsents} c join ${organizations} o on o.id = c.organization_id where c.application_id = ${applications.id} and o.departement = ${departement})`

function filtersWhere(filters: ShowcaseFilters): SQL {
	return and(
		publishedProjectsWhere,
		filters.theme
			? sql`exists (select 1 from ${themes} t where t.call_id = ${applications.callId} and t.label = ${filters.theme} and ${applications.themeIds} @> jsonb_build_array(t.id))`
			: undefined,
		filters.departement ? consentingIn(filters.departement) : undefined,
		filters.callId ? eq(applications.callId, filters.callId) : undefined,
		filters.year ? sql`${projectYear} = ${filters.year}` : undefined,
	)!
}

const base = (executor: Executor) =>
	executor
		.select({
			id: applications.id,
			title: applications.title,
			callId: calls.id,
			callTitle: calls.title,
			funderName: organizations.name,
			year: projectYear,
			level: sql<string | null>`${applications.cooperation}->>'level'`,
			themeIds: applications.themeIds,
			amountGrantedCents: applications.amountGrantedCents,
			summary: projectPublications.summary,
			results: projectPublications.results,
			lessons: projectPublications.lessons,
			publishedAt: projectPublications.publishedAt,
		})
		.from(projectPublications)
		.innerJoin(applications, eq(applications.id, projectPublications.applicationId))
		.innerJoin(calls, eq(calls.id, applications.callId))
		.innerJoin(organizations, eq(organizations.id, calls.funderId))

type ProjectRow = Awaited<ReturnType<ReturnType<typeof base>['execute']>>[number]

/** The consenting associations and the theme labels of these projects, each project's in order (the lead first). */
async function detailsOf(executor: Executor, rows: ProjectRow[]) {
	const ids = rows.map((r) => r.id)
	if (ids.length === 0) return []
	const [members, themeRows] = await Promise.all([
		executor
			.select({
				applicationId: projectPublicationConsents.applicationId,
				organizationId: organizations.id,
				name: organizations.name,
				commune: organizations.commune,
				departement: organizations.departement,
				lead: sql<boolean>`${applicationMembers.role} = 'lead'`,
				profilePublished: sql<boolean>`${associationProfiles.publishedAt} is not null`,
			})
			.from(projectPublicationConsents)
			.innerJoin(organizations, eq(organizations.id, projectPublicationConsents.organizationId))
			.innerJoin(
				applicationMembers,
				and(eq(applicationMembers.applicationId, projectPublicationConsents.applicationId), eq(applicationMembers.organizationId, projectPublicationConsents.organizationId)),
			)
			.leftJoin(associationProfiles, eq(associationProfiles.organizationId, organizations.id))
			.where(inArray(projectPublicationConsents.applicationId, ids))
			.orderBy(asc(applicationMembers.role), asc(organizations.name)),
		executor
			.select({ id: themes.id, label: themes.label })
			.from(themes)
			.where(inArray(themes.callId, [...new Set(rows.map((r) => r.callId))]))
			.orderBy(asc(themes.position)),
	])
	return rows.map((row) => {
		const associations = members.filter((m) => m.applicationId === row.id).map(({ applicationId: _, ...m }) => m)
		return {
			...row,
			levelLabel: SHARING_LEVELS.find((l) => l.value === row.level)?.label ?? null,
			themes: themeRows.filter((t) => row.themeIds.includes(t.id)).map((t) => t.label),
			associations,
			territory: [...new Set(associations.map((a) => (a.commune ? `${a.commune}${a.departement ? ` (${a.departement})` : ''}` : a.departement)).filter((t): t is string => !!t))],
		}
	})
}

export type PublishedProject = Awaited<ReturnType<typeof detailsOf>>[number]

export async function listPublishedProjects(input: { filters: ShowcaseFilters; page: number; executor?: Executor }) {
	const executor = input.executor ?? db
	const where = filtersWhere(input.filters)
	const [{ total } = { total: 0 }] = await executor
		.select({ total: sql<number>`count(*)::int` })
		.from(projectPublications)
		.innerJoin(applications, eq(applications.id, projectPublications.applicationId))
		.innerJoin(calls, eq(calls.id, applications.callId))
		.where(where)
	const pageCount = Math.max(1, Math.ceil(total / SHOWCASE_PAGE_SIZE))
	const page = Math.min(input.page, pageCount)
	const rows = await base(executor)
		.where(where)
		.orderBy(desc(projectPublications.publishedAt), asc(applications.id))
		.limit(SHOWCASE_PAGE_SIZE)
		.offset((page - 1) * SHOWCASE_PAGE_SIZE)
	return { total, page, pageCount, projects: await detailsOf(executor, rows) }
}

/** One published project, or null (the page answers 404). */
export async function getPublishedProject(applicationId: string, executor: Executor = db): Promise<PublishedProject | null> {
	const rows = await base(executor).where(and(eq(applications.id, applicationId), publishedProjectsWhere))
	const [project] = await detailsOf(executor, rows)
	return project ?? null
}

/** What the filters offer: the values found among the published projects. */
export async function showcaseFilterOptions(executor: Executor = db) {
	const published = executor
		.select({ id: applications.id })
		.from(projectPublications)
		.innerJoin(applications, eq(applications.id, projectPublications.applicationId))
		.innerJoin(calls, eq(calls.id, applications.callId))
		.where(publishedProjectsWhere)
	const [themeRows, departementRows, callRows, yearRows] = await Promise.all([
		executor
			.selectDistinct({ label: themes.label })
			.from(applications)
			.innerJoin(themes, eq(themes.callId, applications.callId))
			.where(and(inArray(applications.id, published), sql`${applications.themeIds} @> jsonb_build_array(${themes.id})`))
			.orderBy(asc(themes.label)),
		executor
			.selectDistinct({ departement: organizations.departement })
			.from(projectPublicationConsents)
			.innerJoin(organizations, eq(organizations.id, projectPublicationConsents.organizationId))
			.where(and(inArray(projectPublicationConsents.applicationId, published), isNotNull(organizations.departement)))
			.orderBy(asc(organizations.departement)),
		executor
			.selectDistinct({ id: calls.id, title: calls.title })
			.from(applications)
			.innerJoin(calls, eq(calls.id, applications.callId))
			.where(inArray(applications.id, published))
			.orderBy(asc(calls.title)),
		executor
			.selectDistinct({ year: projectYear })
			.from(projectPublications)
			.innerJoin(applications, eq(applications.id, projectPublications.applicationId))
			.innerJoin(calls, eq(calls.id, applications.callId))
			.where(publishedProjectsWhere)
			.orderBy(desc(projectYear)),
	])
	return {
		themes: themeRows.map((r) => r.label),
		departements: departementRows.map((r) => r.departement!).filter(Boolean),
		calls: callRows,
		years: yearRows.map((r) => r.year),
	}
}
