import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import type { ReactNode } from 'react'
import { getOptionalUser } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { useNonce } from '#app/utils/nonce.tsx'
import { getToast } from '#app/utils/toast.server.ts'
import styles from '#app/styles/app.css'

export const links: LinksFunction = () => [
	{ rel: 'stylesheet', href: styles },
	{ rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const meta: MetaFunction = () => [
	{ title: 'Ensemble — appels à projets pour la coopération entre associations' },
	{ name: 'description', content: 'Déposer un projet à plusieurs associations, le suivre et l’évaluer.' },
]

export async function loader({ request }: LoaderFunctionArgs) {
	const [user, { toast, setCookie }] = await Promise.all([getOptionalUser(request), getToast(request)])
	const navigation = user
		? {
				displayName: user.displayName,
				isPlatformAdmin: user.isPlatformAdmin,
				isFunderStaff: user.memberships.some((m) => m.kind === 'funder'),
				isSupporterStaff: user.memberships.some((m) => m.kind === 'supporter'),
				// A seat on a jury (active): the link to /jury.
				isJuror: user.jurorCallIds.length > 0,
			}
		: null
	return json({ navigation, toast }, setCookie ? { headers: { 'Set-Cookie': setCookie } } : undefined)
}

export type RootLoader = typeof loader

function Document({ children }: { children: ReactNode }) {
	// Remix's inline scripts carry this request's CSP nonce (server/security-headers.ts).
	const nonce = useNonce()
	return (
		<html lang="fr">
			<head>
				<meta charSet="utf-8" />
				<meta name="viewport" content="width=device-width, initial-scale=1" />
				<Meta />
				<Links />
			</head>
			<body>
				{children}
				<ScrollRestoration nonce={nonce} />
				<Scripts nonce={nonce} />
			</body>
		</html>
	)
}

function Header() {
	const data = useRouteLoaderData<RootLoader>('root')
	const navigation = data?.navigation ?? null
	return (
		<header className="site-header">
			<div className="site-header-inner">
				<Link to="/" className="brand">
					Ensemble
				</Link>
				<nav className="site-nav" aria-label="Navigation principale">
					<ul>
						<li>
							<Link to="/appels">Appels à projets</Link>
						</li>
						<li>
							<Link to="/partenaires">Partenaires</Link>
						</li>
						{navigation ? (
							<>
								<li>
									<Link to="/espace">Mon espace</Link>
								</li>
								<li>
									<Link to="/candidatures">Mes dossiers</Link>
								</li>
								{navigation.isFunderStaff ? (
									<li>
										<Link to="/gestion">Gestion</Link>
									</li>
								) : null}
								{navigation.isJuror ? (
									<li>
										<Link to="/jury">Jury</Link>
									</li>
								) : null}
								{navigation.isSupporterStaff ? (
									<li>
										<Link to="/accompagnement">Accompagnement</Link>
									</li>
								) : null}
								{navigation.isPlatformAdmin ? (
									<li>
										<Link to="/admin">Administration</Link>
									</li>
								) : null}
								<li>
									<Form method="post" action="/deconnexion">
										<button type="submit" className="link-button">
											Se déconnecter
										</button>
									</Form>
								</li>
							</>
						) : (
							<>
								<li>
									<Link to="/connexion">Se connecter</Link>
								</li>
								<li>
									<Link to="/inscription">Créer un compte</Link>
								</li>
							</>
						)}
					</ul>
				</nav>
			</div>
		</header>
	)
}

function Page({ children }: { children: ReactNode }) {
	return (
		<Document>
			<a href="#contenu" className="skip-link">
				Aller au contenu
			</a>
			<Header />
			<main id="contenu">{children}</main>
			<footer className="site-footer">
				<nav aria-label="Coopérer entre associations">
					<ul>
						<li>
							<Link to="/projets">Projets réalisés</Link>
						</li>
						<li>
							<Link to="/projets/cooperations">Qui coopère avec qui</Link>
						</li>
						<li>
							<Link to="/cooperer">Le pense-pas-bête de la coopération</Link>
						</li>
					</ul>
				</nav>
				<nav aria-label="Le portail">
					<ul>
						<li>
							<Link to="/confidentialite">Confidentialité et données personnelles</Link>
						</li>
					</ul>
				</nav>
			</footer>
		</Document>
	)
}

export default function App() {
	const { toast } = useLoaderData<typeof loader>()
	return (
		<Page>
			{toast ? (
				<div className={`toast ${toast.type === 'error' ? 'error' : ''}`} role="status">
					<strong>{toast.title}</strong>
					{toast.description ? <p style={{ margin: '4px 0 0' }}>{toast.description}</p> : null}
				</div>
			) : null}
			<Outlet />
		</Page>
	)
}

export function ErrorBoundary() {
	return (
		<Page>
			<GeneralErrorBoundary />
		</Page>
	)
}
