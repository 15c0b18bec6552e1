import type { SerializeFrom } from '@remix-run/node'
import { useParams } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import type { ReactElement, ReactNode } from 'react'
import type { loadApplicationDetails } from '#app/domain/applications/read-model.server.ts'
import {
	CHARGE_ACCOUNTS,
	COOPERATION_TOPICS,
	INVOLVEMENT_FORMS,
	MEMBER_STATUS_LABELS,
	OTHER_PARTNER_KINDS,
	PRODUCT_ACCOUNTS,
	SECTION_LABELS,
	SHARING_LEVELS,
	TERRITORY_KINDS,
	TRIGGERS,
} from '#app/domain/applications/options.ts'
import { answerText, sizeLabel } from '#app/domain/applications/answers.ts'
import { VERDICT_LABELS } from '#app/domain/supporters/opinions.ts'
import { ServerCached } from '#app/components/server-cached.tsx'
import { TabNav } from '#app/components/tab-nav.tsx'
import { formatCents, formatDate, formatDateTime, formatInteger } from '#app/utils/format.ts'

type FullDetails = SerializeFrom<Awaited<ReturnType<typeof loadApplicationDetails>>>
/** The whole application; the questions' answers and the files are optional (the funder's view builds its own). */
export type ApplicationDetails = Omit<FullDetails, 'files' | 'answers' | 'attachments' | 'call'> & {
	call: Omit<FullDetails['call'], 'questions' | 'requiredAttachments'> & Partial<Pick<FullDetails['call'], 'questions' | 'requiredAttachments'>>
	files?: FullDetails['files']
	answers?: FullDetails['answers']
}

/** "PDF", "DOCX"…: the extension, which the upload check matched against the content. */
const fileType = (filename: string) => /\.([a-z0-9]{1,5})$/i.exec(filename)?.[1]?.toUpperCase() ?? 'Fichier'

const labelOf = (options: readonly { value: string; label: string }[], value: string) => options.find((o) => o.value === value)?.label ?? value

/**
 * The application's pages; partners see the dossier and their engagement page. `followUp`: the
 * dossier is retained and its call decided (the policy's findFollowUp): its agreement and its
 * evaluation are linked too.
 */
export function ApplicationNav({ id, isLead, followUp = false, publication = false }: { id: string; isLead: boolean; followUp?: boolean; publication?: boolean }) {
	const sections = isLead
		? [
				['', 'Dossier'],
				['projet', 'Projet'],
				['cooperation', 'Coopération'],
				['budget', 'Budget'],
				['questions', 'Questions'],
				['pieces', 'Pièces jointes'],
				['partenaires', 'Partenaires'],
				['messages', 'Messages'],
			]
		: [
				['', 'Dossier'],
				['pieces', 'Pièces jointes'],
				['engagement', 'Engagement de mon association'],
				['messages', 'Messages'],
			]
	const links = followUp
		? [
				...sections,
				['convention', 'Convention et versements'],
				['evaluation', 'Évaluation de fin de projet'],
				// Once the evaluation is approved: the public showcase (issue 12).
				...(publication ? [['publication', 'Publication du projet']] : []),
			]
		: sections
	return <TabNav label="Sections du dossier" tabs={links.map(([page, label]) => ({ to: `/candidatures/${id}${page ? `/${page}` : ''}`, label: label!, end: true }))} />
}

/** The page of the dossier where each section of the checklist is completed. */
const SECTION_PAGES: Record<keyof typeof SECTION_LABELS, string | null> = {
	projet: 'projet',
	cooperation: 'cooperation',
	partenaires: 'partenaires',
	budget: 'budget',
	questions: 'questions',
	pieces: 'pieces',
	calendrier: null,
}

/** What is still missing before submission, by section; each item links to where it is done. */
export function Checklist({ problems }: { problems: { section: keyof typeof SECTION_LABELS; message: string }[] }) {
	const { applicationId } = useParams()
	if (problems.length === 0) return <p>Le dossier est complet : il peut être déposé.</p>
	const sections = [...new Set(problems.map((p) => p.section))]
	return (
		<div>
			{sections.map((section) => (
				<div key={section}>
					<h3>{SECTION_LABELS[section]}</h3>
					<ul>
						{problems
							.filter((p) => p.section === section)
							.map((p) => (
								<li key={p.message}>
									{applicationId && SECTION_PAGES[p.section] ? <Link to={`/candidatures/${applicationId}/${SECTION_PAGES[p.section]}`}>{p.message}</Link> : p.message}
								</li>
							))}
					</ul>
				</div>
			))}
		</div>
	)
}

function Text({ value }: { value: string | null | undefined }) {
	return value?.trim() ? <p style={{ whiteSpace: 'pre-line', margin: 0 }}>{value}</p> : <p className="muted" style={{ margin: 0 }}>Non renseigné</p>
}

/**
 * The whole application, read-only: what a partner reads before committing, the funder rules
 * on and a juror scores. A pure function of the details, with no React context: rendered once
 * per version of the dossier for everyone who reads it (ServerCached).
 */
export function ApplicationReadOnly({ details }: { details: ApplicationDetails }) {
	return <ServerCached name="dossier-read-only" inputs={details} render={() => <ApplicationSections details={details} />} />
}

/** The dossier's sections, read-only, with no React context: a page may keep it out of its data (StaticPart). */
export function ApplicationSections({ details }: { details: ApplicationDetails }) {
	const { members } = details
	const nameOf = (organizationId: string) => members.find((m) => m.organizationId === organizationId)?.name ?? ''
	return (
		<>
			<ProjectSection {...projectSectionOf(details)} />
			<CooperationSection cooperation={details.cooperation} />
			<BudgetSection budget={details.budget} totals={details.totals} callTitle={details.call.title} />
			{details.call.questions?.length ? <QuestionsSection questions={details.call.questions} answers={details.answers} /> : null}
			{details.files ? (
				<section aria-labelledby="lecture-pieces">
					<h2 id="lecture-pieces">Pièces jointes</h2>
					{details.files.length === 0 ? (
						<p className="muted">Aucune pièce jointe.</p>
					) : (
						<ul>
							{details.files.map((file) => (
								<li key={file.id} style={{ overflowWrap: 'anywhere' }}>
									<strong>{details.call.requiredAttachments?.find((a) => a.key === file.kind)?.label ?? file.kind}</strong>
									{file.organizationId ? ` — ${nameOf(file.organizationId)}` : ''} : <a href={file.href}>{file.filename}</a>{' '}
									<span className="muted">
										({fileType(file.filename)}, {sizeLabel(file.sizeBytes)})
									</span>
								</li>
							))}
						</ul>
					)}
				</section>
			) : null}

			<section aria-labelledby="lecture-consortium">
				<h2 id="lecture-consortium">Associations du projet</h2>
				<MembersTable members={members} submitted={details.status !== 'draft' && details.status !== 'withdrawn'} />
				<p>
					<strong>Structure d’accompagnement :</strong> {details.supporter?.name ?? 'aucune'}
				</p>
			</section>

			{details.supporterOpinion ? <SupporterOpinion opinion={details.supporterOpinion} /> : null}
		</>
	)
}

/**
 * A section's page when the viewer may not edit it: why, then the section as the dossier's
 * view shows it (rendered once per input on the server), not a disabled form.
 */
export function ReadOnlySectionPage({
	title,
	id,
	isLead,
	name,
	inputs,
	render,
	children,
}: {
	title: string
	id: string
	isLead: boolean
	name: string
	inputs: unknown
	render: () => ReactElement
	/** What the page adds after the section (per request, not kept). */
	children?: ReactNode
}) {
	return (
		<>
			<h1>{title}</h1>
			<ApplicationNav id={id} isLead={isLead} />
			<ReadOnlyNotice isLead={isLead} />
			<ServerCached name={name} inputs={inputs} render={render} />
			{children}
		</>
	)
}

/**
 * Why a section of the dossier cannot be edited by this viewer: for the lead, the dossier is no
 * longer a draft (a funder's request can reopen it); for a partner, only the lead edits a draft.
 * Above the read-only section, and above a form whose save was refused because it closed.
 */
export function ReadOnlyNotice({ isLead }: { isLead: boolean }) {
	return (
		<p className="card">
			{isLead
				? 'Cette section est en lecture seule : le dossier n’est plus un brouillon. Une demande de complément du financeur peut la rouvrir.'
				: 'Cette section est en lecture seule : seule l’association chef de file modifie un dossier en brouillon.'}
		</p>
	)
}

/** What the project section shows: from the dossier's details, or a section page's loader. */
export function projectSectionOf(details: {
	title: string
	summary: string
	themeIds: string[]
	project: ApplicationDetails['project']
	members: { organizationId: string | null; name: string | null }[]
	call: { themes: { id: string; label: string }[] }
}) {
	return {
		title: details.title,
		summary: details.summary,
		themes: details.call.themes.filter((t) => details.themeIds.includes(t.id)),
		project: details.project,
		members: details.members.map((m) => ({ organizationId: m.organizationId, name: m.name })),
	}
}

/**
 * Each section of the dossier as it reads once written: the whole dossier's view is made of
 * them, and a section's own page shows its part this way when the viewer may not edit it
 * (the dossier is submitted, or the viewer is a partner), rather than a disabled form.
 * Pure functions of their props (no React context), so that they can be rendered once per
 * input on the server (ServerCached).
 */
export function ProjectSection({ title, summary, themes, project, members }: ReturnType<typeof projectSectionOf>) {
	const nameOf = (organizationId: string) => members.find((m) => m.organizationId === organizationId)?.name ?? ''
	return (
		<section aria-labelledby="lecture-projet">
			<h2 id="lecture-projet">Projet</h2>
			<dl className="facts">
				<dt>Titre</dt>
				<dd>{title}</dd>
				<dt>Thèmes</dt>
				<dd>{themes.map((t) => t.label).join(', ') || '—'}</dd>
				<dt>Territoire</dt>
				<dd>
					{project.territory || '—'}
					{project.territoryKind ? ` (${labelOf(TERRITORY_KINDS, project.territoryKind)})` : ''}
				</dd>
				<dt>Personnes attendues</dt>
				<dd>{formatInteger(project.expectedParticipants)}</dd>
			</dl>
			<h3>Résumé</h3>
			<Text value={summary} />
			<h3>Publics</h3>
			<Text value={project.publics} />
			<h3>Objectifs collectifs</h3>
			<Text value={project.collectiveObjectives} />
			<h3>Objectifs spécifiques de chaque association</h3>
			{project.specificObjectives.filter((o) => o.text).length === 0 ? (
				<p className="muted">Non renseignés</p>
			) : (
				<ul>
					{project.specificObjectives
						.filter((o) => o.text)
						.map((o) => (
							<li key={o.organizationId}>
								<strong>{nameOf(o.organizationId)}</strong> : {o.text}
							</li>
						))}
				</ul>
			)}
			<h3>Indicateurs de réussite</h3>
			{project.indicators.length === 0 ? (
				<p className="muted">Non renseignés</p>
			) : (
				<ul>
					{project.indicators.map((i, index) => (
						<li key={index}>
							{i.label} — cible : {i.target}
						</li>
					))}
				</ul>
			)}
			<h3>Échéancier</h3>
			{project.timetable.length === 0 ? (
				<p className="muted">Non renseigné</p>
			) : (
				<ul>
					{project.timetable.map((s, index) => (
						<li key={index}>
							{formatDate(s.date)} : {s.label}
						</li>
					))}
				</ul>
			)}
		</section>
	)
}

export function CooperationSection({ cooperation }: Pick<ApplicationDetails, 'cooperation'>) {
	return (
		<section aria-labelledby="lecture-cooperation">
			<h2 id="lecture-cooperation">Coopération</h2>
			<dl className="facts">
				<dt>Niveau de partage</dt>
				<dd>{cooperation.level ? labelOf(SHARING_LEVELS, cooperation.level) : '—'}</dd>
				<dt>Déclencheurs</dt>
				<dd>{cooperation.triggers.map((t) => labelOf(TRIGGERS, t)).join(' ; ') || '—'}</dd>
				<dt>Formes d’implication</dt>
				<dd>
					{cooperation.involvementForms.map((f) => labelOf(INVOLVEMENT_FORMS, f)).join(' ; ') || '—'}
					{cooperation.involvementOther ? ` (${cooperation.involvementOther})` : ''}
				</dd>
				<dt>Autres partenaires</dt>
				<dd>
					{cooperation.otherPartners.map((p) => labelOf(OTHER_PARTNER_KINDS, p)).join(', ') || '—'}
					{cooperation.otherPartnersDetails ? ` : ${cooperation.otherPartnersDetails}` : ''}
				</dd>
			</dl>
			<h3>Pense-pas-bête de la coopération</h3>
			{COOPERATION_TOPICS.map((topic) => (
				<div key={topic.value}>
					<h4 style={{ margin: '12px 0 4px' }}>{topic.label}</h4>
					<Text value={cooperation.topics[topic.value]} />
				</div>
			))}
		</section>
	)
}

export function BudgetSection({ budget, totals, callTitle }: Pick<ApplicationDetails, 'budget' | 'totals'> & { callTitle: string }) {
	return (
		<section aria-labelledby="lecture-budget">
			<h2 id="lecture-budget">Budget prévisionnel</h2>
			<BudgetLinesTable caption="Charges" accounts={CHARGE_ACCOUNTS} lines={budget.charges} totalLabel="Total des charges" totalCents={totals.charges} />
			<BudgetLinesTable
				caption="Produits"
				accounts={PRODUCT_ACCOUNTS}
				lines={budget.products}
				totalLabel="Total des produits"
				totalCents={totals.products}
				first={{ account: '74 – Subvention demandée à cet appel', label: callTitle, amountCents: budget.amountRequestedCents }}
			/>
		</section>
	)
}

/** One side of the budget (charges or products): a row per line, then its total; `first`, a row before the lines. */
function BudgetLinesTable({
	caption,
	accounts,
	lines,
	totalLabel,
	totalCents,
	first,
}: {
	caption: string
	accounts: readonly { value: string; label: string }[]
	lines: ApplicationDetails['budget']['charges']
	totalLabel: string
	totalCents: number
	first?: { account: string; label: string; amountCents: number | null }
}) {
	return (
		<table>
			<caption className="muted" style={{ textAlign: 'left' }}>
				{caption}
			</caption>
			<tbody>
				{first ? (
					<tr>
						<td>{first.account}</td>
						<td>{first.label}</td>
						<td>{formatCents(first.amountCents)}</td>
					</tr>
				) : null}
				{lines.map((line, index) => (
					<tr key={index}>
						<td>{labelOf(accounts, line.account)}</td>
						<td>{line.label}</td>
						<td>{formatCents(line.amountCents)}</td>
					</tr>
				))}
				<tr>
					<th scope="row" colSpan={2}>
						{totalLabel}
					</th>
					<td>{formatCents(totalCents)}</td>
				</tr>
			</tbody>
		</table>
	)
}

export function QuestionsSection({ questions, answers }: { questions: NonNullable<ApplicationDetails['call']['questions']>; answers: ApplicationDetails['answers'] }) {
	return (
		<section aria-labelledby="lecture-questions">
			<h2 id="lecture-questions">Questions de l’appel</h2>
			{questions.length === 0 ? <p>Cet appel à projets ne pose pas de question particulière.</p> : null}
			{questions.map((question) => (
				<div key={question.id}>
					<h3 style={{ margin: '12px 0 4px' }}>{question.label}</h3>
					<Text value={answerText(question, answers?.[question.id])} />
				</div>
			))}
		</section>
	)
}

/**
 * The opinion of the accompanying structure (issue 8), beside the dossier: the verdict and
 * the text for the funder and the jury; for the consortium, whose read model leaves them
 * out, only that it was given.
 */
export function SupporterOpinion({ opinion }: { opinion: NonNullable<ApplicationDetails['supporterOpinion']> }) {
	const changed = opinion.updatedAt !== opinion.givenAt
	return (
		<section aria-labelledby="lecture-avis">
			<h2 id="lecture-avis">Avis de la structure d’accompagnement</h2>
			{opinion.verdict ? (
				<>
					<dl className="facts">
						<dt>Structure</dt>
						<dd>{opinion.organizationName ?? '—'}</dd>
						<dt>Avis</dt>
						<dd>
							<strong>{VERDICT_LABELS[opinion.verdict]}</strong>
						</dd>
						<dt>Date</dt>
						<dd>
							{formatDate(opinion.givenAt)}
							{changed ? ` (modifié le ${formatDate(opinion.updatedAt)})` : ''}
						</dd>
					</dl>
					<Text value={opinion.text} />
				</>
			) : (
				<p>
					{opinion.organizationName ?? 'Votre structure d’accompagnement'} a donné son avis le {formatDate(opinion.givenAt)}. Il est transmis au financeur et au
					jury.
				</p>
			)}
		</section>
	)
}

export function MembersTable({ members, submitted = false }: { members: ApplicationDetails['members']; submitted?: boolean }) {
	return (
		<table>
			<thead>
				<tr>
					<th scope="col">Association</th>
					<th scope="col">Statut</th>
					<th scope="col">Rôle (qui fait quoi)</th>
					<th scope="col">Contribution</th>
					<th scope="col">Part du budget</th>
				</tr>
			</thead>
			<tbody>
				{members.map((m) => (
					<tr key={m.id}>
						<th scope="row">
							{m.name ?? m.invitedEmail}
							{m.role === 'lead' ? ' (chef de file)' : ''}
							<br />
							<span className="muted">{m.siret ? `SIRET ${m.siret}` : m.rna ? `RNA ${m.rna}` : 'Invitée par e-mail'}</span>
						</th>
						<td data-label="Statut">
							{/* Submission expires the invitations still pending (submitApplication). */}
							{submitted && m.status === 'invited' && m.role === 'co_carrier' ? 'Invitation expirée au dépôt' : MEMBER_STATUS_LABELS[m.status]}
							{m.message ? <span className="muted"> — « {m.message} »</span> : null}
						</td>
						<td data-label="Rôle" style={{ whiteSpace: 'pre-line' }}>{m.roleDescription || '—'}</td>
						<td data-label="Contribution" style={{ whiteSpace: 'pre-line' }}>{m.contribution || '—'}</td>
						<td data-label="Part du budget">{formatCents(m.budgetShareCents)}</td>
					</tr>
				))}
			</tbody>
		</table>
	)
}

/** The application's history: every status change, confirmation and save, oldest first. */
export function History({ events }: { events: { id: string; createdAt: string; label: string; detail?: string | null; actorName?: string | null }[] }) {
	return (
		<section aria-labelledby="historique">
			<h2 id="historique">Historique</h2>
			<ol>
				{events.map((event) => (
					<li key={event.id}>
						{formatDateTime(event.createdAt)} — {event.label}
						{event.detail ? ` (${event.detail})` : ''}
						{event.actorName ? `, par ${event.actorName}` : ''}
					</li>
				))}
			</ol>
		</section>
	)
}
