/**
 * The demo's third call, « Vivre ensemble 2026 », carried to the end of its deliberation
 * (issue 9), so that a newcomer sees a decided call next to the open one and the pilot at
 * the jury stage:
 *
 * - the five projects of the demo's consortia, submitted and declared recevables;
 * - the same jury of three (jury1 chairs; jury2's membership of « Les Grands-Parents
 *   Conteurs » is detected as a conflict of interest), three jurors per dossier when no
 *   conflict keeps one away, every evaluation sent — jury3 marks harder than the others,
 *   which the calibration corrects;
 * - the deliberation: decisions within the envelope (retained, waiting list, not retained,
 *   each with its motivation), the chair's validation, the close with its minutes, and the
 *   decision letters sent to every association.
 *
 * Everything goes through the domain functions the pages call, each in its own transaction.
 */
import { asc, eq } from 'drizzle-orm'
import { closeCall, publishCall } from '#app/domain/calls/call-management.server.ts'
import { decideAdmissibility } from '#app/domain/applications/instruction.server.ts'
import { answerJuryInvitation, inviteJuror } from '#app/domain/jury/composition.server.ts'
import { applyAssignment, updateJurySettings } from '#app/domain/jury/assignment.server.ts'
import { sendEvaluation } from '#app/domain/jury/evaluation.server.ts'
import { startDeliberation, startJury } from '#app/domain/jury/jury-lifecycle.server.ts'
import { policyUserOf } from '#app/auth/policy/load.server.ts'
import { closeDeliberation, validateDecisions } from '#app/domain/deliberation/closing.server.ts'
import { decide } from '#app/domain/deliberation/decisions.server.ts'
import { startDecisionLetters } from '#app/domain/letters/decision-letters.server.ts'
import { runJobsOnce } from '#app/services/jobs.server.ts'
import { db } from './client.server'
import { DEMO_APPLICATIONS, type DemoApplication, seedDemoApplications } from './demo-applications'
import { applications, calls, criteria, juryAssignments, jurors, themes, users } from './schema/index'

export const DECIDED_CALL_TITLE = 'Vivre ensemble 2026'

/** The 2026 edition's dossiers: the five consortia's projects, as they carried them the year before. */
export const DECIDED_TITLES: Record<string, string> = {
	'Jardins du monde, scènes de quartier': 'Scènes de quartier au jardin (2026)',
	'Contes croisés à la Villeneuve': 'Veillées de contes croisés (2026)',
	'Le terrain est à tout le monde': 'Le foot des filles et des garçons (2026)',
	'Sentiers partagés du Forez': 'Randonnées partagées du Forez (2026)',
	'Cuisines et mémoires d’exil': 'Cuisines et mémoires d’exil (2026)',
}

function decidedDemos(): DemoApplication[] {
	return DEMO_APPLICATIONS.map((demo) => ({
		...demo,
		title: DECIDED_TITLES[demo.title]!,
		partners: demo.partners.map((partner) => ({ ...partner, confirms: true })),
		outcome: 'submitted' as const,
	}))
}

function must<T extends { ok: boolean }>(result: T, what: string): Extract<T, { ok: true }> {
	if (!result.ok) throw new Error(`Données de démonstration : ${what} a échoué. ${'message' in result ? String(result.message) : ''}`)
	return result as Extract<T, { ok: true }>
}

/**
 * Each juror's marks (three criteria, each on 5) by dossier. jury3 is the harsh one: about
 * a point below the others on every dossier they share.
 */
const MARKS: Record<string, Record<number, [number, number, number]>> = {
	'Scènes de quartier au jardin (2026)': { 1: [4, 4, 4], 2: [4, 5, 3], 3: [3, 4, 3] },
	'Veillées de contes croisés (2026)': { 1: [5, 4, 4], 2: [4, 4, 4], 3: [4, 3, 3] },
	'Le foot des filles et des garçons (2026)': { 1: [4, 5, 4], 2: [5, 5, 4], 3: [4, 4, 3] },
	'Randonnées partagées du Forez (2026)': { 1: [3, 3, 4], 2: [3, 2, 3], 3: [2, 2, 3] },
	'Cuisines et mémoires d’exil (2026)': { 1: [2, 3, 3], 2: [3, 2, 2], 3: [1, 2, 2] },
}

const COMMENTS: [string, string, string] = [
	'Les rôles de chaque association sont écrits et tenus.',
	'Des publics qui se croisent peu se rencontrent vraiment.',
	'Budget et calendrier tenables.',
]

export async function seedDemoDecidedCall(): Promise<void> {
	const [call] = await db.select({ id: calls.id }).from(calls).where(eq(calls.title, DECIDED_CALL_TITLE))
	const [staff] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'gestion@demo.ensemble.test'))
	if (!call || !staff) throw new Error('Données de démonstration : appel 2026 ou gestionnaire introuvable.')
	const callId = call.id
	must(await publishCall({ user: staff, callId }), 'la publication de l’appel 2026')

	const dossiers = await seedDemoApplications({ callTitle: DECIDED_CALL_TITLE, demos: decidedDemos() })
	must(await closeCall({ user: staff, callId }), 'la clôture de l’appel 2026')
	for (const [title, applicationId] of dossiers) {
		must(await decideAdmissibility({ user: staff, callId, applicationId, decision: 'admissible', reason: '' }), `la recevabilité de « ${title} »`)
	}

	const callThemes = await db.select({ id: themes.id }).from(themes).where(eq(themes.callId, callId))
	const kinds = ['funder_member', 'association_practitioner', 'external_expert'] as const
	for (const n of [1, 2, 3]) {
		const email = `jury${n}@demo.ensemble.test`
		const settings = { kind: kinds[n - 1]!, themeIds: callThemes.map((t) => t.id), territories: [], maxLoad: null, isChair: n === 1 }
		const invitation = must(await inviteJuror({ user: staff, callId, email, settings }), `l’invitation de ${email} au jury 2026`)
		const [juror] = await db.select({ id: users.id, email: users.email }).from(users).where(eq(users.email, email))
		must(await answerJuryInvitation({ user: { ...juror!, emailVerified: true }, token: invitation.token, answer: 'accept' }), `l’acceptation de ${email}`)
	}
	must(await startJury({ user: staff, callId }), 'l’ouverture du jury 2026')
	const [row] = await db.select({ version: calls.version }).from(calls).where(eq(calls.id, callId))
	must(
		await updateJurySettings({ user: staff, callId, settings: { version: row!.version, jurorsPerApplication: 3, requiredJurorKind: null, juryScoresVisibility: 'after_sending' } }),
		'les réglages du jury 2026',
	)
	must(await applyAssignment({ user: staff, callId }), 'l’affectation des dossiers 2026')

	// Every assigned evaluation is sent (jury2 was kept away from the dossier it is in conflict with).
	const grid = await db.select({ id: criteria.id }).from(criteria).where(eq(criteria.callId, callId)).orderBy(asc(criteria.position))
	const assignments = await db
		.select({ email: users.email, userId: users.id, applicationId: juryAssignments.applicationId, title: applications.title, version: juryAssignments.version })
		.from(juryAssignments)
		.innerJoin(jurors, eq(jurors.id, juryAssignments.jurorId))
		.innerJoin(users, eq(users.id, jurors.userId))
		.innerJoin(applications, eq(applications.id, juryAssignments.applicationId))
		.where(eq(jurors.callId, callId))
	for (const assignment of assignments) {
		const n = Number(assignment.email.match(/^jury(\d)@/)![1])
		const marks = MARKS[assignment.title]?.[n]
		if (!marks) throw new Error(`Données de démonstration : pas de notes pour ${assignment.email} sur « ${assignment.title} ».`)
		const input = {
			version: assignment.version,
			generalOpinion: marks[0] + marks[1] >= 8 ? 'Favorable : une coopération réelle, bien répartie.' : 'Réservé : la coopération reste à construire.',
			scores: grid.map((criterion, i) => ({ criterionId: criterion.id, value: marks[i]!, comment: COMMENTS[i]! })),
		}
		must(await sendEvaluation({ user: { id: assignment.userId }, callId, applicationId: assignment.applicationId, input }), `l’évaluation de ${assignment.email}`)
	}
	must(await startDeliberation({ user: staff, callId }), 'l’ouverture de la délibération 2026')
	await seedDemoDecisions(callId, staff, dossiers)
}

/**
 * The deliberation of 2026 (envelope 20 000 €): three retained — the third with a partial
 * award so that the envelope is used to the euro —, one on the waiting list, one not
 * retained; the chair validates, the staff close (the minutes are stored), and the letters go
 * to every association through the background job, as the « Courriers » page does it.
 */
const DECISIONS: { title: string; decision: 'selected' | 'waitlisted' | 'rejected'; amountCents?: number; motivation: string }[] = [
	{
		title: 'Le foot des filles et des garçons (2026)',
		decision: 'selected',
		amountCents: 800_000,
		motivation: 'Une coopération exemplaire : les deux clubs et l’association de parents partagent l’encadrement, et la mixité est pensée à chaque séance.',
	},
	{
		title: 'Veillées de contes croisés (2026)',
		decision: 'selected',
		amountCents: 570_000,
		motivation: 'Des publics qui ne se croisent pas ailleurs, une répartition des rôles claire entre conteurs et centre social.',
	},
	{
		title: 'Scènes de quartier au jardin (2026)',
		decision: 'selected',
		amountCents: 630_000,
		motivation: 'Projet retenu ; le montant est ajusté à ce que l’enveloppe permet (6 300 € sur 6 500 € demandés).',
	},
	{
		title: 'Randonnées partagées du Forez (2026)',
		decision: 'waitlisted',
		motivation: 'Un projet solide, classé juste après la ligne de financement : il sera retenu si un montant se libère.',
	},
	{
		title: 'Cuisines et mémoires d’exil (2026)',
		decision: 'rejected',
		motivation: 'Le jury a apprécié l’intention, mais la coopération entre les associations reste à construire : les rôles de chacune et le budget commun sont trop imprécis. Nous vous encourageons à présenter de nouveau le projet.',
	},
]

async function seedDemoDecisions(callId: string, staff: { id: string }, dossiers: Map<string, string>) {
	for (const { title, decision, amountCents, motivation } of DECISIONS) {
		const applicationId = dossiers.get(title)
		if (!applicationId) throw new Error(`Données de démonstration : dossier « ${title} » introuvable.`)
		const outcome = await decide({ user: staff, callId, applicationId, decision, amountCents, motivation })
		if (!outcome) throw new Error(`Données de démonstration : la décision sur « ${title} » n’a pas trouvé le dossier.`)
		must(outcome, `la décision sur « ${title} »`)
	}
	const [chair] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'jury1@demo.ensemble.test'))
	must(await validateDecisions({ user: chair!, callId }), 'la validation des décisions par la présidence')
	must(await closeDeliberation({ user: staff, callId }), 'la clôture de la délibération 2026')
	must(await startDecisionLetters({ user: await policyUserOf(db, staff), callId }), 'l’envoi des courriers de décision')
	await runJobsOnce()
}
