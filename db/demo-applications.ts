/**
 * The demo's applications, one in every state, built through the domain functions (the
 * same ones the pages call), so that their data, audit events, receipts and emails are
 * exactly what the portal would produce:
 *
 * - « Jardins du monde, scènes de quartier » — draft, association 1 leads, association 2 is
 *   invited and has not answered yet;
 * - « Contes croisés à la Villeneuve » — draft ready to be submitted (nothing missing);
 * - « Le terrain est à tout le monde » and « Sentiers partagés du Forez » — submitted;
 * - « Cuisines et mémoires d’exil » — submitted, then declared irrecevable by the funder.
 *
 * On « Le terrain est à tout le monde », the funder's staff and the lead exchange messages
 * and an open request for a missing piece reopens the budget for two weeks.
 *
 * Runs after the rest of the demo (seed.ts) has committed: users, associations and the call
 * are looked up by their demo email, SIRET and title.
 */
import { and, asc, eq, inArray } from 'drizzle-orm'
import { acceptEngagement } from '#app/domain/applications/engagement.server.ts'
import { invitePartnerOrganization, updateMember } from '#app/domain/applications/consortium.server.ts'
import { createApplication } from '#app/domain/applications/creation.server.ts'
import { getApplicationForUser } from '#app/domain/applications/access.server.ts'
import { listMembersOf, loadApplicationDetails } from '#app/domain/applications/read-model.server.ts'
import { saveBudget, saveCooperation, saveProject } from '#app/domain/applications/sections.server.ts'
import { submitApplication } from '#app/domain/applications/submission.server.ts'
import { nameSupporter } from '#app/domain/applications/supporter.server.ts'
import { addAttachment, attachmentsPageOf, getAttachmentReader } from '#app/domain/applications/attachments.server.ts'
import { decideAdmissibility } from '#app/domain/applications/instruction.server.ts'
import { openRequest } from '#app/domain/dossier-messages/requests.server.ts'
import { postConsortiumMessage, postStaffMessage } from '#app/domain/dossier-messages/thread.server.ts'
import type { CooperationInput } from '#app/domain/applications/application-forms.ts'
import type { CooperationTopic } from '#app/domain/applications/options.ts'
import type { BudgetLine } from '#app/domain/applications/rules.ts'
import { createPdf, facts, finish, FONT, heading, toBuffer } from '#app/services/pdf/pdf-document.ts'
import { formatSiret } from '#app/utils/format.ts'
import { db } from './client.server'
import { applications, calls, memberships, organizations, themes, users } from './schema/index'

type Actor = { id: string }

type Partner = {
	/** The demo association's number (1 to 8, as in asso<n>@demo.ensemble.test). */
	n: number
	role: string
	contribution: string
	budgetShareCents: number
	objectives: string
	/** false: invited, has not answered yet. */
	confirms: boolean
}

export type DemoApplication = {
	title: string
	lead: Omit<Partner, 'confirms'>
	partners: Partner[]
	themes: string[]
	summary: string
	territory: string
	territoryKind: 'qpv' | 'rural' | 'autre'
	publics: string
	expectedParticipants: number
	collectiveObjectives: string
	indicators: { label: string; target: string }[]
	timetable: { label: string; date: string }[]
	cooperation: Omit<CooperationInput, 'version' | 'topics' | 'involvementOther'> & { topics: Record<CooperationTopic, string>; involvementOther?: string }
	charges: BudgetLine[]
	products: BudgetLine[]
	amountRequestedCents: number
	/** Who holds the bank account on the lead's RIB (the association itself by default). */
	ribHolder?: string
	outcome: 'draft' | 'ready' | 'submitted' | { inadmissible: string }
	/** The consortium names the demo's network of Maisons des Associations as its accompanying structure. */
	accompanied?: boolean
}

const euros = (amount: number) => amount * 100

export const DEMO_APPLICATIONS: DemoApplication[] = [
	{
		title: 'Jardins du monde, scènes de quartier',
		lead: {
			n: 1,
			role: 'Anime les ateliers de jardinage du samedi, coordonne le projet et tient le budget commun.',
			contribution: 'Les parcelles du jardin partagé, l’outillage, une animatrice salariée (120 heures) et une quinzaine de bénévoles.',
			budgetShareCents: euros(5_000),
			objectives: 'Ouvrir le jardin à des familles arrivées récemment dans le quartier et faire de chaque parcelle un lieu d’échange de savoir-faire.',
		},
		partners: [
			{
				n: 2,
				role: 'Recueille les récits des jardiniers et met en scène le spectacle de fin de saison avec les habitants.',
				contribution: 'Une metteuse en scène, le matériel son et lumière, et la salle de répétition le mercredi soir.',
				budgetShareCents: euros(4_000),
				objectives: 'Faire monter sur scène des habitants qui ne vont jamais au théâtre, en partant de leurs propres histoires.',
				confirms: false,
			},
		],
		themes: ['Interculturel', 'Intergénérationnel'],
		summary:
			'Au fil d’une saison, des familles de toutes origines cultivent ensemble les parcelles du jardin partagé et y échangent semences, recettes et souvenirs. Ces récits deviennent un spectacle joué au jardin par les habitants eux-mêmes, avec l’équipe du Théâtre des Deux Rives.',
		territory: 'Lyon 3e (quartier Moncey–Voltaire) et Villeurbanne (Saint-Jean)',
		territoryKind: 'qpv',
		publics: 'Familles du quartier, dont des familles primo-arrivantes suivies par le centre social ; jardiniers retraités ; jeunes de 12 à 17 ans.',
		expectedParticipants: 90,
		collectiveObjectives:
			'Faire se rencontrer des habitants qui se croisent sans se parler ; valoriser les savoir-faire de chacun ; donner à voir la diversité du quartier lors d’une fête ouverte à tous.',
		indicators: [
			{ label: 'Familles participant à au moins cinq ateliers', target: '25 familles' },
			{ label: 'Spectateurs de la représentation au jardin', target: '200 personnes' },
		],
		timetable: [
			{ label: 'Premiers ateliers de semis et collecte des récits', date: '2027-09-18' },
			{ label: 'Ateliers d’écriture et de théâtre', date: '2028-01-10' },
			{ label: 'Représentation au jardin et fête de quartier', date: '2028-06-13' },
		],
		cooperation: {
			level: 'collaboration',
			triggers: ['associations_proches', 'facteur_exterieur'],
			topics: {
				echeancier: 'Une saison de septembre à juin : jardin à l’automne et au printemps, écriture et répétitions l’hiver, représentation mi-juin.',
				communication: 'Affiches communes, une page sur le site de chaque association, un point d’étape mensuel par courriel entre les deux équipes.',
				gouvernance: 'Un binôme de coordination (une personne par association) ; les choix artistiques et le calendrier se décident ensemble en réunion.',
				raison_objectifs: 'Le jardin attire des familles que le théâtre ne touche pas, le théâtre sait faire entendre leurs histoires : l’un sans l’autre, le projet n’existe pas.',
				excedents: 'Aucun excédent attendu ; s’il y en avait, il serait reporté sur la saison suivante du projet.',
				tarification: 'Gratuité pour les participants et pour le public de la représentation.',
				criteres_reussite: 'Nombre de familles fidèles aux ateliers, nombre d’habitants sur scène, mélange des publics le jour de la fête.',
				perspectives: 'Reconduire une deuxième saison avec un autre jardin du 3e arrondissement.',
				ressources_humaines: 'Une animatrice jardin salariée, une metteuse en scène, une vingtaine de bénévoles des deux associations.',
				ressources_materielles: 'Parcelles et outillage du jardin ; son, lumière et salle de répétition du théâtre ; achat de plants et de graines.',
				valeurs: 'Hospitalité, transmission, respect des cultures de chacun ; l’éducation populaire comme méthode.',
				qui_fait_quoi: 'Les Jardins animent et coordonnent ; le Théâtre recueille les récits, écrit et met en scène ; la communication est partagée.',
			},
			involvementForms: ['reunions_ponctuelles', 'comite_pilotage'],
			otherPartners: ['etablissements', 'habitants'],
			otherPartnersDetails: 'Le centre social Moncey oriente les familles ; le collège du quartier accueille un atelier d’écriture.',
		},
		charges: [
			{ account: '60', label: 'Plants, graines et petit outillage', amountCents: euros(1_800) },
			{ account: '61', label: 'Location de matériel son et lumière pour la représentation', amountCents: euros(900) },
			{ account: '62', label: 'Intervention de la metteuse en scène (ateliers et représentation)', amountCents: euros(3_600) },
			{ account: '64', label: 'Animatrice jardin (120 heures)', amountCents: euros(2_700) },
		],
		products: [
			{ account: '74', label: 'Ville de Lyon', amountCents: euros(1_500) },
			{ account: '74', label: 'CAF du Rhône', amountCents: euros(1_000) },
		],
		amountRequestedCents: euros(6_500),
		outcome: 'draft',
	},
	{
		title: 'Contes croisés à la Villeneuve',
		lead: {
			n: 7,
			role: 'Forme les conteurs bénévoles, anime les veillées contées et coordonne le recueil des contes.',
			contribution: 'Vingt-deux conteurs bénévoles et leur répertoire ; la coordination du projet.',
			budgetShareCents: euros(5_000),
			objectives: 'Transmettre le goût du récit oral et recruter de nouveaux conteurs parmi les parents.',
		},
		partners: [
			{
				n: 8,
				role: 'Met à disposition les salles, mobilise les associations de la Villeneuve et édite le recueil de contes.',
				contribution: 'Salles de la Maison des Associations (valorisées 1 500 €), une chargée de mission (150 heures), le relais auprès de son réseau.',
				budgetShareCents: euros(6_000),
				objectives: 'Faire connaître la Maison des Associations aux familles du quartier et y accueillir des activités entre générations.',
				confirms: true,
			},
		],
		themes: ['Intergénérationnel'],
		summary:
			'Des grands-parents conteurs et des enfants de 6 à 11 ans se retrouvent chaque mois pour écouter, inventer et illustrer des contes venus de leurs familles. Les contes recueillis sont réunis dans un recueil illustré et racontés lors d’une veillée publique.',
		territory: 'Grenoble, quartier de la Villeneuve',
		territoryKind: 'qpv',
		publics: 'Enfants de 6 à 11 ans des écoles du quartier et leurs parents ; personnes âgées isolées repérées par le CCAS.',
		expectedParticipants: 120,
		collectiveObjectives: 'Créer des liens durables entre générations qui ne se fréquentent pas et valoriser la mémoire orale des familles du quartier.',
		indicators: [
			{ label: 'Enfants inscrits aux ateliers', target: '60 enfants' },
			{ label: 'Personnes âgées participant régulièrement', target: '20 personnes' },
			{ label: 'Contes recueillis et publiés', target: '30 contes' },
		],
		timetable: [
			{ label: 'Rencontre des familles et premiers ateliers', date: '2027-10-06' },
			{ label: 'Atelier d’illustration avec une illustratrice', date: '2028-02-14' },
			{ label: 'Veillée publique et remise du recueil', date: '2028-06-06' },
		],
		cooperation: {
			level: 'cooperation',
			triggers: ['volonte_commune', 'faire_mieux'],
			topics: {
				echeancier: 'Un atelier par mois d’octobre à mai, une veillée publique début juin, le recueil imprimé pour la veillée.',
				communication: 'Un programme commun diffusé dans les écoles et par la lettre d’information de la Maison des Associations.',
				gouvernance: 'Un comité de pilotage de quatre personnes (deux par association) qui se réunit tous les deux mois et décide par consensus.',
				raison_objectifs: 'Les conteurs manquaient de lieux et de relais vers les familles ; la Maison des Associations cherchait à accueillir des activités entre générations.',
				excedents: 'Les éventuels excédents financent la réimpression du recueil.',
				tarification: 'Ateliers et veillée gratuits ; le recueil est offert aux familles participantes.',
				criteres_reussite: 'Assiduité des enfants, nombre de personnes âgées impliquées, qualité des échanges relevée dans un carnet de bord.',
				perspectives: 'Étendre les ateliers à un deuxième quartier de Grenoble et former des parents conteurs.',
				ressources_humaines: 'Vingt-deux conteurs bénévoles, une chargée de mission de la Maison des Associations, une illustratrice professionnelle.',
				ressources_materielles: 'Salles et vidéoprojecteur de la Maison des Associations ; achat de livres et de matériel d’illustration.',
				valeurs: 'Transmission, écoute, gratuité, ouverture à toutes les cultures du quartier.',
				qui_fait_quoi: 'Les Grands-Parents Conteurs animent ; la Maison des Associations accueille, mobilise et édite ; l’évaluation est conduite ensemble.',
			},
			involvementForms: ['comite_pilotage', 'convention_partenariat', 'outils_partages'],
			otherPartners: ['collectivites', 'etablissements'],
			otherPartnersDetails: 'Le CCAS de Grenoble repère les personnes âgées isolées ; deux écoles élémentaires de la Villeneuve relaient auprès des familles.',
		},
		charges: [
			{ account: '60', label: 'Livres et matériel d’illustration', amountCents: euros(1_200) },
			{ account: '62', label: 'Illustratrice et impression du recueil de contes', amountCents: euros(3_500) },
			{ account: '62', label: 'Déplacements des conteurs bénévoles', amountCents: euros(600) },
			{ account: '64', label: 'Chargée de mission de la Maison des Associations (150 heures)', amountCents: euros(4_200) },
			{ account: '86', label: 'Mise à disposition gracieuse des salles', amountCents: euros(1_500) },
		],
		products: [
			{ account: '74', label: 'Ville de Grenoble', amountCents: euros(2_000) },
			{ account: '74', label: 'Département de l’Isère', amountCents: euros(1_800) },
			{ account: '87', label: 'Mise à disposition gracieuse des salles', amountCents: euros(1_500) },
		],
		amountRequestedCents: euros(5_700),
		outcome: 'ready',
	},
	{
		title: 'Le terrain est à tout le monde',
		lead: {
			n: 3,
			role: 'Organise les entraînements mixtes du mercredi et le tournoi de fin d’année ; coordonne le projet.',
			contribution: 'Une éducatrice sportive diplômée, le créneau du gymnase municipal, les équipements et trente bénévoles encadrants.',
			budgetShareCents: euros(7_000),
			objectives: 'Faire passer le nombre de joueuses licenciées au club de 12 à 40 et former deux éducatrices bénévoles.',
		},
		partners: [
			{
				n: 2,
				role: 'Anime les séances de théâtre-forum sur les stéréotypes filles-garçons avec les jeunes et leurs parents.',
				contribution: 'Deux comédiens formés au théâtre-forum et la salle du théâtre pour les séances ouvertes aux familles.',
				budgetShareCents: euros(5_000),
				objectives: 'Faire du théâtre un outil de dialogue entre jeunes, parents et éducateurs sur la place des filles dans le sport.',
				confirms: true,
			},
		],
		themes: ['Mixité entre filles et garçons'],
		summary:
			'Un mercredi sur deux, filles et garçons de 10 à 15 ans jouent au football dans des équipes mixtes ; l’autre mercredi, ils montent avec des comédiens des saynètes de théâtre-forum sur ce qui empêche les filles de jouer. Le projet se conclut par un tournoi mixte et une représentation devant les familles.',
		territory: 'Vénissieux (quartier des Minguettes) et Villeurbanne',
		territoryKind: 'qpv',
		publics: 'Jeunes de 10 à 15 ans, filles et garçons à parts égales, et leurs parents.',
		expectedParticipants: 80,
		collectiveObjectives: 'Faire reculer les stéréotypes qui éloignent les filles du sport et installer durablement la mixité dans les activités des deux associations.',
		indicators: [
			{ label: 'Part de filles parmi les jeunes inscrits', target: '50 %' },
			{ label: 'Parents présents aux séances de théâtre-forum', target: '60 parents' },
		],
		timetable: [
			{ label: 'Inscriptions et première séance mixte', date: '2027-09-15' },
			{ label: 'Séances de théâtre-forum avec les familles', date: '2027-11-20' },
			{ label: 'Tournoi mixte et représentation', date: '2028-05-27' },
		],
		cooperation: {
			level: 'cooperation',
			triggers: ['associations_proches', 'faire_mieux'],
			topics: {
				echeancier: 'De septembre à mai, en alternance chaque mercredi ; bilan commun en juin.',
				communication: 'Un groupe de messagerie entre les deux équipes, des affiches communes dans les collèges, une vidéo du tournoi.',
				gouvernance: 'Un comité de pilotage trimestriel avec les présidents, les salariés et deux jeunes élus par les participants.',
				raison_objectifs: 'Le club n’arrivait pas à garder ses joueuses ; le théâtre cherchait à toucher des jeunes du quartier. Ensemble, ils s’attaquent aux causes.',
				excedents: 'Pas d’excédent prévu ; le cas échéant, achat d’équipements pour la saison suivante.',
				tarification: 'Gratuité pour les jeunes ; licence offerte aux filles qui rejoignent le club.',
				criteres_reussite: 'Parité dans les équipes, fidélité des joueuses, participation des parents aux séances de théâtre-forum.',
				perspectives: 'Créer une équipe féminine engagée en championnat et reconduire le théâtre-forum avec d’autres clubs.',
				ressources_humaines: 'Une éducatrice sportive salariée, deux comédiens, des bénévoles encadrants des deux associations.',
				ressources_materielles: 'Gymnase municipal, salle du théâtre, minibus loué pour les déplacements, équipements achetés pour le projet.',
				valeurs: 'Égalité entre filles et garçons, respect, plaisir du jeu.',
				qui_fait_quoi: 'Le club organise la pratique sportive et coordonne ; le théâtre anime le théâtre-forum ; le tournoi final est organisé ensemble.',
			},
			involvementForms: ['comite_pilotage', 'convention_partenariat', 'autre'],
			involvementOther: 'Des jeunes élus représentent les participants au comité de pilotage.',
			otherPartners: ['collectivites', 'etablissements'],
			otherPartnersDetails: 'La Ville de Vénissieux prête le gymnase ; deux collèges des Minguettes relaient les inscriptions.',
		},
		charges: [
			{ account: '60', label: 'Chasubles, ballons et tenues mixtes', amountCents: euros(1_500) },
			{ account: '61', label: 'Location d’un minibus pour les déplacements', amountCents: euros(1_200) },
			{ account: '62', label: 'Comédiens du théâtre-forum (20 séances)', amountCents: euros(4_000) },
			{ account: '62', label: 'Affiches et vidéo du tournoi', amountCents: euros(500) },
			{ account: '64', label: 'Éducatrice sportive (part affectée au projet)', amountCents: euros(4_800) },
		],
		products: [
			{ account: '74', label: 'Ville de Vénissieux', amountCents: euros(2_500) },
			{ account: '74', label: 'CAF du Rhône', amountCents: euros(1_500) },
		],
		amountRequestedCents: euros(8_000),
		outcome: 'submitted',
	},
	{
		title: 'Sentiers partagés du Forez',
		accompanied: true,
		lead: {
			n: 5,
			role: 'Organise les randonnées adaptées (joëlettes, encadrement), assure la sécurité et coordonne le projet.',
			contribution: 'L’expérience de la randonnée adaptée, deux salariés formés au pilotage des joëlettes et quarante bénévoles.',
			budgetShareCents: euros(5_500),
			objectives: 'Ouvrir la randonnée à des personnes en fauteuil qui n’y avaient jamais accès et former de nouveaux pilotes de joëlette.',
		},
		partners: [
			{
				n: 4,
				role: 'Recueille les récits des randonneurs et des habitants des villages traversés et réalise le carnet de route.',
				contribution: 'Une animatrice, des bénévoles formés au recueil de témoignages et le matériel d’enregistrement.',
				budgetShareCents: euros(3_000),
				objectives: 'Collecter la mémoire des villages du Forez auprès de leurs habitants, avec des randonneurs valides et handicapés.',
				confirms: true,
			},
			{
				n: 6,
				role: 'Mobilise les femmes du territoire, organise l’accueil et les repas partagés dans les villages étapes.',
				contribution: 'Douze bénévoles, ses contacts dans les villages et l’organisation des repas partagés.',
				budgetShareCents: euros(3_000),
				objectives: 'Permettre à des femmes isolées en milieu rural de participer à des sorties collectives et d’y prendre des responsabilités.',
				confirms: true,
			},
		],
		themes: ['Rencontre handicap/valide'],
		summary:
			'Six randonnées dans les monts du Forez réunissent des personnes en situation de handicap, en joëlette ou à pied, et des randonneurs valides. À chaque étape, les habitants des villages accueillent le groupe et racontent leur village ; ces récits forment un carnet de route illustré.',
		territory: 'Monts du Forez : Montbrison, Roanne et les communes rurales de la Loire traversées',
		territoryKind: 'rural',
		publics: 'Personnes en situation de handicap moteur ou sensoriel, randonneurs valides, habitants des villages, femmes isolées en milieu rural.',
		expectedParticipants: 150,
		collectiveObjectives: 'Faire marcher ensemble personnes handicapées et valides, et changer le regard porté sur le handicap dans les villages traversés.',
		indicators: [
			{ label: 'Randonnées réalisées', target: '6 randonnées' },
			{ label: 'Participants en situation de handicap', target: '40 personnes' },
			{ label: 'Habitants rencontrés et interviewés', target: '50 habitants' },
		],
		timetable: [
			{ label: 'Formation des bénévoles au pilotage des joëlettes', date: '2027-09-11' },
			{ label: 'Première randonnée (Montbrison – Essertines)', date: '2027-10-02' },
			{ label: 'Présentation du carnet de route à Roanne', date: '2028-06-20' },
		],
		cooperation: {
			level: 'cooperation',
			triggers: ['volonte_commune', 'facteur_exterieur'],
			topics: {
				echeancier: 'Formation en septembre, six randonnées d’octobre à mai, carnet de route présenté en juin.',
				communication: 'Un blog commun du carnet de route, alimenté après chaque sortie par les trois associations.',
				gouvernance: 'Un comité de pilotage réunissant un représentant de chaque association ; décisions prises à la majorité, chef de file garant du budget.',
				raison_objectifs: 'Chacune touchait un public qui ne rencontrait jamais les deux autres : personnes handicapées, habitants des villages, femmes isolées.',
				excedents: 'Les excédents éventuels sont réservés à l’achat d’une joëlette commune.',
				tarification: 'Participation symbolique de 2 € par sortie, gratuité pour les personnes accompagnées par un établissement.',
				criteres_reussite: 'Nombre de participants handicapés et valides, nombre d’habitants rencontrés, satisfaction mesurée après chaque sortie.',
				perspectives: 'Faire des sentiers partagés un rendez-vous annuel et former des pilotes de joëlette dans chaque village étape.',
				ressources_humaines: 'Deux salariés et quarante bénévoles de Handi’Cap Loire, une animatrice de Mémoires d’Ici et d’Ailleurs, douze bénévoles de Femmes Solidaires.',
				ressources_materielles: 'Location de joëlettes et d’un minibus adapté, matériel d’enregistrement, salles des fêtes prêtées par les communes.',
				valeurs: 'Accessibilité, solidarité, respect du rythme de chacun, mémoire partagée.',
				qui_fait_quoi: 'Handi’Cap Loire encadre les randonnées ; Mémoires d’Ici et d’Ailleurs recueille les récits ; Femmes Solidaires du Forez organise l’accueil.',
			},
			involvementForms: ['reunions_ponctuelles', 'comite_pilotage', 'outils_partages'],
			otherPartners: ['collectivites', 'etablissements', 'habitants'],
			otherPartnersDetails: 'Les communes étapes prêtent leurs salles ; un foyer d’accueil médicalisé de Roanne inscrit des résidents ; les habitants accueillent les randonneurs.',
		},
		charges: [
			{ account: '60', label: 'Petit matériel et pharmacie', amountCents: euros(800) },
			{ account: '61', label: 'Location de deux joëlettes et d’un minibus adapté', amountCents: euros(2_400) },
			{ account: '62', label: 'Accompagnateurs en montagne diplômés', amountCents: euros(3_200) },
			{ account: '62', label: 'Conception et impression du carnet de route', amountCents: euros(1_600) },
			{ account: '64', label: 'Coordination du projet (part des salaires)', amountCents: euros(3_500) },
		],
		products: [
			{ account: '70', label: 'Participation des randonneurs (2 € par sortie)', amountCents: euros(500) },
			{ account: '74', label: 'Département de la Loire', amountCents: euros(2_000) },
			{ account: '74', label: 'Ville de Roanne', amountCents: euros(1_000) },
		],
		amountRequestedCents: euros(8_000),
		outcome: 'submitted',
	},
	{
		title: 'Cuisines et mémoires d’exil',
		lead: {
			n: 4,
			role: 'Anime les ateliers cuisine et récit, recueille les témoignages et coordonne le projet.',
			contribution: 'Une animatrice salariée, quinze bénévoles et la cuisine pédagogique du local de l’association.',
			budgetShareCents: euros(5_000),
			objectives: 'Recueillir et transmettre les parcours d’exil des habitants du quartier à travers leurs recettes.',
		},
		partners: [
			{
				n: 8,
				role: 'Conçoit l’exposition de photographies et la fait circuler dans son réseau de Maisons des Associations.',
				contribution: 'La conception de l’exposition, ses supports et la diffusion dans le réseau.',
				budgetShareCents: euros(3_000),
				objectives: 'Faire circuler l’exposition dans les Maisons des Associations de l’Isère et de la Loire.',
				confirms: true,
			},
		],
		themes: ['Interculturel'],
		summary:
			'Des habitants venus d’ailleurs cuisinent un plat de leur enfance avec des voisins et racontent leur parcours pendant la préparation. Les recettes et les portraits photographiques forment une exposition itinérante.',
		territory: 'Saint-Étienne (quartier de Montreynaud), puis Grenoble pour l’exposition',
		territoryKind: 'qpv',
		publics: 'Habitants primo-arrivants et de longue date du quartier, enfants des écoles pour les visites de l’exposition.',
		expectedParticipants: 70,
		collectiveObjectives: 'Faire se rencontrer les habitants autour de la cuisine et faire connaître les parcours d’exil au-delà du quartier.',
		indicators: [{ label: 'Ateliers cuisine et récit réalisés', target: '12 ateliers' }],
		timetable: [
			{ label: 'Premier atelier cuisine et récit', date: '2027-09-25' },
			{ label: 'Vernissage de l’exposition', date: '2028-04-08' },
		],
		cooperation: {
			level: 'collaboration',
			triggers: ['recherche_financement', 'facteur_exterieur'],
			topics: {
				echeancier: 'Ateliers de septembre à février, exposition à partir d’avril.',
				communication: 'Invitations communes ; l’exposition est annoncée dans la lettre du réseau des Maisons des Associations.',
				gouvernance: 'Deux réunions de coordination par trimestre.',
				raison_objectifs: 'Donner une place aux mémoires d’exil dans la vie du quartier.',
				excedents: 'Sans objet.',
				tarification: 'Gratuité.',
				criteres_reussite: 'Nombre d’ateliers et de participants, fréquentation de l’exposition.',
				perspectives: 'Un livre de recettes si l’exposition trouve son public.',
				ressources_humaines: 'Une animatrice, un photographe, des bénévoles.',
				ressources_materielles: 'Cuisine pédagogique, denrées, tirages photographiques.',
				valeurs: 'Hospitalité et reconnaissance des parcours de chacun.',
				qui_fait_quoi: 'Mémoires d’Ici et d’Ailleurs anime les ateliers ; la Maison des Associations de Grenoble réalise et diffuse l’exposition.',
			},
			involvementForms: ['reunions_ponctuelles'],
			otherPartners: ['habitants'],
			otherPartnersDetails: 'Les habitants du quartier partagent leurs recettes et leurs récits.',
		},
		charges: [
			{ account: '60', label: 'Denrées pour les ateliers', amountCents: euros(1_500) },
			{ account: '61', label: 'Location d’une cuisine pédagogique', amountCents: euros(1_200) },
			{ account: '62', label: 'Photographe et tirages de l’exposition', amountCents: euros(2_300) },
			{ account: '64', label: 'Animatrice (part affectée au projet)', amountCents: euros(3_000) },
		],
		products: [{ account: '74', label: 'Ville de Saint-Étienne', amountCents: euros(2_000) }],
		amountRequestedCents: euros(6_000),
		ribHolder: 'M. Karim B., trésorier (compte personnel)',
		outcome: {
			inadmissible:
				'Le RIB fourni n’est pas au nom de l’association chef de file « Mémoires d’Ici et d’Ailleurs » mais à celui d’une personne physique (compte personnel du trésorier). La Fondation ne peut verser une subvention que sur le compte de l’association : le dossier ne peut pas être instruit en l’état. Vous pouvez déposer un nouveau dossier, avec le RIB de l’association, avant la date limite.',
		},
	},
]

// ---------------------------------------------------------------------------------------
// Attachments: small real PDFs, one per document and association (shared when identical).

type Organization = typeof organizations.$inferSelect

async function pdf(title: string, write: (doc: ReturnType<typeof createPdf>) => void): Promise<Buffer> {
	const doc = createPdf({ title })
	const buffer = toBuffer(doc)
	doc.font(FONT.bold).fontSize(16).text(title)
	doc.font(FONT.italic).fontSize(9).fillColor('#4b5563').text('Document de démonstration généré par Ensemble : son contenu est fictif.')
	doc.fillColor('#111827').font(FONT.regular).fontSize(10).moveDown()
	write(doc)
	finish(doc, `${title} (document de démonstration)`)
	return buffer
}

function identity(organization: Organization): [string, string][] {
	return [
		['Association', organization.name],
		['Siège', `${organization.addressLine ?? ''}, ${organization.postalCode ?? ''} ${organization.commune ?? ''}`],
		['SIRET', organization.siret ? formatSiret(organization.siret) : '—'],
		['RNA', organization.rna ?? '—'],
	]
}

function renderDocument(kind: string, organization: Organization, ribHolder?: string): Promise<Buffer> {
	switch (kind) {
		case 'statuts':
			return pdf(`Statuts de l’association ${organization.name}`, (doc) => {
				facts(doc, identity(organization))
				heading(doc, 'Article 1 — Dénomination', 12)
				doc.text(`Il est fondé entre les adhérents aux présents statuts une association régie par la loi du 1er juillet 1901, ayant pour titre « ${organization.name} ».`)
				heading(doc, 'Article 2 — Objet', 12)
				doc.text('L’association a pour objet de créer du lien entre les habitants par des activités ouvertes à tous, sans distinction d’âge, d’origine ou de condition.')
				heading(doc, 'Article 3 — Siège social', 12)
				doc.text(`Le siège social est fixé à ${organization.commune ?? ''}. Il pourra être transféré par décision du conseil d’administration.`)
				heading(doc, 'Article 4 — Ressources', 12)
				doc.text('Les ressources de l’association comprennent les cotisations, les subventions publiques et privées et toute ressource autorisée par la loi.')
			})
		case 'rib':
			return pdf('Relevé d’identité bancaire', (doc) => {
				facts(doc, [
					['Titulaire du compte', ribHolder ?? organization.name],
					['Banque', 'Crédit Coopératif (coordonnées fictives)'],
					['IBAN', 'FR76 0000 0000 0000 0000 0000 000'],
					['BIC', 'DEMOFRPPXXX'],
				])
			})
		case 'rapport_activite':
			return pdf(`Rapport d’activité 2026 — ${organization.name}`, (doc) => {
				facts(doc, [
					...identity(organization),
					['Bénévoles', String(organization.volunteers ?? 0)],
					['Salariés', String(organization.employees ?? 0)],
					['Budget annuel', `${((organization.annualBudgetCents ?? 0) / 100).toLocaleString('fr-FR')} €`],
				])
				heading(doc, 'L’année en bref', 12)
				doc.text('Nos activités ont réuni tout au long de l’année des habitants de tous âges. L’assemblée générale a approuvé le présent rapport et les comptes de l’exercice.')
			})
		default:
			throw new Error(`pièce de démonstration inconnue : ${kind}`)
	}
}

const fileNames: Record<string, string> = { statuts: 'statuts.pdf', rib: 'rib.pdf', rapport_activite: 'rapport-activite-2026.pdf' }

// ---------------------------------------------------------------------------------------

function must<T extends { ok: boolean }>(result: T, what: string): Extract<T, { ok: true }> {
	if (!result.ok) {
		const details = 'problems' in result ? JSON.stringify(result.problems) : 'message' in result ? String(result.message) : ''
		throw new Error(`Données de démonstration : ${what} a échoué. ${details}`)
	}
	return result as Extract<T, { ok: true }>
}

/**
 * Builds the given applications on the call of that title (by default the open call's five).
 * Returns the ids of the applications by title.
 */
export async function seedDemoApplications(
	{ callTitle = 'Vivre ensemble 2027', demos = DEMO_APPLICATIONS }: { callTitle?: string; demos?: DemoApplication[] } = {},
): Promise<Map<string, string>> {
	const created = new Map<string, string>()
	const numbers = [...new Set(demos.flatMap((a) => [a.lead.n, ...a.partners.map((p) => p.n)]))]
	const referents = await db
		.select({ email: users.email, userId: users.id, organization: organizations })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.innerJoin(organizations, eq(organizations.id, memberships.organizationId))
		.where(and(eq(memberships.role, 'referent'), inArray(users.email, numbers.map((n) => `asso${n}@demo.ensemble.test`))))
	const association = (n: number) => {
		const found = referents.find((r) => r.email === `asso${n}@demo.ensemble.test`)
		if (!found) throw new Error(`Données de démonstration : association ${n} introuvable.`)
		return { user: { id: found.userId } as Actor, organization: found.organization }
	}
	const [call] = await db.select({ id: calls.id }).from(calls).where(eq(calls.title, callTitle))
	const [staff] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'gestion@demo.ensemble.test'))
	if (!call || !staff) throw new Error('Données de démonstration : appel ou gestionnaire introuvable.')
	const callThemes = await db.select({ id: themes.id, label: themes.label }).from(themes).where(eq(themes.callId, call.id)).orderBy(asc(themes.position))

	const documents = new Map<string, Promise<Buffer>>()
	const documentFor = (kind: string, organization: Organization, ribHolder?: string) => {
		const key = `${kind}:${organization.id}:${ribHolder ?? ''}`
		if (!documents.has(key)) documents.set(key, renderDocument(kind, organization, ribHolder))
		return documents.get(key)!
	}

	for (const demo of demos) {
		const lead = association(demo.lead.n)
		const user = lead.user
		const { applicationId: id } = must(
			await createApplication({ user, callId: call.id, title: demo.title, leadOrganizationId: lead.organization.id }),
			`la création de « ${demo.title} »`,
		)
		created.set(demo.title, id)
		for (const partner of demo.partners) {
			must(await invitePartnerOrganization({ id, user, identifier: association(partner.n).organization.siret! }), `l’invitation de l’association ${partner.n}`)
		}

		const [row] = await db.select().from(applications).where(eq(applications.id, id))
		const everyone = [demo.lead, ...demo.partners]
		must(
			await saveProject({
				id,
				user,
				input: {
					version: row!.projectVersion,
					title: demo.title,
					summary: demo.summary,
					themeIds: demo.themes.map((label) => callThemes.find((t) => t.label === label)!.id),
					territory: demo.territory,
					territoryKind: demo.territoryKind,
					publics: demo.publics,
					expectedParticipants: demo.expectedParticipants,
					collectiveObjectives: demo.collectiveObjectives,
					specificObjectives: everyone.map((a) => ({ organizationId: association(a.n).organization.id, text: a.objectives })),
					indicators: demo.indicators,
					timetable: demo.timetable,
				},
			}),
			`le projet de « ${demo.title} »`,
		)
		must(
			await saveCooperation({
				id,
				user,
				input: {
					version: row!.cooperationVersion,
					...demo.cooperation,
					involvementOther: demo.cooperation.involvementOther ?? '',
				},
			}),
			`la coopération de « ${demo.title} »`,
		)
		// The budget before the partners confirm: a budget saved afterwards would lapse their confirmation.
		must(
			await saveBudget({
				id,
				user,
				input: { version: row!.budgetVersion, charges: demo.charges, products: demo.products, amountRequested: demo.amountRequestedCents },
			}),
			`le budget de « ${demo.title} »`,
		)

		// Roles and budget shares, set by the lead while the partners have not confirmed yet.
		const members = await listMembersOf(id)
		for (const entry of everyone) {
			const member = members.find((m) => m.organizationId === association(entry.n).organization.id)!
			must(
				await updateMember({ id, user, memberId: member.id, roleDescription: entry.role, contribution: entry.contribution, budgetShareCents: entry.budgetShareCents }),
				`le rôle de l’association ${entry.n}`,
			)
		}
		for (const partner of demo.partners.filter((p) => p.confirms)) {
			must(
				await acceptEngagement({ id, user: association(partner.n).user, roleDescription: partner.role, contribution: partner.contribution }),
				`l’engagement de l’association ${partner.n}`,
			)
		}

		// Every attachment the call asks of the associations that have confirmed.
		const { access, dossier } = await getAttachmentReader({ id, user })
		const { slots } = attachmentsPageOf(dossier, access)
		const pending = demo.partners.filter((p) => !p.confirms).map((p) => association(p.n).organization.id)
		// An invited partner gives its own pieces: the demo leaves them to it.
		for (const slot of slots.filter((s) => !pending.includes(s.organizationId))) {
			const organization = referents.find((r) => r.organization.id === slot.organizationId)!.organization
			const data = await documentFor(slot.key, organization, slot.key === 'rib' ? demo.ribHolder : undefined)
			must(await addAttachment({ id, user, slot: slot.id, filename: fileNames[slot.key] ?? `${slot.key}.pdf`, data }), `la pièce « ${slot.label} »`)
		}

		if (demo.accompanied) {
			const [structure] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.kind, 'supporter'))
			must(await nameSupporter({ id, user, supporterOrganizationId: structure!.id }), `la structure d’accompagnement de « ${demo.title} »`)
		}

		if (demo.outcome === 'draft') continue
		if (demo.outcome === 'ready') {
			const { problems } = await loadApplicationDetails(await getApplicationForUser({ id, user }))
			if (problems.length > 0) throw new Error(`Données de démonstration : « ${demo.title} » n’est pas prêt à déposer. ${JSON.stringify(problems)}`)
			continue
		}
		must(await submitApplication({ id, user }), `le dépôt de « ${demo.title} »`)
		if (typeof demo.outcome === 'object') {
			must(
				await decideAdmissibility({ user: staff, callId: call.id, applicationId: id, decision: 'inadmissible', reason: demo.outcome.inadmissible }),
				`la décision d’irrecevabilité de « ${demo.title} »`,
			)
		}
	}

	if (demos === DEMO_APPLICATIONS) await seedDemoThread(call.id, staff, association(3).user)
	return created
}

/** A thread and an open request on a submitted dossier, so that both sides see them at once. */
async function seedDemoThread(callId: string, staff: Actor, lead: Actor) {
	const [dossier] = await db.select({ id: applications.id }).from(applications).where(eq(applications.title, 'Le terrain est à tout le monde'))
	if (!dossier) throw new Error('Données de démonstration : « Le terrain est à tout le monde » introuvable.')
	const applicationId = dossier.id
	must(
		await postStaffMessage({
			user: staff,
			callId,
			applicationId,
			body: 'Bonjour, merci pour ce dossier. Le gymnase est-il réservé pour toute la saison, y compris pendant les vacances scolaires ?',
		}),
		'le message du financeur',
	)
	must(
		await postConsortiumMessage({
			user: lead,
			applicationId,
			body: 'Bonjour, oui : la Ville nous a confirmé le créneau du mercredi de septembre à juin, hors vacances de Noël. Nous pouvons transmettre la convention.',
		}),
		'la réponse du chef de file',
	)
	must(
		await openRequest({
			user: staff,
			callId,
			applicationId,
			message: 'Le budget ne fait pas apparaître la mise à disposition gracieuse du gymnase par la Ville. Pouvez-vous l’ajouter en contributions volontaires (comptes 86 et 87) ?',
			items: ['budget'],
			dueAt: new Date(Date.now() + 14 * 24 * 3600_000),
		}),
		'la demande de complément',
	)
}
