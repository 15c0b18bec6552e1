/**
 * The deliberation's read model (issue 9): one row per recevable dossier of a call with its
 * raw and calibrated scores, evaluations sent, spread and disagreement, rank and its
 * interval, amounts requested, proposed and granted, its decision, and the funding line.
 * The staff's page, the chair's view and the minutes all read it, so they cannot disagree.
 *
 * A viewer whose jury seat is in conflict with a dossier gets a view built WITHOUT that
 * dossier: its row, its evaluations (which would move the jurors' offsets) and its amounts
 * are left out before anything is computed.
 *
 * The ranking core costs ~40 ms for 500 dossiers (docs/decisions/017): it is kept per call
 * and recomputed only when its inputs change (the sent evaluations, the settings, the
 * dossiers left out), so reloading the page after changing an amount does not pay it again.
 */
import { LRUCache } from 'lru-cache'
import { createHash } from 'node:crypto'
import { and, asc, eq, inArray, isNotNull, type SQL, sql } from 'drizzle-orm'
import { type PolicyUser } from '#app/auth/policy/index.ts'
import { notInViewersConflictsWhere } from '#app/auth/policy/visibility.server.ts'
import type { Executor } from '#db/client.server.ts'
import { callDataVersion } from '#app/domain/calls/data-version.server.ts'
import { applications, juryAssignments, organizations, themes } from '#db/schema/index.ts'
import type { ApplicationStatus } from '#db/schema/application-statuses.ts'
import type { Calibration } from './calibration.ts'
import { RETAINED_STATUSES } from './envelope.server.ts'
import { fundingLine, rankCall, type FundingLine, type RankedDossier } from './ranking.ts'

/** The dossiers the deliberation ranks: recevable, then decided (and onwards, for a retained one). */
export const DELIBERATION_STATUSES: readonly ApplicationStatus[] = ['admissible', 'waitlisted', 'rejected', ...RETAINED_STATUSES]

export type DeliberationSettings = {
	rankingScore: 'raw' | 'calibrated'
	disagreementThreshold: number
	envelopeCents: number | null
	maxAmountPerProjectCents: number | null
}

export type DeliberationDossier = {
	applicationId: string
	title: string
	status: ApplicationStatus
	leadName: string
	departement: string | null
	themeLabels: string[]
	amountRequestedCents: number | null
	/** The deliberation's working amount: what staff proposed, else the amount requested (never above the call's maximum). */
	proposedAmountCents: number
	amountGrantedCents: number | null
	decisionMotivation: string | null
	waitlistPosition: number | null
	decisionVersion: number
	/** Scores (on 100) and the evaluation counts, from the calibration. */
	raw: number | null
	calibrated: number | null
	evaluations: number
	spread: number | null
	disagreement: boolean
	/** Rank by the call's ranking score, with its uncertainty interval. */
	rank: number | null
	interval: { low: number; high: number } | null
	/** Within the envelope walking the ranking down, and « à départager » (its interval crosses the line). */
	funded: boolean
	onTheLine: boolean
}

export type DeliberationView = {
	settings: DeliberationSettings
	/** In ranking order (rank, then id); dossiers without an evaluation last. */
	dossiers: DeliberationDossier[]
	calibration: Pick<Calibration, 'model' | 'jurors' | 'disagreementThreshold'>
	/** The funding line on the proposed amounts (null when the call has no envelope). */
	funding: Pick<FundingLine, 'envelope' | 'used' | 'remaining' | 'line'> | null
	/** Sums, in cents: proposed for all dossiers, granted to the retained ones. */
	totals: { proposedCents: number; retainedCents: number }
	/** Dossiers left out because the viewer is in conflict with them (only their number, never which). */
	hiddenForConflict: number
}

type RankingResult = { calibration: Calibration; ranking: RankedDossier[] }
/** A handful of calls deliberate at once; each entry holds a few hundred kilobytes at most. */
const MAX_CACHED_CALLS = 32
const rankingCache = new LRUCache<string, { key: string; result: RankingResult }>({ max: MAX_CACHED_CALLS })

/** The proposed amount: the staff's, else the amount requested, within the call's maximum. */
export function effectiveProposedCents(row: { proposedAmountCents: number | null; amountRequestedCents: number | null }, maxCents: number | null): number {
	const base = row.proposedAmountCents ?? row.amountRequestedCents ?? 0
	return maxCents === null ? base : Math.min(base, maxCents)
}

/** Every column the view is computed from. */
const DOSSIER_COLUMNS = {
	applicationId: applications.id,
	title: applications.title,
	status: applications.status,
	leadName: organizations.name,
	departement: organizations.departement,
	themeIds: applications.themeIds,
	amountRequestedCents: applications.amountRequestedCents,
	proposedAmountCents: applications.proposedAmountCents,
	amountGrantedCents: applications.amountGrantedCents,
	decisionMotivation: applications.decisionMotivation,
	waitlistPosition: applications.waitlistPosition,
	decisionVersion: applications.decisionVersion,
}

type CallInput = DeliberationSettings & { id: string }
/** Per call and viewer's seat (the staff share one), the last view with the inputs it was built from. */
const viewCache = new LRUCache<string, { inputs: string; view: Omit<DeliberationView, 'hiddenForConflict'> }>({ max: MAX_CACHED_CALLS })

/**
 * The deliberation of a call as this viewer may see it. The caller has loaded the call
 * through requireCallForDeliberation and asked the policy for 'view-deliberation'.
 *
 * A large call's view costs tens of milliseconds to build (2,000 rows read and decoded, the
 * ranking, the funding line). It is kept per call, under the call's data version
 * (app/domain/calls/data-version.server.ts: the database counts every change of the dossiers
 * and their lead, the scores, the themes, the jurors and their conflicts) plus the call's
 * settings: any change gives another version, so a kept view is never stale, and a chair
 * whose conflicts hide dossiers gets their own.
 *
 * `full`: the record's view, whoever asks (the stored minutes): no dossier is left out even
 * when the person acting sits on the jury and is in conflict with some.
 */
export async function loadDeliberation(executor: Executor, input: { user: PolicyUser; call: CallInput; full?: boolean }): Promise<DeliberationView> {
	const { call } = input
	// Whether the viewer holds a seat on this jury: only then can a conflict hide dossiers.
	const seated = !input.full && input.user.jurorCallIds.includes(call.id)
	const visible = and(eq(applications.callId, call.id), inArray(applications.status, [...DELIBERATION_STATUSES]), seated ? notInViewersConflictsWhere(input.user) : undefined)
	const [version, hidden] = await Promise.all([
		callDataVersion(executor, call.id),
		seated
			? executor
					.select({ value: sql<number>`count(*)::int` })
					.from(applications)
					.where(and(eq(applications.callId, call.id), inArray(applications.status, [...DELIBERATION_STATUSES]), sql`not (${notInViewersConflictsWhere(input.user)})`))
					.then(([row]) => row?.value ?? 0)
			: 0,
	])
	const inputs = JSON.stringify([call.rankingScore, call.disagreementThreshold, call.envelopeCents, call.maxAmountPerProjectCents, version])
	const key = `${call.id}:${seated ? input.user.id : 'all'}`
	const kept = viewCache.get(key)
	const view = kept?.inputs === inputs ? kept.view : await buildView(executor, call, visible)
	viewCache.set(key, { inputs, view })
	return { ...view, hiddenForConflict: hidden }
}

/** The ids of the call's dossiers this person's jury seat is in conflict with (empty without a seat). Server-side only: pages show their number. */
export async function hiddenApplicationIds(executor: Executor, user: PolicyUser, callId: string): Promise<Set<string>> {
	if (!user.jurorCallIds.includes(callId)) return new Set()
	const rows = await executor
		.select({ id: applications.id })
		.from(applications)
		.where(and(eq(applications.callId, callId), sql`not (${notInViewersConflictsWhere(user)})`))
	return new Set(rows.map((r) => r.id))
}

async function buildView(executor: Executor, call: CallInput, visible: SQL | undefined): Promise<Omit<DeliberationView, 'hiddenForConflict'>> {
	const [rows, evaluations, callThemes] = await Promise.all([
		executor.select(DOSSIER_COLUMNS).from(applications).innerJoin(organizations, eq(organizations.id, applications.leadOrganizationId)).where(visible).orderBy(asc(applications.id)),
		// Each sent evaluation's weighted score on 100, written when it was sent (evaluation.server.ts).
		executor
			.select({ applicationId: juryAssignments.applicationId, jurorId: juryAssignments.jurorId, score: juryAssignments.weightedScore })
			.from(juryAssignments)
			.innerJoin(applications, eq(applications.id, juryAssignments.applicationId))
			.where(and(visible, isNotNull(juryAssignments.submittedAt), isNotNull(juryAssignments.weightedScore))),
		executor.select({ id: themes.id, label: themes.label }).from(themes).where(eq(themes.callId, call.id)).orderBy(asc(themes.position)),
	])

	const applicationIds = rows.map((r) => r.applicationId)
	const scored = evaluations.map((e) => ({ applicationId: e.applicationId, jurorId: e.jurorId, score: e.score! })).sort(byEvaluation)
	const themeLabel = new Map(callThemes.map((t, position) => [t.id, { label: t.label, position }]))
	const { calibration, ranking } = cachedRanking(call, applicationIds, scored)

	const maxCents = call.maxAmountPerProjectCents
	const amounts = new Map(rows.map((r) => [r.applicationId, effectiveProposedCents(r, maxCents)]))
	const funding = call.envelopeCents === null ? null : fundingLine(ranking, amounts, call.envelopeCents)
	const scoreOf = new Map(calibration.dossiers.map((d) => [d.applicationId, d]))
	const placeOf = new Map((funding?.rows ?? ranking).map((r) => [r.applicationId, r as RankedDossier & Partial<{ funded: boolean; onTheLine: boolean }>]))
	const rowOf = new Map(rows.map((r) => [r.applicationId, r]))

	const dossiers = ranking.map((ranked): DeliberationDossier => {
		const row = rowOf.get(ranked.applicationId)!
		const score = scoreOf.get(ranked.applicationId)!
		const place = placeOf.get(ranked.applicationId)!
		const { themeIds, ...fields } = row
		return {
			...fields,
			themeLabels: themeIds
				.map((id) => themeLabel.get(id))
				.filter((t) => t !== undefined)
				.sort((a, b) => a.position - b.position)
				.map((t) => t.label),
			amountRequestedCents: row.amountRequestedCents === null ? null : Number(row.amountRequestedCents),
			amountGrantedCents: row.amountGrantedCents === null ? null : Number(row.amountGrantedCents),
			proposedAmountCents: amounts.get(ranked.applicationId)!,
			raw: score.raw,
			calibrated: score.calibrated,
			evaluations: score.evaluations,
			spread: score.spread,
			disagreement: score.disagreement,
			rank: ranked.rank,
			interval: ranked.interval,
			funded: place.funded ?? false,
			onTheLine: place.onTheLine ?? false,
		}
	})
	const retained = new Set<string>(RETAINED_STATUSES)
	return {
		settings: {
			rankingScore: call.rankingScore,
			disagreementThreshold: call.disagreementThreshold,
			envelopeCents: call.envelopeCents,
			maxAmountPerProjectCents: call.maxAmountPerProjectCents,
		},
		dossiers,
		calibration: { model: calibration.model, jurors: calibration.jurors, disagreementThreshold: calibration.disagreementThreshold },
		funding: funding && { envelope: funding.envelope, used: funding.used, remaining: funding.remaining, line: funding.line },
		totals: {
			proposedCents: dossiers.reduce((sum, d) => sum + d.proposedAmountCents, 0),
			retainedCents: dossiers.reduce((sum, d) => sum + (retained.has(d.status) ? (d.amountGrantedCents ?? 0) : 0), 0),
		},
	}
}

const byEvaluation = (a: { applicationId: string; jurorId: string }, b: { applicationId: string; jurorId: string }) =>
	a.applicationId < b.applicationId ? -1 : a.applicationId > b.applicationId ? 1 : a.jurorId < b.jurorId ? -1 : a.jurorId > b.jurorId ? 1 : 0

/** The ranking core, computed again only when the dossiers, the sent scores or the settings differ from the last time. */
function cachedRanking(call: DeliberationSettings & { id: string }, applicationIds: string[], evaluations: { applicationId: string; jurorId: string; score: number }[]): RankingResult {
	const key = JSON.stringify([call.rankingScore, call.disagreementThreshold, applicationIds, evaluations.map((e) => [e.applicationId, e.jurorId, e.score])])
	// Keyed by the inputs' digest too: the staff's view and a conflicted chair's (fewer dossiers) do not evict each other.
	const cacheKey = `${call.id}:${createHash('sha1').update(key).digest('base64')}`
	const hit = rankingCache.get(cacheKey)
	if (hit && hit.key === key) return hit.result
	const { calibration, ranking } = rankCall({ applicationIds, evaluations, by: call.rankingScore, disagreementThreshold: call.disagreementThreshold })
	const result = { calibration, ranking }
	rankingCache.set(cacheKey, { key, result })
	return result
}
