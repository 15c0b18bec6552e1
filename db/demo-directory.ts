/**
 * The partner directory of the demo (issue 12), through the same domain functions as the
 * pages: the demo associations' public profiles (six published, two left unpublished), a
 * conversation through the portal already answered (addresses revealed), and a partner
 * suggested by the demo's supporter structure (Réseau des Maisons des Associations, Rhône).
 */
import { and, eq } from 'drizzle-orm'
import { replyToContact, startContact } from '#app/domain/directory/contacts.server.ts'
import type { ProfileInput } from '#app/domain/directory/options.ts'
import { saveProfile, setProfilePublished } from '#app/domain/directory/profiles.server.ts'
import { recommendPartner } from '#app/domain/directory/recommendations.server.ts'
import { db } from './client.server'
import { memberships, users } from './schema/index'

async function account(email: string, role: 'referent' | 'staff') {
	const [row] = await db
		.select({ id: users.id, organizationId: memberships.organizationId })
		.from(users)
		.innerJoin(memberships, eq(memberships.userId, users.id))
		.where(and(eq(users.email, email), eq(memberships.role, role)))
	if (!row) throw new Error(`Données de démonstration : ${email} introuvable.`)
	return row
}

type Profile = Omit<ProfileInput, 'communes'> & { communes: string[]; published: boolean }

const PROFILES: Record<string, Profile> = {
	'asso1@demo.ensemble.test': {
		presentation:
			'Nous animons trois jardins partagés dans le 3e arrondissement : ateliers de jardinage avec les écoles, repas de quartier, troc de graines. Nous voulons ouvrir nos jardins à des projets culturels et intergénérationnels.',
		communes: ['Lyon', 'Villeurbanne'],
		publics: ['familles', 'seniors', 'quartier'],
		themes: ['intergenerationnel', 'environnement', 'citoyennete'],
		offers: ['locaux', 'materiel', 'benevoles'],
		needs: ['competences', 'communication'],
		offerDetails: 'Deux jardins de 800 m² avec un abri et une cuisine d’été, disponibles le samedi.',
		needDetails: 'Des artistes ou conteurs pour animer les jardins, et de l’aide pour notre communication.',
		published: true,
	},
	'asso2@demo.ensemble.test': {
		presentation: 'Compagnie de théâtre amateur et ateliers d’expression pour enfants et adultes, en salle et hors les murs.',
		communes: ['Villeurbanne', 'Lyon', 'Vaulx-en-Velin'],
		publics: ['enfants', 'jeunes', 'adultes'],
		themes: ['interculturel', 'culture', 'mixite_filles_garcons'],
		offers: ['competences', 'communication'],
		needs: ['locaux', 'public'],
		offerDetails: 'Metteurs en scène bénévoles, ateliers clés en main, affiches et réseaux sociaux.',
		needDetails: 'Des lieux de répétition en plein air et des publics nouveaux.',
		published: true,
	},
	'asso3@demo.ensemble.test': {
		presentation: 'Club de football ouvert à toutes et tous, avec une section féminine et des stages pendant les vacances.',
		communes: ['Vénissieux', 'Saint-Fons'],
		publics: ['enfants', 'jeunes', 'quartier'],
		themes: ['mixite_filles_garcons', 'sport', 'handicap_valide'],
		offers: ['benevoles', 'public', 'transport'],
		needs: ['competences', 'financement'],
		offerDetails: 'Un minibus de neuf places et des éducateurs diplômés.',
		needDetails: 'Des partenaires pour accueillir des joueurs en situation de handicap.',
		published: true,
	},
	'asso4@demo.ensemble.test': {
		presentation: 'Collecte de récits de vie et ateliers d’écriture autour des mémoires de l’immigration à Saint-Étienne.',
		communes: ['Saint-Étienne'],
		publics: ['seniors', 'migrants', 'jeunes'],
		themes: ['interculturel', 'intergenerationnel', 'education'],
		offers: ['competences', 'reseau'],
		needs: ['public', 'locaux'],
		offerDetails: '',
		needDetails: '',
		published: true,
	},
	'asso5@demo.ensemble.test': {
		presentation: 'Sport adapté, sorties nature et accompagnement de personnes en situation de handicap dans le Roannais.',
		communes: ['Roanne'],
		publics: ['handicap', 'familles'],
		themes: ['handicap_valide', 'sport', 'environnement'],
		offers: ['competences', 'materiel', 'transport'],
		needs: ['benevoles', 'public'],
		offerDetails: 'Joëlettes et vélos adaptés, encadrants formés.',
		needDetails: 'Des clubs valides pour des rencontres régulières.',
		published: true,
	},
	'asso6@demo.ensemble.test': {
		presentation: 'Groupe de parole et d’entraide de femmes du Forez.',
		communes: ['Montbrison'],
		publics: ['adultes'],
		themes: ['solidarite'],
		offers: ['reseau'],
		needs: ['locaux'],
		offerDetails: '',
		needDetails: '',
		published: false,
	},
	'asso7@demo.ensemble.test': {
		presentation: 'Des grands-parents bénévoles racontent des contes du monde entier dans les écoles, les bibliothèques et les maisons de retraite.',
		communes: ['Grenoble', 'Échirolles'],
		publics: ['enfants', 'seniors'],
		themes: ['intergenerationnel', 'interculturel', 'culture'],
		offers: ['benevoles', 'competences'],
		needs: ['public', 'communication'],
		offerDetails: 'Une vingtaine de conteurs et conteuses, en français et dans huit autres langues.',
		needDetails: '',
		published: true,
	},
	'asso8@demo.ensemble.test': {
		presentation: 'Accueil, conseil et locaux pour les associations grenobloises.',
		communes: ['Grenoble'],
		publics: ['tous'],
		themes: ['citoyennete'],
		offers: ['locaux', 'reseau'],
		needs: [],
		offerDetails: '',
		needDetails: '',
		published: false,
	},
}

export async function seedDemoDirectory() {
	const ids: Record<string, { id: string; organizationId: string }> = {}
	for (const [email, { published, communes, ...values }] of Object.entries(PROFILES)) {
		const referent = await account(email, 'referent')
		ids[email] = referent
		const saved = await saveProfile({ user: referent, organizationId: referent.organizationId, values: { ...values, communes: communes.join('\n') } })
		if (!saved.ok) throw new Error(`Démo : profil de ${email} refusé (${saved.message})`)
		if (published) {
			const outcome = await setProfilePublished({ user: referent, organizationId: referent.organizationId, published: true })
			if (!outcome.ok) throw new Error(`Démo : profil de ${email} non publié (${outcome.message})`)
		}
	}
	// The football club writes to the gardens, which answer: both now see each other's address.
	const foot = ids['asso3@demo.ensemble.test']!
	const gardens = ids['asso1@demo.ensemble.test']!
	const contact = await startContact({
		user: foot,
		organizationId: gardens.organizationId,
		senderOrganizationId: foot.organizationId,
		subject: 'Un tournoi au jardin ?',
		message: 'Bonjour, nous aimerions organiser un après-midi foot et jardinage avec nos jeunes joueuses et vos jardiniers. Auriez-vous un samedi en juin ?',
	})
	if (!contact.ok) throw new Error(`Démo : message refusé (${contact.message})`)
	const answer = await replyToContact({ user: gardens, contactId: contact.contactId, message: 'Avec plaisir ! Le samedi 14 juin, le jardin de la rue Paul-Bert est libre. Écrivez-nous directement pour préparer.' })
	if (!answer.ok) throw new Error(`Démo : réponse refusée (${answer.message})`)
	// The supporter structure (Rhône) suggests the theatre company to the football club.
	const mda = await account('mda@demo.ensemble.test', 'staff')
	const recommended = await recommendPartner({
		user: mda,
		recommendedOrganizationId: ids['asso2@demo.ensemble.test']!.organizationId,
		toOrganizationId: foot.organizationId,
		note: 'Le Théâtre des Deux Rives cherche des publics nouveaux et travaille sur la mixité : une belle piste pour votre section féminine.',
	})
	if (!recommended.ok) throw new Error(`Démo : suggestion refusée (${recommended.message})`)
}
