import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { getOptionalUser } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { retentionSettings } from '#app/domain/personal-data/retention-settings.server.ts'

export const meta: MetaFunction = () => [{ title: 'Confidentialité et données personnelles — Ensemble' }]

/** Public: the durations are read from the same settings the retention job uses. */
export async function loader({ request }: LoaderFunctionArgs) {
	const user = await getOptionalUser(request)
	return json({ settings: retentionSettings(), signedIn: Boolean(user) })
}

export default function PrivacyPage() {
	const { settings, signedIn } = useLoaderData<typeof loader>()
	const contact = settings.contactEmail ? (
		<a href={`mailto:${settings.contactEmail}`}>{settings.contactEmail}</a>
	) : (
		<>l’équipe qui administre ce portail (son adresse vous est donnée par le financeur de l’appel)</>
	)
	return (
		<>
			<h1>Confidentialité et données personnelles</h1>
			<p>
				Ensemble sert à déposer des projets d’associations à des appels à projets. Pour cela, il garde quelques informations sur les personnes qui
				l’utilisent, bénévoles et salariés d’associations, équipes des financeurs, jurés. Cette page dit lesquelles, pourquoi, combien de temps, et
				comment les consulter ou les faire effacer.
			</p>

			<h2>Qui est responsable de vos données</h2>
			<p>
				Le portail est exploité par l’organisme qui l’administre (le financeur ou le réseau qui l’a installé). Quand vous déposez un dossier à un
				appel, le financeur de cet appel devient aussi responsable des données de ce dossier : il les instruit, les fait noter par son jury et en
				garde les archives. Pour toute question : {contact}.
			</p>

			<h2>Ce que nous gardons, et pourquoi</h2>
			<ul>
				<li>
					<strong>Votre compte</strong> : nom, adresse e-mail, mot de passe (chiffré de façon irréversible), date de création. Pour vous connecter et
					vous écrire au sujet de vos dossiers.
				</li>
				<li>
					<strong>Vos associations et vos rôles</strong> (membre, référent·e, équipe d’un financeur, juré·e). Pour savoir ce que vous pouvez voir et
					faire.
				</li>
				<li>
					<strong>Ce que vous écrivez</strong> : dossiers, messages échangés avec le financeur ou dans l’annuaire des partenaires, évaluations de
					juré·e, avis, annonces, signatures de convention. Pour faire avancer les projets et les décisions.
				</li>
				<li>
					<strong>L’historique des actions</strong> (qui a déposé, décidé, signé, téléchargé ses données…) et les tentatives de connexion. Pour la
					sécurité du portail et pour pouvoir rendre compte des décisions prises.
				</li>
				<li>
					<strong>Les e-mails envoyés</strong> par le portail (copie dans sa file d’envoi). Pour savoir ce qui vous a été dit et quand.
				</li>
			</ul>
			<p>
				Le portail ne contient ni publicité ni traceur, ne vend ni ne cède aucune donnée. Ses seuls cookies sont nécessaires à son
				fonctionnement : votre session, un message affiché d’une page à l’autre, et la reconnaissance du navigateur où vous vous êtes déjà
				connecté·e (pour qu’il ne soit pas bloqué si quelqu’un d’autre essaie votre mot de passe).
			</p>

			<h2>Sur quelle base</h2>
			<ul>
				<li>
					Votre compte, vos dossiers et vos messages : <strong>l’exécution du service</strong> que vous demandez (déposer, instruire et suivre un
					projet), et pour un dossier retenu, la convention de subvention.
				</li>
				<li>
					Les décisions, conventions, versements et évaluations : <strong>les obligations légales</strong> du financeur (comptabilité, contrôle de
					l’usage des subventions publiques ou privées).
				</li>
				<li>
					L’historique des actions et la limitation des tentatives de connexion : <strong>l’intérêt légitime</strong> de protéger le portail et vos
					comptes.
				</li>
			</ul>

			<h2>Qui voit quoi</h2>
			<ul>
				<li>Les membres de votre association voient ses dossiers ; les associations partenaires voient le dossier qu’elles co-portent.</li>
				<li>L’équipe du financeur voit les dossiers déposés à ses appels (jamais les brouillons) et leurs messages.</li>
				<li>Un·e juré·e ne voit que les dossiers qui lui sont confiés, et jamais ceux d’une association à laquelle il ou elle est liée.</li>
				<li>La structure d’accompagnement que votre consortium a choisie voit le dossier pour donner son avis.</li>
				<li>
					L’annuaire des partenaires et la vitrine des projets sont publics, mais ne montrent que ce que les associations ont choisi de publier, sans
					nom ni adresse de personne.
				</li>
			</ul>

			<h2>Combien de temps</h2>
			<ul>
				<li>
					<strong>Votre compte</strong> : tant que vous le gardez. Vous pouvez le supprimer à tout moment ; l’effacement est immédiat.
				</li>
				<li>
					<strong>Les brouillons jamais déposés</strong> : supprimés {settings.draftMonths} mois après la clôture de leur appel, avec leurs pièces
					jointes et leurs messages. Les référents de l’association sont prévenus par e-mail {settings.warnMonthsBefore} mois avant, une seule fois.
				</li>
				<li>
					<strong>Les dossiers déposés</strong>, décisions, conventions, versements et évaluations : gardés par le financeur comme archives de ses
					appels, sans suppression automatique. Si vous supprimez votre compte, ils restent au nom de l’association, plus au vôtre.
				</li>
				<li>
					<strong>Les sessions</strong> : {settings.sessionDays} jours sans utilisation au plus. <strong>Les liens envoyés par e-mail</strong> :{' '}
					{settings.verifyLinkHours} heures pour confirmer une adresse, {settings.resetLinkHours} heure pour changer de mot de passe.{' '}
					<strong>Un formulaire tapé après la fin d’une session</strong> est gardé {settings.formDraftHours} heures, le temps de vous reconnecter.
				</li>
				<li>
					<strong>L’historique des actions</strong> : gardé avec les archives des appels ; votre nom et votre adresse en sont retirés quand vous
					supprimez votre compte.
				</li>
			</ul>

			<h2>Vos droits, et comment les exercer</h2>
			<ul>
				<li>
					<strong>Consulter et emporter vos données</strong> (droits d’accès et à la portabilité) :{' '}
					{signedIn ? <Link to="/compte/donnees">Mes données personnelles</Link> : 'une fois connecté·e, « Mes données personnelles » dans votre espace'}
					, en PDF lisible ou en fichier JSON.
				</li>
				<li>
					<strong>Faire effacer vos données</strong> (droit à l’effacement) :{' '}
					{signedIn ? <Link to="/compte/suppression">Supprimer mon compte</Link> : 'une fois connecté·e, « Supprimer mon compte »'}. Si vous êtes le
					seul ou la seule référent·e d’une association, nommez d’abord quelqu’un d’autre : une association ne peut pas rester sans référent·e.
				</li>
				<li>
					<strong>Faire corriger une donnée, vous opposer à un traitement, en demander la limitation</strong> : écrivez à {contact}. La réponse doit
					vous parvenir dans le mois (délai légal).
				</li>
				<li>
					Si vous pensez que vos droits ne sont pas respectés, vous pouvez saisir la CNIL (<a href="https://www.cnil.fr/fr/plaintes">cnil.fr/plaintes</a>).
				</li>
			</ul>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
