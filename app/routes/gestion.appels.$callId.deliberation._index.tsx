import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { forbidden, notFound, requireUser } from '#app/auth/permissions.server.ts'
import { ShareBars } from '#app/components/charts/share-bars.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ServerCached } from '#app/components/server-cached.tsx'
import { FormErrors, SelectField, Field } from '#app/components/forms.tsx'
import { CALL_STATUS_LABELS } from '#app/domain/calls/call-status.ts'
import { getDeliberationPage, requireDecider } from '#app/domain/deliberation/deliberation-page.server.ts'
import { drawLottery, setProposedAmount, updateDeliberationSettings } from '#app/domain/deliberation/decisions.server.ts'
import {
	centsToInput,
	DECISION_LABELS,
	decisionOf,
	FLAG_LABELS,
	FLAGS,
	LotterySchema,
	ProposedAmountSchema,
	RANKING_SCORE_LABELS,
	SettingsSchema,
	type SortKey,
	type TableQuery,
} from '#app/domain/deliberation/decisions.ts'
import { formatCents, formatDateTime } from '#app/utils/format.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Délibération — ${data?.call.title ?? 'Appel à projets'} — Ensemble` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	return json(await getDeliberationPage({ user, callId: params.callId!, search: new URL(request.url).searchParams }))
}

type ActionData =
	| { intent: 'settings'; result: SubmissionResult<string[]> }
	| { intent: 'propose'; applicationId: string; amount: string; error: string }
	| { intent: 'draw-lottery' | 'unknown'; error: string }

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requireUser(request)
	const callId = params.callId!
	const url = new URL(request.url)
	url.searchParams.delete('index')
	const back = `${url.pathname}${url.search}`
	await requireDecider(user, callId)
	const formData = await readFormData(request)
	const intent = formData.get('intent')
	const answer = (data: ActionData, status: number) => json(data, { status })

	if (intent === 'settings') {
		const submission = parseSubmission(formData, { schema: SettingsSchema })
		if (submission.status !== 'success') return answer({ intent, result: submission.reply() }, 400)
		const { intent: _intent, ...settings } = submission.value
		const outcome = await updateDeliberationSettings({ user, callId, ...settings })
		if (!outcome.ok) {
			if (outcome.status === 'not-staff') forbidden()
			return answer({ intent, result: submission.reply({ formErrors: [outcome.message] }) }, 409)
		}
		return redirectWithToast(back, { title: 'Réglages de la délibération enregistrés' })
	}
	if (intent === 'propose') {
		// Validated whole (the schema bounds each field); only what is sent back to the form is cut.
		const parsed = ProposedAmountSchema.safeParse({ intent, applicationId: formData.get('applicationId') ?? '', amount: formData.get('amount') ?? '' })
		const applicationId = String(formData.get('applicationId') ?? '').slice(0, 100)
		const amount = String(formData.get('amount') ?? '').slice(0, 100)
		if (!parsed.success) return answer({ intent, applicationId, amount, error: parsed.error.issues[0]?.message ?? 'Montant invalide.' }, 400)
		const outcome = await setProposedAmount({ user, callId, applicationId, amountCents: parsed.data.amount })
		if (outcome === null) notFound('Ce dossier n’existe pas dans cette délibération, ou vous n’y avez pas accès.')
		if (!outcome.ok) {
			if (outcome.status === 'not-staff') forbidden()
			return answer({ intent, applicationId, amount, error: outcome.message }, outcome.field ? 400 : 409)
		}
		return redirectWithToast(`${back}#dossier-${applicationId}`, { title: 'Montant proposé enregistré' })
	}
	if (LotterySchema.safeParse({ intent }).success) {
		const outcome = await drawLottery({ user, callId })
		if (!outcome.ok) {
			if (outcome.status === 'not-staff') forbidden()
			return answer({ intent: 'draw-lottery', error: outcome.message }, 409)
		}
		return redirectWithToast(`${back}#tirage`, { title: 'Tirage au sort effectué', description: `Graine enregistrée : ${outcome.seed}.` })
	}
	return answer({ intent: 'unknown', error: 'Action inconnue.' }, 400)
}

const COLUMNS: { key: SortKey; label: string }[] = [
	{ key: 'rang', label: 'Rang' },
	{ key: 'titre', label: 'Dossier' },
	{ key: 'brut', label: 'Moyenne brute' },
	{ key: 'calibre', label: 'Score calibré' },
	{ key: 'evaluations', label: 'Évaluations' },
	{ key: 'ecart', label: 'Écart' },
	{ key: 'demande', label: 'Demandé' },
	{ key: 'propose', label: 'Proposé' },
	{ key: 'decision', label: 'Décision' },
]

/** Every sort, also offered in the form above the table (a phone shows the rows as cards, without their header). */
const SORT_OPTIONS: { key: SortKey; label: string }[] = [
	...COLUMNS.slice(0, 2),
	{ key: 'porteur', label: 'Porteur' },
	{ key: 'departement', label: 'Département' },
	...COLUMNS.slice(2),
]

// One formatter for the page: building an Intl.NumberFormat per cell (toLocaleString with options) cost a tenth of the 500-row page.
const ONE_DECIMAL = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 })
const score = (value: number | null) => (value === null ? '—' : ONE_DECIMAL.format(value))

function queryString(query: TableQuery, change: Partial<TableQuery>) {
	const next = { ...query, ...change }
	const params = new URLSearchParams()
	if (next.sort !== 'rang') params.set('tri', next.sort)
	if (next.direction !== 'asc') params.set('ordre', next.direction)
	if (next.theme) params.set('theme', next.theme)
	if (next.departement) params.set('departement', next.departement)
	if (next.flag) params.set('signal', next.flag)
	const text = params.toString()
	return text ? `?${text}` : '?'
}

export default function DeliberationPage() {
	const data = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>() as ActionData | undefined
	const { call, query, funding, totals, model, rows } = data
	const base = `/gestion/appels/${call.id}`
	const ranking = call.rankingScore
	const lineShown = data.lineDrawn
	// The rows use plain links and forms (500 of each): Remix's resolve the same path again for every one. The action URL keeps the table's query.
	const location = useLocation()
	const rowAction = `${location.pathname}?index${location.search ? `&${location.search.slice(1)}` : ''}`
	const proposeError = actionData?.intent === 'propose' ? actionData : null
	return (
		<>
			<p>{data.isStaff ? <Link to={base}>← {call.title}</Link> : <Link to="/jury">← Espace juré</Link>}</p>
			<h1>Délibération — {call.title}</h1>
			<p>Étape de l’appel : {CALL_STATUS_LABELS[call.status] ?? call.status}</p>
			<p>
				<Link to={`${base}/deliberation/cloture`}>{call.status === 'deliberation' ? (data.isStaff ? 'Clore la délibération' : 'Valider les décisions') : 'Délibération close'}</Link>
				{' · '}
				<a href={`${base}/proces-verbal.pdf`}>{call.status === 'deliberation' ? 'projet de procès-verbal (PDF)' : 'procès-verbal (PDF)'}</a>
			</p>
			{data.hiddenForConflict > 0 ? (
				<p className="card">
					{data.hiddenForConflict === 1
						? '1 dossier ne vous est pas présenté (conflit d’intérêts).'
						: `${data.hiddenForConflict} dossiers ne vous sont pas présentés (conflit d’intérêts).`}
				</p>
			) : null}

			<h2>Enveloppe</h2>
			<dl className="facts">
				<dt>Enveloppe de l’appel</dt>
				<dd>{call.envelopeCents === null ? 'Aucune enveloppe fixée' : formatCents(call.envelopeCents)}</dd>
				<dt>Total proposé</dt>
				<dd>{formatCents(totals.proposedCents)}</dd>
				<dt>Total retenu</dt>
				<dd>{formatCents(totals.retainedCents)}</dd>
				{call.envelopeCents !== null ? (
					<>
						<dt>Reste à attribuer</dt>
						<dd>{formatCents(call.envelopeCents - totals.retainedCents)}</dd>
					</>
				) : null}
				{funding ? (
					<>
						<dt>Ligne de financement</dt>
						<dd>
							{`${funding.line} dossier${funding.line > 1 ? 's' : ''} au-dessus de la ligne (${formatCents(funding.used)} sur les montants proposés)`}
							{data.onTheLine > 0 ? `, ${data.onTheLine} à départager` : ''}
						</dd>
					</>
				) : null}
				{call.maxAmountPerProjectCents !== null ? (
					<>
						<dt>Plafond par projet</dt>
						<dd>{formatCents(call.maxAmountPerProjectCents)}</dd>
					</>
				) : null}
			</dl>

			<h2>Méthode</h2>
			<p>
				Le classement suit le <strong>{RANKING_SCORE_LABELS[ranking].toLowerCase()}</strong>. Les deux scores sont toujours affichés, sur 100. Un écart entre jurés
				supérieur à {call.disagreementThreshold} points signale un désaccord.
			</p>
			<p>
				Score calibré : la sévérité ou l’indulgence de chaque juré est estimée à partir des dossiers qu’il partage avec les autres, puis retirée de ses notes, avec un
				rappel vers zéro (λ = {model.shrinkage.toLocaleString('fr-FR', { maximumFractionDigits: 2 })},{' '}
				{model.source === 'estimated' ? 'estimé sur les notes du jury' : model.source === 'default' ? 'valeur par défaut, trop peu de notes pour l’estimer' : 'fixé'}
				). Bruit de notation σ = {model.noiseSd === null ? 'non mesurable' : `${score(model.noiseSd)} points`} ; écart typique entre jurés τ ={' '}
				{model.offsetSd === null ? 'non mesurable' : `${score(model.offsetSd)} points`}. Un juré qui n’a noté qu’un dossier voit sa correction ramenée presque à zéro.
			</p>

			{data.canDecide ? <SettingsForm call={call} lastResult={actionData?.intent === 'settings' ? actionData.result : undefined} /> : null}

			{call.lotteryEnabled || call.lotterySeed !== null ? (
				<section aria-labelledby="tirage">
					<h2 id="tirage">Tirage au sort</h2>
					{data.lottery ? (
						<>
							<p>
								Tirage effectué le {formatDateTime(call.lotteryDrawnAt)} avec la graine <strong>{data.lottery.seed}</strong> (reproductible depuis le procès-verbal).
								Budget laissé aux dossiers à départager : {formatCents(data.lottery.budgetCents)}.
							</p>
							<ol>
								{data.lottery.order.map((d) => (
									<li key={d.id}>
										{d.title} — {d.funded ? 'financé' : 'non financé'}
									</li>
								))}
							</ol>
						</>
					) : (
						<p>{data.onTheLine > 0 ? `${data.onTheLine} dossier(s) à départager : le tirage n’a pas encore eu lieu.` : 'Aucun dossier n’est à départager.'}</p>
					)}
					{actionData?.intent === 'draw-lottery' ? <FormErrors id="lottery-error" errors={[actionData.error]} /> : null}
					{data.canDecide && !data.lottery && data.onTheLine > 0 ? (
						<Form method="post">
							<button type="submit" name="intent" value="draw-lottery">
								Tirer au sort les dossiers à départager
							</button>
						</Form>
					) : null}
				</section>
			) : null}

			<h2 id="classement">Classement</h2>
			<Form method="get" className="filters" aria-label="Trier et filtrer le classement">
				<div className="grid-2">
					<SelectField
						label="Trier par"
						selectProps={{ id: 'tri', name: 'tri', defaultValue: query.sort }}
						options={SORT_OPTIONS.map((o) => ({ value: o.key, label: o.label }))}
					/>
					<SelectField
						label="Ordre"
						selectProps={{ id: 'ordre', name: 'ordre', defaultValue: query.direction }}
						options={[
							{ value: 'asc', label: 'Croissant' },
							{ value: 'desc', label: 'Décroissant' },
						]}
					/>
					<SelectField
						label="Thème"
						selectProps={{ id: 'filtre-theme', name: 'theme', defaultValue: query.theme ?? '' }}
						placeholder="Tous les thèmes"
						options={data.themes.map((t) => ({ value: t, label: t }))}
					/>
					<SelectField
						label="Département"
						selectProps={{ id: 'filtre-departement', name: 'departement', defaultValue: query.departement ?? '' }}
						placeholder="Tous les départements"
						options={data.departements.map((d) => ({ value: d, label: d }))}
					/>
					<SelectField
						label="Signal ou décision"
						selectProps={{ id: 'filtre-signal', name: 'signal', defaultValue: query.flag ?? '' }}
						placeholder="Tous les dossiers"
						options={FLAGS.map((f) => ({ value: f, label: FLAG_LABELS[f] }))}
					/>
				</div>
				<p className="form-actions">
					<button type="submit">Appliquer</button>
					<Link to={queryString({ ...query, theme: null, departement: null, flag: null }, {})}>Effacer les filtres</Link>
				</p>
			</Form>
			<p role="status">
				{[
					data.shown === data.total ? `${data.total} dossier${data.total > 1 ? 's' : ''}` : `${data.shown} dossier${data.shown > 1 ? 's' : ''} sur ${data.total}`,
					data.pages > 1 ? ` — page ${data.page} sur ${data.pages}` : '',
					lineShown ? '' : ' — la ligne de financement est tracée dans le tri par rang croissant.',
				].join('')}
			</p>
			<div className="table-scroll table-breakout" role="region" aria-labelledby="classement" tabIndex={0}>
				<table className="deliberation-table">
					<thead>
						<tr>
							{COLUMNS.map((column) => {
								const active = query.sort === column.key
								const nextDirection = active && query.direction === 'asc' ? 'desc' : 'asc'
								const marked = (column.key === 'brut' && ranking === 'raw') || (column.key === 'calibre' && ranking === 'calibrated')
								return (
									<th key={column.key} scope="col" aria-sort={active ? (query.direction === 'asc' ? 'ascending' : 'descending') : undefined}>
										<Link to={queryString(query, { sort: column.key, direction: nextDirection })}>
											{column.label}
											{marked ? ' (classe)' : ''}
											{active ? (query.direction === 'asc' ? ' ▲' : ' ▼') : ''}
										</Link>
									</th>
								)
							})}
							<th scope="col">Signaux</th>
						</tr>
					</thead>
					{/* The fifty rows are the page's weight: rendered once per distinct content (a refused amount shows its error, so not then). */}
					<ServerCached
						as="tbody"
						name="deliberation-rows"
						inputs={proposeError ? null : [data.rowsKey, base, data.isStaff, data.canDecide, ranking, rowAction].join('|')}
						render={() => (
							<RankingRows rows={rows} base={base} isStaff={data.isStaff} canDecide={data.canDecide} ranking={ranking} rowAction={rowAction} proposeError={proposeError} />
						)}
					/>
				</table>
			</div>
			{data.pages > 1 ? (
				<nav aria-label="Pages du classement">
					<ul className="form-actions" style={{ listStyle: 'none', padding: 0 }}>
						{Array.from({ length: data.pages }, (_, i) => i + 1).map((n) => (
							<li key={n}>
								{n === data.page ? (
									<strong aria-current="page">{`Page ${n}`}</strong>
								) : (
									<a href={`${queryString(query, {})}${queryString(query, {}) === '?' ? '' : '&'}page=${n}`}>{`Page ${n}`}</a>
								)}
							</li>
						))}
					</ul>
				</nav>
			) : null}

			<h2>Équilibre de l’enveloppe</h2>
			{data.chart.byTheme.length === 0 ? (
				<p>Aucun montant retenu ni proposé au-dessus de la ligne pour l’instant.</p>
			) : (
				<>
					<ShareBars
						title="Enveloppe utilisée par thème"
						groupLabel="Thème"
						note="un dossier à plusieurs thèmes compte pour chacun"
						bars={data.chart.byTheme.map((s) => ({ label: s.label, value: s.cents, count: s.dossiers }))}
						total={call.envelopeCents}
						format={formatCents}
						valueLabel="Montant"
						countLabel="Dossiers"
					/>
					<ShareBars
						title="Enveloppe utilisée par département"
						groupLabel="Département"
						bars={data.chart.byDepartement.map((s) => ({ label: s.label, value: s.cents, count: s.dossiers }))}
						total={call.envelopeCents}
						format={formatCents}
						valueLabel="Montant"
						countLabel="Dossiers"
					/>
					<p className="muted">Montants retenus, et montants proposés des dossiers pas encore décidés au-dessus de la ligne de financement.</p>
				</>
			)}
		</>
	)
}

type RankingRow = ReturnType<typeof useLoaderData<typeof loader>>['rows'][number]

/** The ranking's rows, with no React context (ServerCached): plain links and forms. */
function RankingRows({
	rows,
	base,
	isStaff,
	canDecide,
	ranking,
	rowAction,
	proposeError,
}: {
	rows: RankingRow[]
	base: string
	isStaff: boolean
	canDecide: boolean
	ranking: 'raw' | 'calibrated'
	rowAction: string
	proposeError: { applicationId: string; amount: string; error: string } | null
}) {
	return (
		<>
			{rows.map((row) => {
				const separator = row.lineBefore
				const decision = decisionOf(row.status)
				const rowError = proposeError && proposeError.applicationId === row.applicationId ? proposeError : null
				return [
					separator ? (
						<tr key={`line-${row.applicationId}`} className="funding-line">
							<td colSpan={COLUMNS.length + 1}>
								<strong>Ligne de financement</strong> — au-dessus, les dossiers financés dans l’enveloppe sur les montants proposés
							</td>
						</tr>
					) : null,
					<tr key={row.applicationId} id={`dossier-${row.applicationId}`}>
						<td className="num" data-label="Rang">
							{row.rank === null ? '—' : row.interval && (row.interval.low !== row.rank || row.interval.high !== row.rank) ? `${row.rank} (${row.interval.low}–${row.interval.high})` : row.rank}
						</td>
						<th scope="row">
							{isStaff ? <a href={`${base}/candidatures/${row.applicationId}`}>{row.title}</a> : row.title}
							<br />
							<span className="muted">
								{row.leadName}
								{row.departement ? ` (${row.departement})` : ''}
								{row.themeLabels.length ? ` — ${row.themeLabels.join(', ')}` : ''}
							</span>
						</th>
						<td className="num" data-label={`Moyenne brute${ranking === 'raw' ? ' (classe)' : ''}`}>{score(row.raw)}</td>
						<td className="num" data-label={`Score calibré${ranking === 'calibrated' ? ' (classe)' : ''}`}>{score(row.calibrated)}</td>
						<td className="num" data-label="Évaluations">{row.evaluations}</td>
						<td className="num" data-label="Écart">
							{score(row.spread)}
							{row.disagreement ? <strong> désaccord</strong> : null}
						</td>
						<td className="num" data-label="Demandé">{formatCents(row.amountRequestedCents)}</td>
						<td className="num" data-label="Proposé">
							{/* A retained dossier's amount is its decision's (changed on its decision page). */}
							{canDecide && decision !== 'selected' && decision !== 'rejected' ? (
								<form method="post" action={rowAction} className="inline-amount">
									<input type="hidden" name="intent" value="propose" />
									<input type="hidden" name="applicationId" value={row.applicationId} />
									<label htmlFor={`montant-${row.applicationId}`}>{`Montant proposé pour « ${row.title} » (euros)`}</label>
									<input
										// A new amount saved remounts the field with it (as the server wrote it); a refused one stays as typed.
										key={row.proposedAmountCents}
										id={`montant-${row.applicationId}`}
										name="amount"
										inputMode="decimal"
										autoComplete="off"
										defaultValue={rowError ? rowError.amount : centsToInput(row.proposedAmountCents)}
										aria-invalid={rowError ? true : undefined}
										aria-describedby={rowError ? `montant-${row.applicationId}-error` : undefined}
									/>
									{rowError ? (
										<p id={`montant-${row.applicationId}-error`} className="field-error">
											{rowError.error}
										</p>
									) : null}
									<button type="submit" className="secondary">
										Enregistrer<span className="visually-hidden">{` le montant de « ${row.title} »`}</span>
									</button>
								</form>
							) : (
								formatCents(row.proposedAmountCents)
							)}
						</td>
						<td data-label="Décision">
							{decision ? (
								<>
									<strong>{DECISION_LABELS[decision]}</strong>
									{decision === 'selected' && row.amountGrantedCents !== null ? ` — ${formatCents(row.amountGrantedCents)}` : ''}
									{decision === 'waitlisted' && row.waitlistPosition !== null ? ` (rang ${row.waitlistPosition})` : ''}
									{row.decisionMotivation ? <span className="muted motivation"> {row.decisionMotivation}</span> : null}
		</>
						) : (
							'À décider'
						)}
						{canDecide ? (
							<>
								<br />
								<a href={`${base}/deliberation/${row.applicationId}`}>
									{decision ? 'Modifier la décision' : 'Décider'}
									<span className="visually-hidden">{` pour « ${row.title} »`}</span>
								</a>
							</>
						) : null}
					</td>
					<td data-label="Signaux">
						{[row.funded ? 'Financé' : 'Non financé', row.onTheLine ? 'À départager' : null, row.disagreement ? 'Désaccord' : null].filter(Boolean).join(', ')}
					</td>
				</tr>,
			]
		})}
		</>
	)
}

function SettingsForm({
	call,
	lastResult,
}: {
	call: { rankingScore: 'raw' | 'calibrated'; disagreementThreshold: number; lotteryEnabled: boolean; deliberationVersion: number }
	lastResult: SubmissionResult<string[]> | undefined
}) {
	const [form, fields] = useForm({
		id: 'deliberation-settings',
		lastResult,
		shouldValidate: 'onSubmit',
		defaultValue: { rankingScore: call.rankingScore, disagreementThreshold: String(call.disagreementThreshold), lotteryEnabled: call.lotteryEnabled ? 'on' : undefined },
	})
	return (
		<Form method="post" {...getFormProps(form)} className="stack">
			<h2>Réglages</h2>
			<FormErrors id={`${form.id}-form-error`} errors={form.errors} />
			<input type="hidden" name="intent" value="settings" />
			<input type="hidden" name="version" value={call.deliberationVersion} />
			<SelectField
				label="Score qui classe les dossiers"
				errors={fields.rankingScore.errors}
				selectProps={{ ...getSelectProps(fields.rankingScore), required: true }}
				options={(['calibrated', 'raw'] as const).map((value) => ({ value, label: RANKING_SCORE_LABELS[value] }))}
			/>
			<Field
				label="Seuil de désaccord (points sur 100)"
				hint="Un écart entre la note la plus haute et la plus basse au-delà de ce seuil signale un désaccord."
				errors={fields.disagreementThreshold.errors}
				inputProps={{ ...getInputProps(fields.disagreementThreshold, { type: 'text' }), inputMode: 'numeric', required: true }}
			/>
			<label className="checkbox">
				<input {...getInputProps(fields.lotteryEnabled, { type: 'checkbox' })} /> Tirer au sort parmi les dossiers à départager
			</label>
			<p>
				<button type="submit">Enregistrer les réglages</button>
			</p>
		</Form>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
