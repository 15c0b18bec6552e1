/**
 * The `deliberation` bench scenario's ranking part (issue 9): 2,000 dossiers scored by 3 of
 * 60 jurors on 6 criteria, generated from a fixed seed (every run ranks the same call), then
 * `rank_ms`: the time of the pure ranking core — calibrated scores, rank intervals, ranks
 * and the funding line. The page and letters parts are measured by run.ts.
 */
import { rankCall, type RankCallInput } from '#app/domain/deliberation/ranking.ts'
import { seededNormal, seededRandom } from '#app/domain/deliberation/random.ts'
import { weightedScore } from '#app/domain/jury/evaluation.ts'

export type DeliberationDataset = Omit<RankCallInput, 'by'>

export function buildDeliberationDataset({ applications = 2000, jurors = 60, perApplication = 3, seed = 20261201 } = {}): DeliberationDataset {
	const uniform = seededRandom(seed)
	const normal = seededNormal(uniform)
	const criteria = [3, 2, 2, 1, 1, 1].map((weight, i) => ({ id: `criterion-${i}`, label: `Critère ${i + 1}`, scaleMax: 5, weight }))
	const jurorIds = Array.from({ length: jurors }, (_, j) => `juror-${String(j).padStart(3, '0')}`)
	// Each juror's leniency (σ 6 points on 100); each dossier's quality around 60 (σ 12).
	const leniency = jurorIds.map(() => 6 * normal())
	const applicationIds = Array.from({ length: applications }, (_, i) => `application-${String(i).padStart(4, '0')}`)
	const evaluations: RankCallInput['evaluations'][number][] = []
	const amounts = new Map<string, number>()
	let requested = 0
	for (const applicationId of applicationIds) {
		const quality = 60 + 12 * normal()
		const panel = new Set<number>()
		while (panel.size < Math.min(perApplication, jurors)) panel.add(Math.floor(uniform() * jurors))
		for (const j of panel) {
			// The juror's reading of the dossier (σ 8), then of each criterion (σ 8), on a 0–5 scale.
			const reading = quality + leniency[j]! + 8 * normal()
			const values = new Map(criteria.map((c) => [c.id, Math.min(c.scaleMax, Math.max(0, Math.round(((reading + 8 * normal()) / 100) * c.scaleMax)))]))
			evaluations.push({ applicationId, jurorId: jurorIds[j]!, score: weightedScore(criteria, values)! })
		}
		const amount = 1000 * (5 + Math.floor(uniform() * 26)) // 5,000 to 30,000 €
		amounts.set(applicationId, amount)
		requested += amount
	}
	// An envelope for about a third of what is asked.
	return { applicationIds, evaluations, funding: { amounts, envelope: Math.round(requested / 3) } }
}

export function runRankingBench(): { applications: number; rank_ms: number } {
	const dataset = buildDeliberationDataset()
	const started = performance.now()
	rankCall({ ...dataset, by: 'calibrated' })
	const rankMs = performance.now() - started
	return { applications: dataset.applicationIds.length, rank_ms: Math.round(rankMs) }
}
