/**
 * The follow-up of « Vivre ensemble 2026 » (issue 10), after its decisions (demo-decided.ts):
 * its retained dossiers carried on through the domain functions the pages call — agreement,
 * signatures, project start, payments, the end-of-project evaluation written by the consortium
 * and each association, sent, reviewed — each at a different step:
 *
 * - « Veillées de contes croisés » (asso7, asso8): signed by all, paid, evaluated, approved and
 *   closed — the whole story;
 * - « Scènes de quartier au jardin » (asso1, asso2): signed late, its first tranche unpaid
 *   more than 60 days after the signature (late); its evaluation sent, then reopened by the
 *   funder on the financial report, and not sent back by its due date (late);
 * - « Le foot des filles et des garçons » (asso3, asso2): its agreement signed by both
 *   associations, awaiting the funder's signature (gestion@ may sign it). It stays « retenu »:
 *   the browser story of the decisions (tests/e2e/decided-call.test.ts) renounces it.
 *
 * The call has three retained dossiers: none is left « sent, awaiting review » — the closed one
 * went through that step, and the reopened one comes back to it once asso1 sends it again.
 *
 * The demo's calendar is relative to today: the 2026 edition's projects ran over the past
 * year, so its follow-up dates are set from now (the call is decided: no page edits them any
 * more) and each step is dated through the domain functions' `now`, so that « late » holds on
 * whatever day the demo is started.
 */
import { and, eq } from 'drizzle-orm'
import { openAgreement, signAgreement } from '#app/domain/agreements/agreements.server.ts'
import { recordPayment } from '#app/domain/agreements/payments.server.ts'
import { startProject } from '#app/domain/follow-up/project.server.ts'
import { approveReport, openEvaluation, requestReportChanges, saveAssociationPart, saveConsortiumSection, submitReport } from '#app/domain/reports/evaluation-report.server.ts'
import { type ConsortiumSection } from '#app/domain/reports/options.ts'
import { db } from './client.server'
import { DECIDED_CALL_TITLE } from './demo-decided'
import { agreements, applications, calls, evaluations, memberships, payments, users } from './schema/index'

export const FOLLOW_UP_TITLES = {
	closed: 'Veillées de contes croisés (2026)',
	late: 'Scènes de quartier au jardin (2026)',
	awaitingFunder: 'Le foot des filles et des garçons (2026)',
} as const

const DAY_MS = 24 * 3600_000

function must<T extends { ok: boolean }>(result: T, what: string): Extract<T, { ok: true }> {
	if (!result.ok) throw new Error(`Données de démonstration : ${what} a échoué. ${'message' in result ? String(result.message) : ''}`)
	return result as Extract<T, { ok: true }>
}

/** The follow-up's days, relative to today: the projects ended six weeks ago, the evaluations were due ten days ago. */
export function followUpCalendar(now = new Date()) {
	const at = (days: number) => new Date(now.getTime() + days * DAY_MS)
	const day = (days: number) => at(days).toISOString().slice(0, 10)
	return {
		at,
		day,
		projectStartsOn: day(-330),
		projectEndsOn: day(-42),
		evaluationDueOn: day(-10),
	}
}

type Person = { id: string; organizationId: string | null }

async function referent(email: string): Promise<Person> {
	const [row] = await db
		.select({ id: users.id, organizationId: memberships.organizationId })
		.from(users)
		.innerJoin(memberships, eq(memberships.userId, users.id))
		.where(and(eq(users.email, email), eq(memberships.role, 'referent')))
	if (!row) throw new Error(`Données de démonstration : ${email} introuvable.`)
	return row
}

async function signAll(applicationId: string, signers: { person: Person; name: string; quality: string; funder?: boolean }[], at: Date) {
	const [agreement] = await db.select({ digest: agreements.contentSha256 }).from(agreements).where(eq(agreements.applicationId, applicationId))
	for (const { person, name, quality, funder } of signers) {
		must(
			await signAgreement({ user: person, applicationId, organizationId: funder ? null : person.organizationId, digest: agreement!.digest, signerName: name, signerQuality: quality, now: at }),
			`la signature de ${name}`,
		)
	}
}

async function payTranche(staff: Person, applicationId: string, position: number, paidOn: Date, reference: string) {
	const [tranche] = await db
		.select()
		.from(payments)
		.where(and(eq(payments.applicationId, applicationId), eq(payments.position, position)))
	must(await recordPayment({ user: staff, applicationId, paymentId: tranche!.id, paidOn, amountCents: tranche!.amountCents, reference }), `le versement ${reference}`)
}

async function partVersion(applicationId: string, organizationId: string | null) {
	const parts = await db.select().from(evaluations).where(eq(evaluations.applicationId, applicationId))
	return parts.find((p) => p.organizationId === organizationId)!.version
}

async function writeSections(user: Person, applicationId: string, sections: Partial<Record<ConsortiumSection, unknown>>) {
	for (const [section, values] of Object.entries(sections) as [ConsortiumSection, unknown][]) {
		must(await saveConsortiumSection({ user, applicationId, section, version: await partVersion(applicationId, null), values }), `la section « ${section} »`)
	}
}

async function writePart(user: Person, applicationId: string, values: Record<string, unknown>) {
	must(await saveAssociationPart({ user, applicationId, organizationId: user.organizationId!, version: await partVersion(applicationId, user.organizationId), values }), 'la partie d’une association')
}

export async function seedDemoFollowUp(now = new Date()): Promise<void> {
	const [call] = await db.select({ id: calls.id }).from(calls).where(eq(calls.title, DECIDED_CALL_TITLE))
	if (!call) throw new Error('Données de démonstration : appel 2026 introuvable.')
	const calendar = followUpCalendar(now)
	// The demo's one shortcut: the decided call's follow-up dates, set from today (demoCalendar does the same for the open call).
	await db
		.update(calls)
		.set({ projectStartsOn: calendar.projectStartsOn, projectEndsOn: calendar.projectEndsOn, evaluationDueOn: calendar.evaluationDueOn })
		.where(eq(calls.id, call.id))
	const dossiers = await db.select({ id: applications.id, title: applications.title }).from(applications).where(eq(applications.callId, call.id))
	const idOf = (title: string) => {
		const found = dossiers.find((d) => d.title === title)
		if (!found) throw new Error(`Données de démonstration : dossier « ${title} » introuvable.`)
		return found.id
	}
	const [staffUser] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'gestion@demo.ensemble.test'))
	const staff: Person = { id: staffUser!.id, organizationId: null }
	const asso = async (n: number) => referent(`asso${n}@demo.ensemble.test`)
	const funderSigner = { person: staff, name: 'Gaëlle Gestion', quality: 'Chargée de programme, Fondation Rail Solidaire', funder: true }

	await seedClosed(idOf(FOLLOW_UP_TITLES.closed), staff, await asso(7), await asso(8), funderSigner, calendar)
	await seedLate(idOf(FOLLOW_UP_TITLES.late), staff, await asso(1), await asso(2), funderSigner, calendar)

	// Le foot: both associations have signed; the funder has not yet.
	const foot = idOf(FOLLOW_UP_TITLES.awaitingFunder)
	must(await openAgreement({ user: staff, applicationId: foot }), 'la convention du foot')
	await signAll(
		foot,
		[
			{ person: await asso(3), name: 'Karim Benali', quality: 'Président, Foot Ensemble Vénissieux' },
			{ person: await asso(2), name: 'Léa Fontaine', quality: 'Co-présidente, Théâtre des Deux Rives' },
		],
		calendar.at(-3),
	)
}

type Calendar = ReturnType<typeof followUpCalendar>
type Signer = { person: Person; name: string; quality: string; funder?: boolean }

/** Veillées de contes croisés: the whole story, to its close. */
async function seedClosed(applicationId: string, staff: Person, conteurs: Person, maison: Person, funder: Signer, calendar: Calendar) {
	must(await openAgreement({ user: staff, applicationId }), 'la convention des veillées')
	await signAll(
		applicationId,
		[
			{ person: conteurs, name: 'Odette Marchand', quality: 'Présidente, Les Grands-Parents Conteurs' },
			{ person: maison, name: 'Samir Haddad', quality: 'Directeur, Maison des Associations de Grenoble' },
			funder,
		],
		calendar.at(-345),
	)
	await payTranche(staff, applicationId, 0, calendar.at(-322), 'VIR-2026-0412')
	must(await startProject({ user: staff, applicationId }), 'le début des veillées')
	must(await openEvaluation({ user: staff, applicationId, now: calendar.at(-42) }), 'l’ouverture de l’évaluation des veillées')
	await writeSections(conteurs, applicationId, {
		realisation: {
			whatWasDone:
				'Huit ateliers mensuels à la Maison des Associations, d’octobre à mai, ont réuni enfants des deux écoles et conteurs bénévoles ; un atelier d’illustration a donné un visage à chaque conte ; la veillée publique de juin a réuni près de deux cents personnes et chaque famille est repartie avec le recueil.',
			timetable: [
				{ actualDate: calendar.day(-318), note: 'Rencontre des familles dans les deux écoles, puis premier atelier.' },
				{ actualDate: calendar.day(-190), note: 'Deux séances au lieu d’une : l’illustratrice est revenue pour les plus jeunes.' },
				{ actualDate: calendar.day(-60), note: 'Veillée au jardin de la Maison des Associations.' },
			],
		},
		publics: { publicsReached: 'Enfants de 6 à 11 ans des écoles Les Trembles et La Fontaine, leurs parents, et des personnes âgées orientées par le CCAS.', participantsReached: '131' },
		indicateurs: {
			indicators: [
				{ reached: '64 enfants', comment: 'Dont 41 venus à au moins six ateliers.' },
				{ reached: '17 personnes', comment: 'Trois personnes orientées par le CCAS ne sont venues qu’une fois.' },
				{ reached: '34 contes', comment: '' },
			],
		},
		difficultes: {
			difficultiesMet: 'oui',
			temps: 'Les mercredis des conteurs et ceux de la Maison des Associations se chevauchaient : un calendrier commun a été fixé pour l’année en comité de pilotage.',
			communication: 'Les familles lisaient peu les affiches : les enseignantes ont relayé chaque atelier dans les cahiers de liaison.',
		},
		financier: {
			charges: [
				{ actual: '1 150', explanation: '' },
				{ actual: '3 900', explanation: 'Une seconde séance d’illustration pour les plus jeunes.' },
				{ actual: '420', explanation: 'Les conteurs ont organisé du covoiturage : moins de déplacements remboursés.' },
				{ actual: '4 200', explanation: '' },
				{ actual: '1 500', explanation: '' },
			],
			products: [
				{ actual: '2 000', explanation: '' },
				{ actual: '1 500', explanation: 'Le Département de l’Isère a accordé 1 500 € au lieu des 1 800 € demandés.' },
				{ actual: '1 500', explanation: '' },
			],
			coFunders: [
				{ name: 'Ville de Grenoble', amount: '2 000' },
				{ name: 'Département de l’Isère', amount: '1 500' },
			],
		},
	})
	await writePart(conteurs, applicationId, {
		involvementForms: ['comite_pilotage', 'convention_partenariat', 'outils_partages'],
		interest: 'fort',
		mobilisedOthers: 'oui',
		otherPartners: ['collectivites', 'etablissements'],
		newFunding: 'oui',
		newFundingDetails: 'La Ville de Grenoble soutient une deuxième saison dans le quartier Mistral.',
		notoriety: 'oui',
		continueTogether: 'oui',
		brought: 'Des salles et un relais vers les familles que nous n’avions pas ; six nouveaux conteurs, dont trois parents.',
		differently: 'Associer les enseignantes dès la préparation, pas seulement pour relayer les dates.',
	})
	await writePart(maison, applicationId, {
		involvementForms: ['comite_pilotage', 'convention_partenariat'],
		interest: 'fort',
		mobilisedOthers: 'oui',
		otherPartners: ['etablissements', 'habitants'],
		newFunding: 'non',
		notoriety: 'oui',
		continueTogether: 'oui',
		brought: 'Des familles qui ne connaissaient pas la Maison des Associations y viennent désormais pour d’autres activités.',
		differently: 'Prévoir dès le budget le temps de la chargée de mission pour la veillée, qui a demandé plus que prévu.',
	})
	must(await submitReport({ user: conteurs, applicationId, now: calendar.at(-20) }), 'l’envoi de l’évaluation des veillées')
	must(await approveReport({ user: staff, applicationId, now: calendar.at(-15) }), 'l’approbation de l’évaluation des veillées')
	// The balance, released by the approval, paid: the project is closed.
	await payTranche(staff, applicationId, 1, calendar.at(-6), 'VIR-2026-1187')
}

/** Scènes de quartier au jardin: signed late, its first tranche late; its evaluation reopened on the financial report and overdue. */
async function seedLate(applicationId: string, staff: Person, jardins: Person, theatre: Person, funder: Signer, calendar: Calendar) {
	must(await openAgreement({ user: staff, applicationId }), 'la convention des scènes')
	// Signed 75 days ago (the partial award made the consortium redo its budget): the first tranche is 15 days late.
	await signAll(
		applicationId,
		[
			{ person: jardins, name: 'Martine Rougier', quality: 'Présidente, Les Jardins Partagés du Faubourg' },
			{ person: theatre, name: 'Léa Fontaine', quality: 'Co-présidente, Théâtre des Deux Rives' },
			funder,
		],
		calendar.at(-75),
	)
	must(await startProject({ user: staff, applicationId }), 'le début des scènes')
	must(await openEvaluation({ user: staff, applicationId, now: calendar.at(-42) }), 'l’ouverture de l’évaluation des scènes')
	await writeSections(jardins, applicationId, {
		realisation: {
			whatWasDone:
				'Vingt-six ateliers de jardinage le samedi, des récits recueillis auprès de dix-neuf familles, six ateliers d’écriture et de théâtre, et une représentation au jardin jouée par vingt-deux habitants.',
			timetable: [
				{ actualDate: calendar.day(-300), note: '' },
				{ actualDate: calendar.day(-200), note: 'Ateliers au collège du quartier, le mardi après les cours.' },
				{ actualDate: calendar.day(-50), note: 'Reportée d’une semaine à cause de la pluie.' },
			],
		},
		publics: { publicsReached: 'Dix-neuf familles, dont onze primo-arrivantes orientées par le centre social ; des jardiniers retraités ; quatorze collégiens.', participantsReached: '84' },
		indicateurs: {
			indicators: [
				{ reached: '19 familles', comment: 'Plusieurs familles ont déménagé en cours d’année.' },
				{ reached: '240 personnes', comment: '' },
			],
		},
		difficultes: {
			difficultiesMet: 'oui',
			financement: 'La première tranche n’est pas encore arrivée : le Théâtre a avancé le cachet de la metteuse en scène.',
			realites: 'Le jardin vit le samedi matin, le théâtre le soir en semaine : les deux équipes se sont peu croisées avant le printemps.',
		},
		financier: {
			charges: [
				{ actual: '1 650', explanation: '' },
				{ actual: '900', explanation: '' },
				{ actual: '4 800', explanation: 'Plus de séances.' },
				{ actual: '2 700', explanation: '' },
			],
			products: [
				{ actual: '1 500', explanation: '' },
				{ actual: '1 000', explanation: '' },
			],
			coFunders: [
				{ name: 'Ville de Lyon', amount: '1 500' },
				{ name: 'CAF du Rhône', amount: '1 000' },
			],
		},
	})
	await writePart(jardins, applicationId, {
		involvementForms: ['reunions_ponctuelles', 'comite_pilotage'],
		interest: 'moyen',
		mobilisedOthers: 'oui',
		otherPartners: ['etablissements', 'habitants'],
		newFunding: 'non',
		notoriety: 'oui',
		continueTogether: 'peut_etre',
		brought: 'Des familles qui n’osaient pas entrer au jardin y ont maintenant leur parcelle.',
		differently: 'Écrire dès le départ qui fait quoi dans une convention entre nos deux associations.',
	})
	await writePart(theatre, applicationId, {
		involvementForms: ['reunions_ponctuelles'],
		interest: 'fort',
		mobilisedOthers: 'oui',
		otherPartners: ['etablissements'],
		newFunding: 'non',
		notoriety: 'oui',
		continueTogether: 'oui',
		brought: 'Des habitants sur scène qui ne seraient jamais venus au théâtre, et un public nouveau pour nos spectacles.',
		differently: 'Commencer les répétitions plus tôt et les tenir au jardin dès les beaux jours.',
	})
	must(await submitReport({ user: jardins, applicationId, now: calendar.at(-14) }), 'l’envoi de l’évaluation des scènes')
	must(
		await requestReportChanges({
			user: staff,
			applicationId,
			sections: ['financier'],
			message:
				'Merci de détailler l’écart sur l’intervention de la metteuse en scène (4 800 € au lieu de 3 600 €, +33 %) : combien de séances de plus, à quel tarif, et comment ce surcoût a été financé.',
		}),
		'la demande de modifications des scènes',
	)
}
