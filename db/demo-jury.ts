/**
 * The demo's second call, « Vivre ensemble — édition pilote 2026 », already at the jury
 * stage, so that a newcomer sees the second half of the lifecycle next to the open call:
 *
 * - three dossiers submitted by consortia of the demo associations, declared recevables;
 *   one named the network of Maisons des Associations as its accompanying structure, which
 *   gave a favourable opinion;
 * - a jury of three (jury1 chairs, jury2 is an associative practitioner who is also a
 *   member of « Les Grands-Parents Conteurs », jury3 an outside expert), who accepted
 *   their invitations;
 * - the call closed by hand and moved to the jury, which detects jury2's conflict of
 *   interest with the dossier that association co-carries;
 * - two jurors per dossier, assigned automatically (never jury2 on that dossier);
 * - jury1 and jury3 have sent an evaluation each, jury1 has started another.
 *
 * Everything goes through the domain functions the pages call, each in its own
 * transaction, so the audit trail and the emails are what the portal would produce.
 * Runs after seed.ts has committed the accounts, the associations and the call.
 */
import { and, asc, eq } from 'drizzle-orm'
import { closeCall, publishCall } from '#app/domain/calls/call-management.server.ts'
import { decideAdmissibility } from '#app/domain/applications/instruction.server.ts'
import { answerJuryInvitation, inviteJuror } from '#app/domain/jury/composition.server.ts'
import { applyAssignment, updateJurySettings } from '#app/domain/jury/assignment.server.ts'
import { saveEvaluation, sendEvaluation } from '#app/domain/jury/evaluation.server.ts'
import { startJury } from '#app/domain/jury/jury-lifecycle.server.ts'
import { giveOpinion } from '#app/domain/supporters/opinions.server.ts'
import type { JurorSettings } from '#app/domain/jury/composition.ts'
import { db } from './client.server'
import { DEMO_APPLICATIONS, type DemoApplication, seedDemoApplications } from './demo-applications'
import { applications, calls, criteria, juryAssignments, jurors, themes, users } from './schema/index'

export const PILOT_CALL_TITLE = 'Vivre ensemble — édition pilote 2026'

/** The pilot's dossiers: three of the open call's projects, as their consortia carried them a year earlier. */
const PILOT_TITLES: Record<string, string> = {
	'Le terrain est à tout le monde': 'Le terrain est à tout le monde — saison pilote',
	'Sentiers partagés du Forez': 'Premiers sentiers partagés du Forez',
	'Contes croisés à la Villeneuve': 'Contes croisés, première veillée',
}

function pilotDemos(): DemoApplication[] {
	return DEMO_APPLICATIONS.filter((demo) => demo.title in PILOT_TITLES).map((demo) => ({
		...demo,
		title: PILOT_TITLES[demo.title]!,
		partners: demo.partners.map((partner) => ({ ...partner, confirms: true })),
		outcome: 'submitted' as const,
	}))
}

function must<T extends { ok: boolean }>(result: T, what: string): Extract<T, { ok: true }> {
	if (!result.ok) throw new Error(`Données de démonstration : ${what} a échoué. ${'message' in result ? String(result.message) : ''}`)
	return result as Extract<T, { ok: true }>
}

/** The jurors' seats: who they are for the assignment (themes by label). */
const PILOT_JURY: { n: number; settings: Omit<JurorSettings, 'themeIds'> & { themes: string[] } }[] = [
	{ n: 1, settings: { kind: 'funder_member', themes: ['Intergénérationnel', 'Interculturel'], territories: ['69'], maxLoad: null, isChair: true } },
	{ n: 2, settings: { kind: 'association_practitioner', themes: ['Intergénérationnel', 'Rencontre handicap/valide'], territories: ['38', '42'], maxLoad: 3, isChair: false } },
	{ n: 3, settings: { kind: 'external_expert', themes: ['Mixité entre filles et garçons', 'Interculturel'], territories: [], maxLoad: 3, isChair: false } },
]

export async function seedDemoJury(): Promise<void> {
	const [call] = await db.select({ id: calls.id }).from(calls).where(eq(calls.title, PILOT_CALL_TITLE))
	const [staff] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'gestion@demo.ensemble.test'))
	if (!call || !staff) throw new Error('Données de démonstration : appel pilote ou gestionnaire introuvable.')
	const callId = call.id
	must(await publishCall({ user: staff, callId }), 'la publication de l’appel pilote')

	const dossiers = await seedDemoApplications({ callTitle: PILOT_CALL_TITLE, demos: pilotDemos() })
	must(await closeCall({ user: staff, callId }), 'la clôture de l’appel pilote')
	for (const [title, applicationId] of dossiers) {
		must(await decideAdmissibility({ user: staff, callId, applicationId, decision: 'admissible', reason: '' }), `la recevabilité de « ${title} »`)
	}

	const callThemes = await db.select({ id: themes.id, label: themes.label }).from(themes).where(eq(themes.callId, callId))
	for (const { n, settings } of PILOT_JURY) {
		const email = `jury${n}@demo.ensemble.test`
		const { themes: labels, ...seat } = settings
		const themeIds = labels.map((label) => callThemes.find((theme) => theme.label === label)!.id)
		const invitation = must(await inviteJuror({ user: staff, callId, email, settings: { ...seat, themeIds } }), `l’invitation de ${email} au jury`)
		const [juror] = await db.select({ id: users.id, email: users.email }).from(users).where(and(eq(users.email, email)))
		must(await answerJuryInvitation({ user: { ...juror!, emailVerified: true }, token: invitation.token, answer: 'accept' }), `l’acceptation de ${email}`)
	}
	// The Maison des Associations that accompanied « Premiers sentiers partagés du Forez » gives its opinion.
	const [supporterStaff] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'mda@demo.ensemble.test'))
	must(
		await giveOpinion({
			user: supporterStaff!,
			applicationId: dossiers.get(PILOT_TITLES['Sentiers partagés du Forez']!)!,
			verdict: 'favourable',
			text: 'Nous avons accompagné les trois associations pendant six mois : la répartition des rôles est claire, le comité de pilotage s’est réuni chaque mois et les bénévoles des deux clubs se connaissent déjà. Un point d’attention : prévoir un relais si la coordinatrice de Handi’Cap Loire s’absente.',
		}),
		'l’avis de la structure d’accompagnement',
	)
	// Entering the jury detects jury2's conflict (a member of an association of « Contes croisés »).
	must(await startJury({ user: staff, callId }), 'l’ouverture du jury de l’appel pilote')

	// Two jurors per dossier; then the automatic assignment, one email per juror.
	const [pilot] = await db.select({ version: calls.version }).from(calls).where(eq(calls.id, callId))
	must(
		await updateJurySettings({
			user: staff,
			callId,
			settings: { version: pilot!.version, jurorsPerApplication: 2, requiredJurorKind: null, juryScoresVisibility: 'after_sending' },
		}),
		'les réglages du jury pilote',
	)
	must(await applyAssignment({ user: staff, callId }), 'l’affectation des dossiers pilotes')
	await seedDemoEvaluations(callId)
}

/** What the jurors wrote, by juror number: scores on the three criteria of the grid (each out of 5) and comments. */
const PILOT_EVALUATIONS: { n: number; send: boolean; values: [number, number, number]; comments: [string, string, string]; opinion: string }[] = [
	{
		n: 1,
		send: true,
		values: [4, 5, 3],
		comments: [
			'Rôles bien partagés, un binôme de coordination qui se réunit vraiment.',
			'Des publics qui ne se croisent pas ailleurs : c’est le cœur de l’appel.',
			'Calendrier serré au printemps ; budget cohérent.',
		],
		opinion: 'Projet solide et sincère dans sa coopération. Favorable.',
	},
	{
		n: 3,
		send: true,
		values: [3, 4, 4],
		comments: ['La gouvernance commune reste à préciser au-delà des réunions.', 'Bonne mixité des publics attendue.', 'Budget réaliste, cofinancements identifiés.'],
		opinion: 'Favorable, sous réserve d’un comité de pilotage formalisé.',
	},
	{
		n: 1,
		send: false,
		values: [3, 0, 0],
		comments: ['Première lecture : coopération ancienne entre les deux clubs.', '', ''],
		opinion: '',
	},
]

/** Some evaluations sent, one started: the jurors' progress and the blind rule show at once. */
async function seedDemoEvaluations(callId: string) {
	const grid = await db.select({ id: criteria.id }).from(criteria).where(eq(criteria.callId, callId)).orderBy(asc(criteria.position))
	const assignments = await db
		.select({ email: users.email, userId: users.id, applicationId: juryAssignments.applicationId, version: juryAssignments.version })
		.from(juryAssignments)
		.innerJoin(jurors, eq(jurors.id, juryAssignments.jurorId))
		.innerJoin(users, eq(users.id, jurors.userId))
		.innerJoin(applications, eq(applications.id, juryAssignments.applicationId))
		.where(eq(jurors.callId, callId))
		.orderBy(asc(applications.title))
	const used = new Set<string>()
	for (const evaluation of PILOT_EVALUATIONS) {
		const email = `jury${evaluation.n}@demo.ensemble.test`
		const assignment = assignments.find((a) => a.email === email && !used.has(`${email}:${a.applicationId}`))
		if (!assignment) throw new Error(`Données de démonstration : aucun dossier pour ${email}.`)
		used.add(`${email}:${assignment.applicationId}`)
		const input = {
			version: assignment.version,
			generalOpinion: evaluation.opinion,
			scores: grid.map((criterion, i) => ({ criterionId: criterion.id, value: evaluation.send || i === 0 ? evaluation.values[i]! : null, comment: evaluation.comments[i]! })),
		}
		const write = evaluation.send ? sendEvaluation : saveEvaluation
		must(await write({ user: { id: assignment.userId }, callId, applicationId: assignment.applicationId, input }), `l’évaluation de ${email}`)
	}
}
