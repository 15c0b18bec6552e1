/**
 * The deliberation's pages (issue 9): the ranking table of a call for its funder's staff
 * and its jury's chair, and one dossier's decision page. Both read the one read model
 * (loadDeliberation), so a chair in conflict with a dossier finds nothing of it here: no
 * row, no amount in the totals or the chart, and a 404 on its decision page.
 */
import { LRUCache } from 'lru-cache'
import { and, asc, eq, isNotNull } from 'drizzle-orm'
import { can, type PolicyUser } from '#app/auth/policy/index.ts'
import { policyUserOf, requireCallForDeliberation } from '#app/auth/policy/load.server.ts'
import { forbidden, notFound } from '#app/auth/permissions.server.ts'
import { db } from '#db/client.server.ts'
import { criteria, jurors, juryAssignments, scores, users } from '#db/schema/index.ts'
import { loadDeliberation, type DeliberationDossier } from './deliberation.server.ts'
import { envelopeByGroup, lotteryOf, readTableQuery, sortAndFilter, type TableQuery } from './decisions.ts'

export const NOT_YET_IN_DELIBERATION = 'La délibération de cet appel n’est pas encore ouverte : elle commence quand le jury a noté les dossiers.'

/** Rows per page of the ranking table. */
export const PAGE_SIZE = 50

// Built once: localeCompare with a locale builds a collator per comparison.
const frenchOrder = new Intl.Collator('fr')
const numericFrenchOrder = new Intl.Collator('fr', { numeric: true })

const tenth = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10)

type Viewer = { id: string } | PolicyUser

/** The call as the deliberation's pages load it: 404 for whoever neither works for its funder nor chairs its jury; 409 before the deliberation. */
async function openDeliberation(viewer: Viewer, callId: string) {
	const user = await policyUserOf(db, viewer)
	const loaded = await requireCallForDeliberation(db, user, callId)
	const view = can(user, 'view-deliberation', loaded.resource)
	if (!view.allowed) throw new Response(NOT_YET_IN_DELIBERATION, { status: 409 })
	return { user, ...loaded, canDecide: can(user, 'decide', loaded.resource).allowed }
}

/**
 * Before reading a deliberation form: 404 for an outsider, 409 before the deliberation or
 * after its close, 403 for the chair (who views but does not decide).
 */
export async function requireDecider(viewer: Viewer, callId: string): Promise<void> {
	const { canDecide, isStaff } = await openDeliberation(viewer, callId)
	if (!isStaff) forbidden()
	if (!canDecide) throw new Response('La délibération de cet appel est close : les décisions ne se modifient plus ici.', { status: 409 })
}

function callFacts(call: Awaited<ReturnType<typeof openDeliberation>>['call']) {
	return {
		id: call.id,
		title: call.title,
		status: call.status,
		rankingScore: call.rankingScore,
		disagreementThreshold: call.disagreementThreshold,
		lotteryEnabled: call.lotteryEnabled,
		lotterySeed: call.lotterySeed,
		lotteryDrawnAt: call.lotteryDrawnAt,
		deliberationVersion: call.deliberationVersion,
		envelopeCents: call.envelopeCents,
		maxAmountPerProjectCents: call.maxAmountPerProjectCents,
	}
}

/**
 * What the page derives from a view, whatever the request: the filters' choices, the titles,
 * the envelope's chart, the dossiers on the line, the lottery, each sorted and filtered table
 * asked. Kept with the view (its dossiers' array is the same object while the view is kept,
 * deliberation.server.ts), since doing it again over 500 dossiers was a sixth of the page.
 */
type Derived = {
	themes: string[]
	departements: string[]
	titleOf: Map<string, string>
	chart: ReturnType<typeof envelopeByGroup>
	onTheLine: number
	tables: LRUCache<string, DeliberationDossier[]>
	pages: LRUCache<string, { rows: ReturnType<typeof pageRowsOf>; key: string }>
	lotteries: LRUCache<string, ReturnType<typeof lotteryOf>>
}
const derivedByView = new WeakMap<readonly DeliberationDossier[], Derived>()
/** Sorts and filters (and lotteries) kept per view, the least recently used dropped: a handful are in use at once. */
const TABLES_KEPT = 16

function derivedOf(dossiers: readonly DeliberationDossier[]): Derived {
	let derived = derivedByView.get(dossiers)
	if (!derived) {
		derived = {
			themes: [...new Set(dossiers.flatMap((d) => d.themeLabels))].sort(frenchOrder.compare),
			departements: [...new Set(dossiers.flatMap((d) => (d.departement ? [d.departement] : [])))].sort(numericFrenchOrder.compare),
			titleOf: new Map(dossiers.map((d) => [d.applicationId, d.title])),
			chart: envelopeByGroup(dossiers),
			onTheLine: dossiers.filter((d) => d.onTheLine).length,
			tables: new LRUCache({ max: TABLES_KEPT }),
			pages: new LRUCache({ max: TABLES_KEPT }),
			lotteries: new LRUCache({ max: TABLES_KEPT }),
		}
		derivedByView.set(dossiers, derived)
	}
	return derived
}

/** Numbers each page of rows computed: a name is never given twice in the process. */
let pagesComputed = 0

function tableOf(dossiers: readonly DeliberationDossier[], derived: Derived, query: TableQuery): DeliberationDossier[] {
	const key = JSON.stringify(query)
	let rows = derived.tables.get(key)
	if (!rows) {
		rows = sortAndFilter(dossiers, query)
		derived.tables.set(key, rows)
	}
	return rows
}

/** One page of a sorted table: the funding line marked before the first dossier below it, scores to a tenth (as shown). */
function pageRowsOf(rows: DeliberationDossier[], start: number, lineDrawn: boolean) {
	return rows.slice(start, start + PAGE_SIZE).map(({ decisionVersion: _version, raw, calibrated, spread, ...row }, k) => {
		const before = rows[start + k - 1]
		return {
			...row,
			raw: tenth(raw),
			calibrated: tenth(calibrated),
			spread: tenth(spread),
			lineBefore: lineDrawn && before !== undefined && before.funded && !row.funded,
		}
	})
}

export async function getDeliberationPage(input: { user: Viewer; callId: string; search: URLSearchParams }) {
	const { user, call, isStaff, canDecide } = await openDeliberation(input.user, input.callId)
	const view = await loadDeliberation(db, { user, call })
	const derived = derivedOf(view.dossiers)
	const { themes, departements, titleOf } = derived
	const query = readTableQuery(input.search, { themes, departements })
	const rows = tableOf(view.dossiers, derived, query)
	// Pages of PAGE_SIZE rows: the whole ranking of a large call in one page weighed a megabyte
	// and took a third of a second to render (tests/bench/deliberation-page.ts).
	const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE))
	const requested = Number(input.search.get('page'))
	const page = Number.isInteger(requested) && requested >= 1 && requested <= pages ? requested : 1
	const start = (page - 1) * PAGE_SIZE
	// The funding line is drawn in rank order only, where it falls (also between two pages).
	const lineDrawn = query.sort === 'rang' && query.direction === 'asc' && view.funding !== null
	// A page's rows as sent, kept with the view like its table (copying 50 rows of 30 fields was a tenth of the loader).
	const pageKey = `${JSON.stringify(query)}|${page}`
	let pageRows = derived.pages.get(pageKey)
	if (!pageRows) {
		pageRows = { rows: pageRowsOf(rows, start, lineDrawn), key: `rows-${++pagesComputed}` }
		derived.pages.set(pageKey, pageRows)
	}
	const lottery =
		call.lotterySeed !== null && call.envelopeCents !== null
			? (() => {
					const key = `${call.envelopeCents}:${call.lotterySeed}`
					const drawn = derived.lotteries.get(key) ?? lotteryOf(view.dossiers, call.envelopeCents, call.lotterySeed)
					derived.lotteries.set(key, drawn)
					const funded = new Set(drawn.funded)
					return { seed: drawn.seed, budgetCents: drawn.budget, order: drawn.order.map((id) => ({ id, title: titleOf.get(id) ?? '', funded: funded.has(id) })) }
				})()
			: null
	return {
		call: callFacts(call),
		isStaff,
		canDecide,
		rows: pageRows.rows,
		// Names these rows for as long as they are kept (the page renders them once per name, decision 033).
		rowsKey: pageRows.key,
		shown: rows.length,
		page,
		pages,
		lineDrawn,
		total: view.dossiers.length,
		query,
		themes,
		departements,
		funding: view.funding,
		totals: view.totals,
		model: view.calibration.model,
		hiddenForConflict: view.hiddenForConflict,
		onTheLine: derived.onTheLine,
		lottery,
		chart: derived.chart,
	}
}

/** One dossier's decision page: its row, and for staff the scores of each juror's sent evaluation. */
export async function getDecisionPage(input: { user: Viewer; callId: string; applicationId: string }) {
	const { user, call, isStaff, canDecide } = await openDeliberation(input.user, input.callId)
	const view = await loadDeliberation(db, { user, call })
	const dossier = view.dossiers.find((d) => d.applicationId === input.applicationId)
	if (!dossier) notFound('Ce dossier n’existe pas dans cette délibération, ou vous n’y avez pas accès.')
	const evaluations = isStaff ? await evaluationsOf(call.id, dossier.applicationId) : []
	return { call: callFacts(call), isStaff, canDecide, dossier, evaluations, funding: view.funding, totals: view.totals }
}

/** Each juror's sent evaluation of the dossier, criterion by criterion. */
async function evaluationsOf(callId: string, applicationId: string) {
	const rows = await db
		.select({
			assignmentId: juryAssignments.id,
			jurorName: users.displayName,
			total: juryAssignments.weightedScore,
			criterion: criteria.label,
			position: criteria.position,
			weight: criteria.weight,
			scaleMax: criteria.scaleMax,
			value: scores.value,
		})
		.from(juryAssignments)
		.innerJoin(jurors, eq(jurors.id, juryAssignments.jurorId))
		.innerJoin(users, eq(users.id, jurors.userId))
		.innerJoin(scores, eq(scores.assignmentId, juryAssignments.id))
		.innerJoin(criteria, and(eq(criteria.id, scores.criterionId), eq(criteria.callId, callId)))
		.where(and(eq(juryAssignments.applicationId, applicationId), isNotNull(juryAssignments.submittedAt)))
		.orderBy(asc(users.displayName), asc(juryAssignments.id), asc(criteria.position))
	// Each evaluation's weighted score was written when it was sent (evaluation.server.ts).
	const byJuror = new Map<string, { jurorName: string; total: number | null; scores: { criterion: string; value: number | null; scaleMax: number; weight: number }[] }>()
	for (const row of rows) {
		const entry = byJuror.get(row.assignmentId) ?? { jurorName: row.jurorName, total: row.total, scores: [] }
		entry.scores.push({ criterion: row.criterion, value: row.value === null ? null : Number(row.value), scaleMax: row.scaleMax, weight: Number(row.weight) })
		byJuror.set(row.assignmentId, entry)
	}
	return [...byJuror.values()]
}
