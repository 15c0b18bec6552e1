/**
 * The `jury` bench scenario: a full automatic assignment of 2,000 recevable dossiers to 60
 * jurors (themes, maximum loads) with 150 organisation-level conflicts, through the pure
 * planner (generated from a fixed seed: every run solves the same problem); then the juror's
 * scoring page against the trivial page on the running server (run.ts).
 */
import { and, asc, eq, isNull } from 'drizzle-orm'
import { seededRandom } from '#app/domain/deliberation/random.ts'
import { planAssignment, type ApplicationInput, type JurorInput, type Pair } from '#app/domain/jury/assignment.ts'
import { db } from '#db/client.server.ts'
import { juryAssignments, jurors, users } from '#db/schema/index.ts'

export type JuryDataset = {
	jurors: JurorInput[]
	applications: ApplicationInput[]
	forbidden: Pair[]
	/** The (juror, association) conflicts the forbidden pairs come from. */
	organisationConflicts: number
}

export function buildJuryDataset({ applications = 2000, jurors = 60, conflicts = 150, associations = 800, themes = 12 } = {}): JuryDataset {
	const next = seededRandom(20261130) // the same data set on every run
	const pick = (n: number) => Math.floor(next() * n)
	const themeIds = Array.from({ length: themes }, (_, i) => `theme-${i}`)
	const kinds = ['financeur', 'praticien', 'expert', 'accompagnement']
	// Maximum loads: a fifth of the jurors without one, the others from 60 to 150 dossiers.
	const maxLoads = [null, 150, 120, 90, 60]
	const jurorList: JurorInput[] = Array.from({ length: jurors }, (_, i) => {
		const own = new Set<string>()
		while (own.size < 1 + (i % 2)) own.add(themeIds[pick(themes)]!)
		return { id: `juror-${String(i).padStart(3, '0')}`, kind: kinds[i % kinds.length]!, themeIds: [...own], maxLoad: maxLoads[i % maxLoads.length]! }
	})
	// Each dossier is carried by a consortium of 2 to 4 associations.
	const consortia: number[][] = []
	const applicationList: ApplicationInput[] = Array.from({ length: applications }, (_, i) => {
		const members = new Set<number>()
		const size = 2 + pick(3)
		while (members.size < size) members.add(pick(associations))
		consortia.push([...members])
		const own = new Set<string>([themeIds[pick(themes)]!])
		if (next() < 0.5) own.add(themeIds[pick(themes)]!)
		return { id: `application-${String(i).padStart(4, '0')}`, themeIds: [...own] }
	})
	// 150 (juror, association) conflicts, each excluding the juror from every dossier of that association.
	const pairs = new Set<string>()
	while (pairs.size < conflicts) pairs.add(`${pick(jurors)}:${pick(associations)}`)
	const dossiersOf = new Map<number, number[]>()
	consortia.forEach((members, a) => {
		for (const m of members) dossiersOf.set(m, [...(dossiersOf.get(m) ?? []), a])
	})
	const forbidden: Pair[] = []
	for (const pair of pairs) {
		const [j, association] = pair.split(':').map(Number) as [number, number]
		for (const a of dossiersOf.get(association) ?? []) forbidden.push({ jurorId: jurorList[j]!.id, applicationId: applicationList[a]!.id })
	}
	return { jurors: jurorList, applications: applicationList, forbidden, organisationConflicts: conflicts }
}

/**
 * The juror's scoring page the bench loads: the demo's chair (jury1, pilot edition) on the
 * first dossier assigned to them that they have not sent yet, so the page has the grid to fill
 * (a sent evaluation shows read-only: the bench measured one or the other from run to run, as
 * the assignments' order fell on their random ids). Read before the server starts (PGlite is
 * one process's database).
 */
export async function findScoringPage(): Promise<{ userId: string; path: string }> {
	const [row] = await db
		.select({ userId: users.id, callId: jurors.callId, applicationId: juryAssignments.applicationId })
		.from(juryAssignments)
		.innerJoin(jurors, eq(jurors.id, juryAssignments.jurorId))
		.innerJoin(users, eq(users.id, jurors.userId))
		.where(and(eq(users.email, 'jury1@demo.ensemble.test'), eq(jurors.status, 'active'), isNull(juryAssignments.submittedAt)))
		.orderBy(asc(juryAssignments.createdAt), asc(juryAssignments.applicationId))
		.limit(1)
	if (!row) throw new Error('Banc jury : la démo ne donne à jury1@demo.ensemble.test aucun dossier à noter.')
	return { userId: row.userId, path: `/jury/appels/${row.callId}/dossiers/${row.applicationId}` }
}

/** The automatic assignment's figures (everything of the `jury` line but the scoring page's ratio). */
export async function runJuryBench(perApplication = 3) {
	const dataset = buildJuryDataset()
	const started = performance.now()
	const plan = await planAssignment({ jurors: dataset.jurors, applications: dataset.applications, forbidden: dataset.forbidden, perApplication })
	const assignMs = Math.round(performance.now() - started)
	// A second run, the WebAssembly module already loaded (the server's usual case).
	const again = performance.now()
	await planAssignment({ jurors: dataset.jurors, applications: dataset.applications, forbidden: dataset.forbidden, perApplication })
	const warmMs = Math.round(performance.now() - again)

	const forbidden = new Set(dataset.forbidden.map((p) => `${p.jurorId}:${p.applicationId}`))
	const violated = plan.assignments.filter((p) => forbidden.has(`${p.jurorId}:${p.applicationId}`)).length
	const perDossier = new Map<string, number>()
	for (const p of plan.assignments) perDossier.set(p.applicationId, (perDossier.get(p.applicationId) ?? 0) + 1)
	const full = [...perDossier.values()].filter((n) => n === perApplication).length
	const belowMax = plan.loads.filter((l) => l.maxLoad === null || l.load < l.maxLoad).map((l) => l.load)
	const spread = belowMax.length ? Math.max(...belowMax) - Math.min(...belowMax) : 0
	const themed = plan.assignments.filter((p) => p.themeMatch).length
	console.log(`  ${dataset.forbidden.length} paires interdites (${dataset.organisationConflicts} conflits juré–association), ${plan.assignments.length} affectations, ${themed} sur un thème du juré`)
	console.log(`  charges : ${plan.loads.map((l) => `${l.load}${l.maxLoad === null ? '' : `/${l.maxLoad}`}`).join(' ')}`)
	console.log(`  résolution : ${plan.solver.method}, ${assignMs} ms (WebAssembly compris), ${warmMs} ms au second appel`)
	if (plan.short.length) console.log(`  dossiers incomplets : ${plan.short.length}, ex. ${plan.short[0]!.reason}`)
	return {
		applications: dataset.applications.length,
		jurors: dataset.jurors.length,
		per_application: perApplication,
		assigned: full,
		conflicts_violated: violated,
		load_spread: spread,
		assign_ms: assignMs,
	}
}
