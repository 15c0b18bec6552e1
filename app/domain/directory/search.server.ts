/**
 * The directory's search and public profile pages (issue 12). Only published profiles of
 * associations; never an address, email or phone: the columns read here are the only ones
 * a directory page may show. One statement for a page of results and its count.
 */
import { LRUCache } from 'lru-cache'
import { and, arrayContains, asc, eq, exists, ilike, isNotNull, or, sql, type SQL } from 'drizzle-orm'
import type { SelectResultFields } from 'drizzle-orm/query-builders/select.types'
import { db, type Executor } from '#db/client.server.ts'
import { withCustomPlans } from '#db/custom-plans.server.ts'
import { rowsOf } from '#db/raw-rows.ts'
import { applicationMembers, applications, associationProfiles, calls, organizations, projectPublications } from '#db/schema/index.ts'
import { communeCoordinates, type Commune } from './communes.server.ts'
import { directoryDataVersion } from './data-version.server.ts'
import { EARTH_RADIUS_KM } from './communes.ts'
import { LIMITS, type DirectoryFilters } from './options.ts'

/** What a directory page may show of an association and its profile. */
export const publicColumns = {
	id: organizations.id,
	name: organizations.name,
	sector: organizations.sector,
	commune: organizations.commune,
	departement: organizations.departement,
	presentation: associationProfiles.presentation,
	communes: associationProfiles.communes,
	publics: associationProfiles.publics,
	themes: associationProfiles.themes,
	offers: associationProfiles.offers,
	needs: associationProfiles.needs,
	offerDetails: associationProfiles.offerDetails,
	needDetails: associationProfiles.needDetails,
	publishedAt: associationProfiles.publishedAt,
}

/** What a result card shows (the search and the supporter's view read no more). */
export const cardColumns = {
	id: organizations.id,
	name: organizations.name,
	sector: organizations.sector,
	commune: organizations.commune,
	departement: organizations.departement,
	presentation: associationProfiles.presentation,
	themes: associationProfiles.themes,
	offers: associationProfiles.offers,
	needs: associationProfiles.needs,
}

/** The published profiles of associations: the directory's one visibility rule. */
export const publishedWhere = and(isNotNull(associationProfiles.publishedAt), eq(organizations.kind, 'association'))

/** `%…%` for ILIKE, the person's own % and _ taken literally. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/** Great-circle distance in km from `origin` to the profile's coordinates (haversine, as distanceKm in communes.ts). */
function distanceSql(origin: Commune): SQL<number> {
	const lat = origin.latitude
	const lng = origin.longitude
	return sql<number>`(2 * ${EARTH_RADIUS_KM} * asin(least(1, sqrt(
		power(sin(radians(${associationProfiles.latitude} - ${lat}::float8) / 2), 2)
		+ cos(radians(${lat}::float8)) * cos(radians(${associationProfiles.latitude})) * power(sin(radians(${associationProfiles.longitude} - ${lng}::float8) / 2), 2)
	))))`
}

/** The conditions of the filters (origin: the commune of « à N km de », already found). */
export function filterConditions(filters: DirectoryFilters, origin: Commune | null, { exactDistance = true } = {}): SQL[] {
	// The association's kind is read only when the association is joined anyway (pageByDistance's note).
	const conditions: SQL[] = exactDistance ? [publishedWhere!] : [isNotNull(associationProfiles.publishedAt)]
	if (filters.theme) conditions.push(arrayContains(associationProfiles.themes, [filters.theme]))
	if (filters.offer) conditions.push(arrayContains(associationProfiles.offers, [filters.offer]))
	if (filters.need) conditions.push(arrayContains(associationProfiles.needs, [filters.need]))
	if (filters.departement) conditions.push(eq(organizations.departement, filters.departement))
	if (filters.sector) conditions.push(sql`${organizations.sector} = ${filters.sector}`)
	if (filters.q) conditions.push(or(ilike(organizations.name, containing(filters.q)), ilike(associationProfiles.presentation, containing(filters.q)))!)
	if (origin && filters.distanceKm) {
		// The bounding box first (the GiST index on the point, written exactly as the index), then the exact distance.
		const dLat = filters.distanceKm / 111.2
		const dLng = filters.distanceKm / (111.2 * Math.max(0.01, Math.cos((origin.latitude * Math.PI) / 180)))
		const corner = (lng: number, lat: number) => sql`point(${lng}::float8, ${lat}::float8)`
		conditions.push(
			sql`point(${associationProfiles.longitude}, ${associationProfiles.latitude}) <@ box(${corner(origin.longitude - dLng, origin.latitude - dLat)}, ${corner(origin.longitude + dLng, origin.latitude + dLat)})`,
		)
		if (exactDistance) conditions.push(sql`${distanceSql(origin)} <= ${filters.distanceKm}`)
	}
	return conditions
}

export type DirectorySearch = Awaited<ReturnType<typeof searchDirectory>>

type Card = SelectResultFields<typeof cardColumns> & { distanceKm: number | null }

/**
 * A page of published profiles matching the filters, with the count of all matches.
 * « à N km de » needs a known commune: otherwise `communeError` says why and the distance is left out.
 */
export async function searchDirectory(input: { filters: DirectoryFilters; page: number; pageSize?: number }) {
	const { filters } = input
	const pageSize = input.pageSize ?? LIMITS.pageSize
	let origin: Commune | null = null
	let communeError: string | null = null
	if (filters.commune) {
		const lookup = communeCoordinates(filters.commune, filters.departement)
		if (lookup.ok) origin = lookup.commune
		else communeError = lookup.message
	} else if (filters.distanceKm) communeError = 'Indiquez la commune à partir de laquelle compter la distance.'
	const withDistance = origin !== null && filters.distanceKm !== null
	const page = Math.max(1, Math.min(input.page, LIMITS.maxPage))
	// The filters as read (readFilters bounds each one), the page and the directory's version name the results.
	const resultsKey = JSON.stringify([await directoryDataVersion(db), filters, page, pageSize])
	const found =
		keptSearches.get(resultsKey) ??
		(await withCustomPlans((executor) =>
			withDistance ? pageByDistance(executor, { filters, origin: origin!, page, pageSize }) : pageByName(executor, { filters, page, pageSize }),
		))
	keptSearches.set(resultsKey, found)
	return {
		results: found.results,
		total: found.total,
		page,
		pageCount: Math.max(1, Math.min(LIMITS.maxPage, Math.ceil(found.total / pageSize))),
		origin: withDistance ? origin : null,
		communeError,
		/** Names these results entirely: a page may render them once for all who see them (ServerCached). */
		resultsKey,
	}
}

/**
 * The pages of results computed, per directory version, filters and page, the most recent
 * last: the searches people make are few (a theme, a département, around a town) and the
 * profiles change seldom, while one search over 25,000 profiles took PostgreSQL several
 * milliseconds. A change of any profile moves the version, and the next search computes again.
 */
const keptSearches = new LRUCache<string, { results: Card[]; total: number }>({ max: 64 })

type PageInput = { filters: DirectoryFilters; page: number; pageSize: number }

/** Without a distance: by name, with the count of all matches carried by each row. */
async function pageByName(executor: Executor, { filters, page, pageSize }: PageInput): Promise<{ results: Card[]; total: number }> {
	const rows = await executor
		.select({ ...cardColumns, total: sql<number>`count(*) over ()`.mapWith(Number) })
		.from(associationProfiles)
		.innerJoin(organizations, eq(organizations.id, associationProfiles.organizationId))
		.where(and(...filterConditions(filters, null)))
		.orderBy(asc(organizations.name), asc(organizations.id))
		.limit(pageSize)
		.offset((page - 1) * pageSize)
	// Past the last page there is no row to carry the count: count alone then.
	let total = rows[0]?.total ?? 0
	if (rows.length === 0 && page > 1) {
		const [row] = await executor
			.select({ total: sql<number>`count(*)`.mapWith(Number) })
			.from(associationProfiles)
			.innerJoin(organizations, eq(organizations.id, associationProfiles.organizationId))
			.where(and(...filterConditions(filters, null)))
		total = row?.total ?? 0
	}
	return { results: rows.map(({ total: _total, ...row }) => ({ ...row, distanceKm: null })), total }
}

/**
 * « à N km de », nearest first, then by name. The distance is computed once per profile in
 * the box; the count and the page's cut-off distance come from the profiles alone, and only
 * the rows up to that distance (the page, and those at the same distance — one commune's
 * associations share its coordinates) are joined to their association to be sorted by name.
 * Joining every match first (two thousand around Lyon) was most of the search's time. The
 * association is joined for all matches only when a filter reads it (département, sector, text).
 * Profiles exist for associations only (saveProfile refuses others); the rows shown still pass
 * publishedWhere in full.
 */
async function pageByDistance(executor: Executor, { filters, origin, page, pageSize }: PageInput & { origin: Commune }): Promise<{ results: Card[]; total: number }> {
	const readsAssociation = Boolean(filters.departement || filters.sector || filters.q)
	const conditions = filterConditions(filters, origin, { exactDistance: false })
	const lastOfPage = page * pageSize - 1
	const columns = sql.join(
		Object.entries(cardColumns).map(([key, column]) => sql`${column} as ${sql.identifier(key)}`),
		sql`, `,
	)
	const result = await executor.execute(sql`
		with candidates as (
			select ${associationProfiles.organizationId} as organization_id, ${distanceSql(origin)} as distance_km
			from ${associationProfiles}
			${readsAssociation ? sql`join ${organizations} on ${organizations.id} = ${associationProfiles.organizationId}` : sql``}
			where ${and(...conditions)}
		),
		within as (select organization_id, distance_km from candidates where distance_km <= ${filters.distanceKm}::float8),
		cut as (select distance_km from within order by distance_km offset ${lastOfPage} limit 1)
		select ${columns}, within.distance_km as "distanceKm", (select count(*) from within) as total
		from within
		join ${associationProfiles} on ${associationProfiles.organizationId} = within.organization_id
		join ${organizations} on ${organizations.id} = within.organization_id
		where ${publishedWhere} and within.distance_km <= coalesce((select distance_km from cut), 'infinity'::float8)
		order by within.distance_km, ${organizations.name}, ${organizations.id}
		limit ${pageSize} offset ${(page - 1) * pageSize}`)
	const rows = rowsOf<Card & { total: string | number }>(result)
	let total = rows.length ? Number(rows[0]!.total) : 0
	if (rows.length === 0) {
		// Past the last page: the count alone.
		const [row] = rowsOf<{ total: string | number }>(
			await executor.execute(sql`select count(*) as total from ${associationProfiles}
				${readsAssociation ? sql`join ${organizations} on ${organizations.id} = ${associationProfiles.organizationId}` : sql``}
				where ${and(...conditions)} and ${distanceSql(origin)} <= ${filters.distanceKm}::float8`),
		)
		total = Number(row?.total ?? 0)
	}
	return { results: rows.map(({ total: _total, ...row }) => ({ ...row, distanceKm: Number(row.distanceKm) })), total }
}

/** One association's profile as the directory shows it, published or not (the page decides who may preview it). */
export async function getDirectoryProfile(organizationId: string) {
	const [row] = await db
		.select(publicColumns)
		.from(associationProfiles)
		.innerJoin(organizations, eq(organizations.id, associationProfiles.organizationId))
		.where(and(eq(associationProfiles.organizationId, organizationId), eq(organizations.kind, 'association')))
	return row ?? null
}

/** The projects it co-carried that are published in the showcase (every association of the consortium consented). */
export async function publishedProjectsOf(organizationId: string) {
	return db
		.select({ id: applications.id, title: applications.title, callTitle: calls.title, publishedAt: projectPublications.publishedAt })
		.from(projectPublications)
		.innerJoin(applications, eq(applications.id, projectPublications.applicationId))
		.innerJoin(calls, eq(calls.id, applications.callId))
		.where(
			and(
				isNotNull(projectPublications.publishedAt),
				exists(
					db
						.select({ one: sql`1` })
						.from(applicationMembers)
						.where(and(eq(applicationMembers.applicationId, applications.id), eq(applicationMembers.organizationId, organizationId), or(eq(applicationMembers.status, 'confirmed'), eq(applicationMembers.role, 'lead')))),
				),
			),
		)
		.orderBy(sql`${projectPublications.publishedAt} desc`)
		.limit(50)
}
