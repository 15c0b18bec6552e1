/**
 * Pieces of the public showcase (issue 12): a published project as the list and its own page
 * show it, and the link to an association's directory profile — only when the association
 * published it.
 */
import { Link } from '#app/components/link.tsx'
import type { ReactNode } from 'react'
import { formatCents } from '#app/utils/format.ts'

export type ShowcaseProject = {
	id: string
	title: string
	callTitle: string
	funderName: string
	year: number
	levelLabel: string | null
	themes: string[]
	territory: string[]
	amountGrantedCents: number | null
	summary: string
	results: string
	lessons: string
	associations: { organizationId: string; name: string; lead: boolean; profilePublished: boolean }[]
}

export function AssociationName({ association }: { association: { organizationId: string; name: string; profilePublished: boolean } }) {
	return association.profilePublished ? <Link to={`/partenaires/${association.organizationId}`}>{association.name}</Link> : <>{association.name}</>
}

function Paragraphs({ text }: { text: string }) {
	return <p style={{ whiteSpace: 'pre-line' }}>{text}</p>
}

/** The facts of a project: consortium, territory, themes, level of sharing, call, year, grant. */
export function ProjectFacts({ project }: { project: ShowcaseProject }) {
	return (
		<dl className="facts">
			<dt>Associations</dt>
			<dd>
				<ul style={{ margin: 0, paddingLeft: '1.2em' }}>
					{project.associations.map((a) => (
						<li key={a.organizationId}>
							<AssociationName association={a} />
							{a.lead ? ' (chef de file)' : ''}
						</li>
					))}
				</ul>
			</dd>
			<dt>Territoire</dt>
			<dd>{project.territory.join(', ') || '—'}</dd>
			<dt>Thèmes</dt>
			<dd>{project.themes.join(', ') || '—'}</dd>
			<dt>Niveau de partage</dt>
			<dd>{project.levelLabel ?? '—'}</dd>
			<dt>Appel à projets</dt>
			<dd>
				{project.callTitle} ({project.funderName}), {project.year}
			</dd>
			<dt>Subvention accordée</dt>
			<dd>{formatCents(project.amountGrantedCents)}</dd>
		</dl>
	)
}

/** A project's texts; `heading` is the level of their titles (h2 on its page, h4 in the list). */
export function ProjectTexts({ project, heading: Heading = 'h2' }: { project: ShowcaseProject; heading?: 'h2' | 'h3' | 'h4' }) {
	return (
		<>
			<Heading>Ce que le projet a donné</Heading>
			<Paragraphs text={project.results} />
			<Heading>Ce que nous avons appris</Heading>
			<Paragraphs text={project.lessons} />
		</>
	)
}

export function ShowcaseLinks({ children }: { children?: ReactNode }) {
	return (
		<p>
			<Link to="/projets">Projets réalisés</Link> · <Link to="/projets/cooperations">Qui coopère avec qui</Link> · <Link to="/cooperer">Le pense-pas-bête de la coopération</Link>
			{children}
		</p>
	)
}
