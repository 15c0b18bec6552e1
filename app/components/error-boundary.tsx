import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react'

const messages: Record<number, { title: string; text: string }> = {
	400: { title: 'Requête invalide', text: 'La demande envoyée n’a pas pu être comprise.' },
	403: { title: 'Accès refusé', text: 'Vous n’avez pas accès à cette page avec ce compte.' },
	404: { title: 'Page introuvable', text: 'Cette page n’existe pas ou vous n’y avez pas accès.' },
	429: { title: 'Trop de tentatives', text: 'Patientez quelques minutes avant de réessayer.' },
}

/** The error page every route shows, in French, with the status the server answered. */
export function GeneralErrorBoundary() {
	const error = useRouteError()
	const status = isRouteErrorResponse(error) ? error.status : 500
	const known = messages[status]
	const detail = isRouteErrorResponse(error) && typeof error.data === 'string' && error.data ? error.data : null
	return (
		<div role="alert">
			<h1>{known?.title ?? 'Une erreur est survenue'}</h1>
			<p>{detail ?? known?.text ?? 'Nous n’avons pas pu afficher cette page. Réessayez dans un instant.'}</p>
			<p>
				<Link to="/">Retour à l’accueil</Link>
			</p>
		</div>
	)
}
