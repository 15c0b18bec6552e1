/**
 * « Je cherche des partenaires » and the tirage au sort on « Vivre ensemble 2027 » (issue 12),
 * through the same domain functions as the pages:
 *
 * - « Rencontres sportives handi-valides à Roanne » — Handi’Cap Loire (asso5) looks for a
 *   sports club; Foot Ensemble Vénissieux (asso3) answered, its answer is pending (asso5 may
 *   accept or decline it);
 * - « Mémoires de femmes du Forez » — Femmes Solidaires du Forez (asso6) looked for an
 *   association that collects life stories; Mémoires d’Ici et d’Ailleurs (asso4) answered and
 *   asso6 accepted: its draft was created from the announcement and asso4 is invited on it
 *   (asso4 confirms or declines from « Mes dossiers »).
 *
 * The tirage au sort is enabled on the call (groups of two) with six volunteers, three in the
 * Rhône (asso1, asso2, asso3) and three in the Loire (asso4, asso5, asso6). It is not drawn:
 * gestion@ launches it from /gestion/appels/:id/tirage and sees the groups, the seed and the
 * waiting lists.
 */
import { eq } from 'drizzle-orm'
import { createAnnouncement } from '#app/domain/partners/announcements.server.ts'
import { acceptAnswer, answerAnnouncement } from '#app/domain/partners/answers.server.ts'
import { setDrawSettings, volunteerForDraw } from '#app/domain/partners/draw.server.ts'
import { db } from './client.server'
import { calls, memberships, themes, users } from './schema/index'

export const DEMO_ANNOUNCEMENT_TITLES = {
	pending: 'Rencontres sportives handi-valides à Roanne',
	accepted: 'Mémoires de femmes du Forez',
} as const

function must<T extends { ok: boolean }>(result: T, what: string): Extract<T, { ok: true }> {
	if (!result.ok) throw new Error(`Données de démonstration : ${what} a échoué. ${'message' in result ? String(result.message) : ''}`)
	return result as Extract<T, { ok: true }>
}

async function referent(n: number) {
	const [row] = await db
		.select({ id: users.id, organizationId: memberships.organizationId })
		.from(users)
		.innerJoin(memberships, eq(memberships.userId, users.id))
		.where(eq(users.email, `asso${n}@demo.ensemble.test`))
	return row!
}

export async function seedDemoAnnouncements(): Promise<void> {
	const [call] = await db.select({ id: calls.id }).from(calls).where(eq(calls.title, 'Vivre ensemble 2027'))
	const callThemes = await db.select({ id: themes.id, label: themes.label }).from(themes).where(eq(themes.callId, call!.id))
	const theme = (label: string) => callThemes.filter((t) => t.label === label).map((t) => t.id)
	const [asso1, asso2, asso3, asso4, asso5, asso6] = await Promise.all([1, 2, 3, 4, 5, 6].map(referent))

	const pending = must(
		await createAnnouncement({
			user: asso5!,
			callId: call!.id,
			organizationId: asso5!.organizationId,
			title: DEMO_ANNOUNCEMENT_TITLES.pending,
			project:
				'Des après-midis sportifs où des joueurs en fauteuil et des joueurs valides forment les mêmes équipes : basket fauteuil, boccia, cécifoot. Un tournoi de fin de saison ouvert aux familles.',
			lookingFor: 'Un club sportif prêt à mêler ses licenciés aux nôtres, avec un terrain ou un gymnase, et des éducateurs curieux du handisport.',
			themeIds: theme('Rencontre handicap/valide'),
		}),
		'l’annonce de Handi’Cap Loire',
	)
	must(
		await answerAnnouncement({
			user: asso3!,
			callId: call!.id,
			announcementId: pending.announcementId,
			organizationId: asso3!.organizationId,
			message: 'Nos équipes mixtes de Vénissieux aimeraient essayer le cécifoot : nous avons deux éducateurs diplômés et un city-stade le samedi après-midi.',
		}),
		'la réponse de Foot Ensemble Vénissieux',
	)

	const accepted = must(
		await createAnnouncement({
			user: asso6!,
			callId: call!.id,
			organizationId: asso6!.organizationId,
			title: DEMO_ANNOUNCEMENT_TITLES.accepted,
			project: 'Recueillir les récits de femmes du Forez, arrivées d’ailleurs ou nées ici, et les faire lire par des collégiennes et des collégiens lors de soirées publiques.',
			lookingFor: 'Une association qui sait recueillir et mettre en forme des récits de vie, idéalement dans la Loire.',
			themeIds: [...theme('Interculturel'), ...theme('Mixité entre filles et garçons')],
		}),
		'l’annonce de Femmes Solidaires du Forez',
	)
	const answer = must(
		await answerAnnouncement({
			user: asso4!,
			callId: call!.id,
			announcementId: accepted.announcementId,
			organizationId: asso4!.organizationId,
			message: 'Nous recueillons des mémoires d’exil à Saint-Étienne depuis dix ans : enregistrements, transcriptions, lectures publiques. Travaillons ensemble !',
		}),
		'la réponse de Mémoires d’Ici et d’Ailleurs',
	)
	must(await acceptAnswer({ user: asso6!, callId: call!.id, answerId: answer.answerId }), 'l’acceptation de la réponse')

	const [staff] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'gestion@demo.ensemble.test'))
	must(await setDrawSettings({ user: staff!, callId: call!.id, enabled: true, groupSize: 2 }), 'l’activation du tirage au sort')
	for (const association of [asso1, asso2, asso3, asso4, asso5, asso6]) {
		must(await volunteerForDraw({ user: association!, callId: call!.id, organizationId: association!.organizationId }), 'l’inscription au tirage')
	}
}
