import { isRouteErrorResponse, useRouteError } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'

const messages: Record<number, { title: string; text: string }> = {
	400: { title: 'Requête invalide', text: 'La demande envoyée n’a pas pu être comprise.' },
	403: { title: 'Accès refusé', text: 'Vous n’avez pas accès à cette page avec ce compte.' },
	404: { title: 'Page introuvable', text: 'Cette page n’existe pas ou vous n’y avez pas accès. Vérifiez l’adresse, ou repartez de l’accueil.' },
	413: { title: 'Envoi trop volumineux', text: 'Ce que vous avez envoyé dépasse la taille permise.' },
	415: { title: 'Format non accepté', text: 'Cette page n’accepte que des formulaires.' },
	429: { title: 'Trop de tentatives', text: 'Patientez quelques minutes avant de réessayer.' },
}

/**
 * The error page every route shows, in French, with the status the server answered. An
 * unexpected error shows a generic message, never its text or stack (Remix hides them in
 * production anyway).
 */
export function GeneralErrorBoundary() {
	const error = useRouteError()
	const status = isRouteErrorResponse(error) ? error.status : 500
	const known = messages[status]
	const detail = isRouteErrorResponse(error) && typeof error.data === 'string' && error.data ? error.data : null
	return (
		<div role="alert">
			<h1>{known?.title ?? 'Une erreur est survenue'}</h1>
			<p>{detail ?? known?.text ?? 'Nous n’avons pas pu afficher cette page. Réessayez dans un instant.'}</p>
			<ul>
				<li>
					<Link to="/">Retour à l’accueil</Link>
				</li>
				{status === 404 ? (
					<li>
						<Link to="/appels">Voir les appels à projets</Link>
					</li>
				) : null}
			</ul>
		</div>
	)
}
