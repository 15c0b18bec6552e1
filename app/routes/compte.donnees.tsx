import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { requireUser } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { collectPersonalData, sectionSummary } from '#app/domain/personal-data/export.server.ts'

export const meta: MetaFunction = () => [{ title: 'Mes données personnelles — Ensemble' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	const data = await collectPersonalData(user.id)
	if (!data) throw new Response('Compte introuvable.', { status: 404 })
	return json({ account: data.account, sections: sectionSummary(data) })
}

export default function MyDataPage() {
	const { account, sections } = useLoaderData<typeof loader>()
	const filled = sections.filter((s) => s.count > 0)
	return (
		<>
			<p>
				<Link to="/espace">← Mon espace</Link>
			</p>
			<h1>Mes données personnelles</h1>
			<p>
				Voici ce que le portail Ensemble conserve à votre sujet : votre compte ({account.displayName}, {account.email}), les organisations dont vous
				êtes membre, ce que vous avez écrit (messages, évaluations, avis, annonces…), les e-mails qui vous ont été envoyés et l’historique des
				actions faites par vous ou sur votre compte.
			</p>
			<p className="muted">
				Les dossiers de candidature appartiennent aux associations qui les portent : leur contenu n’est pas repris ici, seulement les dossiers que vous
				avez créés et ce que vous y avez écrit en votre nom. Pourquoi et combien de temps nous gardons ces données : voir{' '}
				<Link to="/confidentialite">la page « Confidentialité »</Link>.
			</p>
			<div className="form-actions">
				<a className="button" href="/compte/donnees.pdf" download>
					Télécharger en PDF (lisible)
				</a>
				<a className="button" href="/compte/donnees.json" download>
					Télécharger en JSON (pour un autre logiciel)
				</a>
			</div>
			<h2>Ce que contient l’export</h2>
			{filled.length === 0 ? (
				<p>Votre compte seulement : vous n’avez encore rien écrit sur le portail.</p>
			) : (
				<ul>
					{filled.map((section) => (
						<li key={section.key}>
							{section.title} : {section.count}
							{section.truncated ? ` (les ${section.limit} plus récents ; il y en a davantage, écrivez-nous pour le reste)` : ''}
						</li>
					))}
				</ul>
			)}
			<h2>Supprimer mon compte</h2>
			<p>
				Vous pouvez supprimer votre compte : vos données personnelles seront effacées ou rendues anonymes.{' '}
				<Link to="/compte/suppression">Supprimer mon compte</Link>
			</p>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
