/** A published project of the showcase (issue 12): 404 unless every association of its consortium consented. */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { notFound } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ProjectFacts, ProjectTexts, ShowcaseLinks } from '#app/components/showcase.tsx'
import { getPublishedProject } from '#app/domain/showcase/showcase.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.project.title} — Projets réalisés — Ensemble` : 'Projet — Ensemble' }]

export async function loader({ params }: LoaderFunctionArgs) {
	const project = await getPublishedProject(params.applicationId!)
	if (!project) notFound('Ce projet n’existe pas ou n’est pas publié.')
	return json({ project })
}

export default function PublishedProjectPage() {
	const { project } = useLoaderData<typeof loader>()
	return (
		<>
			<p>
				<Link to="/projets">← Tous les projets réalisés</Link>
			</p>
			<h1>{project.title}</h1>
			<p style={{ whiteSpace: 'pre-line' }}>{project.summary}</p>
			<ProjectFacts project={project} />
			<ProjectTexts project={project} />
			<ShowcaseLinks />
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
