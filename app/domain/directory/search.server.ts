/**
 * The directory's search and public profile pages (issue 12). Only published profiles of
 * associations; never an address, email or phone: the columns read here are the only ones
 * a directory page may show. One statement for a page of results and its count.
 */
import { and, arrayContains, asc, eq, exists, ilike, isNotNull, or, sql, type SQL } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { applicationMembers, applications, associationProfiles, calls, organizations, projectPublications } from '#db/schema/index.ts'
import { communeCoordinates, type Commune } from './communes.server.ts'
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
export function filterConditions(filters: DirectoryFilters, origin: Commune | null): SQL[] {
	const conditions: SQL[] = [publishedWhere!]
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
		conditions.push(sql`${distanceSql(origin)} <= ${filters.distanceKm}`)
	}
	return conditions
}

export type DirectorySearch = Awaited<ReturnType<typeof searchDirectory>>

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
	const distance = withDistance ? distanceSql(origin!) : sql<number>`null::float8`
	const page = Math.max(1, Math.min(input.page, LIMITS.maxPage))
	const rows = await db
		.select({ ...cardColumns, distanceKm: sql<number | null>`${distance}`.mapWith((v) => (v === null ? null : Number(v))), total: sql<number>`count(*) over ()`.mapWith(Number) })
		.from(associationProfiles)
		.innerJoin(organizations, eq(organizations.id, associationProfiles.organizationId))
		.where(and(...filterConditions(filters, origin)))
		.orderBy(...(withDistance ? [sql`${distance}`] : []), asc(organizations.name), asc(organizations.id))
		.limit(pageSize)
		.offset((page - 1) * pageSize)
	// Past the last page there is no row to carry the count: count alone then.
	let total = rows[0]?.total ?? 0
	if (rows.length === 0 && page > 1) {
		const [row] = await db
			.select({ total: sql<number>`count(*)`.mapWith(Number) })
			.from(associationProfiles)
			.innerJoin(organizations, eq(organizations.id, associationProfiles.organizationId))
			.where(and(...filterConditions(filters, origin)))
		total = row?.total ?? 0
	}
	return {
		results: rows.map(({ total: _total, ...row }) => row),
		total,
		page,
		pageCount: Math.max(1, Math.min(LIMITS.maxPage, Math.ceil(total / pageSize))),
		origin: withDistance ? origin : null,
		communeError,
	}
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
