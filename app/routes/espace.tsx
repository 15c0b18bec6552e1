import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { requireUser } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'

export const meta: MetaFunction = () => [{ title: 'Mon espace — Ensemble' }]

const ROLE_LABELS = { referent: 'référent·e', member: 'membre', staff: 'équipe' } as const

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	return json({
		displayName: user.displayName,
		email: user.email,
		isPlatformAdmin: user.isPlatformAdmin,
		memberships: user.memberships,
		isJuror: user.jurorCallIds.length > 0,
	})
}

export default function MySpace() {
	const { displayName, email, isPlatformAdmin, memberships, isJuror } = useLoaderData<typeof loader>()
	const associations = memberships.filter((m) => m.kind === 'association')
	const funders = memberships.filter((m) => m.kind === 'funder')
	const supporters = memberships.filter((m) => m.kind === 'supporter')
	// Staff work in their own space; creating an association is for everyone else.
	const workspaces = [
		...(funders.length > 0 ? [{ to: '/gestion', label: 'Ouvrir la gestion des appels' }] : []),
		...(supporters.length > 0 ? [{ to: '/accompagnement', label: 'Ouvrir l’espace d’accompagnement' }] : []),
		...(isPlatformAdmin ? [{ to: '/admin', label: 'Ouvrir l’administration' }] : []),
	]
	const isStaff = workspaces.length > 0
	return (
		<>
			<h1>{`Bonjour ${displayName}`}</h1>
			<p className="muted">Connecté·e avec {email}</p>

			{isStaff ? (
				<nav aria-label="Mon espace de travail">
					<ul className="form-actions" style={{ listStyle: 'none', padding: 0 }}>
						{workspaces.map((workspace) => (
							<li key={workspace.to}>
								<Link to={workspace.to} className="button">
									{workspace.label}
								</Link>
							</li>
						))}
					</ul>
				</nav>
			) : null}

			{isStaff && associations.length === 0 ? null : (
				<>
					<h2>Mes associations</h2>
					{associations.length === 0 ? (
						<p>Vous n’êtes membre d’aucune association pour l’instant. Créez la vôtre, ou demandez à son référent de vous inviter.</p>
					) : (
						<ul>
							{associations.map((m) => (
								<li key={m.organizationId}>
									<Link to={`/associations/${m.organizationId}`}>{m.organizationName}</Link> ({ROLE_LABELS[m.role]})
								</li>
							))}
						</ul>
					)}
					{isStaff ? null : (
						<p>
							<Link to="/associations/nouvelle" className="button">
								Créer une association
							</Link>
						</p>
					)}
				</>
			)}

			{funders.length > 0 ? (
				<>
					<h2>Financeur</h2>
					<p>
						Vous faites partie de l’équipe de {funders.map((f) => f.organizationName).join(', ')}.{' '}
						<Link to="/gestion">Ouvrir la gestion des appels</Link>
					</p>
				</>
			) : null}
			{supporters.length > 0 ? (
				<>
					<h2>Accompagnement</h2>
					<p>
						Vous faites partie de l’équipe de {supporters.map((s) => s.organizationName).join(', ')}.{' '}
						<Link to="/accompagnement">Ouvrir l’espace d’accompagnement</Link>
					</p>
				</>
			) : null}
			{isJuror ? (
				<>
					<h2>Jury</h2>
					<p>
						Vous siégez à un jury : vos dossiers à évaluer, leur avancement et la date de fin du jury sont dans votre espace de juré.{' '}
						<Link to="/jury">Ouvrir mon jury</Link>
					</p>
				</>
			) : null}
			{isPlatformAdmin ? (
				<>
					<h2>Administration</h2>
					<p>
						<Link to="/admin">Gérer les financeurs et les structures d’accompagnement</Link>
					</p>
				</>
			) : null}
			<h2>Mon compte</h2>
			<ul>
				<li>
					<Link to="/compte/donnees">Mes données personnelles</Link> : voir et télécharger ce que le portail garde à mon sujet (PDF ou JSON)
				</li>
				<li>
					<Link to="/compte/suppression">Supprimer mon compte</Link>
				</li>
				<li>
					<Link to="/confidentialite">Confidentialité</Link> : pourquoi et combien de temps mes données sont gardées
				</li>
			</ul>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
