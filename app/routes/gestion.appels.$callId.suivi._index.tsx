import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { requireFunderStaff } from '#app/auth/permissions.server.ts'
import { CallNav } from '#app/components/call-nav.tsx'
import { ShareBars } from '#app/components/charts/share-bars.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormErrors } from '#app/components/forms.tsx'
import { FollowUpSettingsForm, type SettingsReply } from '#app/components/follow-up/follow-up-settings-form.tsx'
import { TrancheDue, tranchePaymentText } from '#app/components/follow-up/tranche-table.tsx'
import { readPage } from '#app/domain/applications/instruction.ts'
import { APPLICATION_STATUS_LABELS } from '#app/domain/applications/options.ts'
import { LATE_REPORTS_SHOWN, readTrancheState, TRANCHE_STATES, TRANCHES_SHOWN } from '#app/domain/follow-up/call-follow-up.ts'
import { getCallFollowUp } from '#app/domain/follow-up/call-follow-up.server.ts'
import { FollowUpSettingsForm as FollowUpSettingsSchema } from '#app/domain/follow-up/follow-up-settings.ts'
import { updateFollowUpSettings } from '#app/domain/follow-up/follow-up-settings.server.ts'
import { AGREEMENT_STATUS_LABELS, REPORT_STATUS_LABELS, TRANCHE_STATE_LABELS } from '#app/domain/follow-up/follow-up-labels.ts'
import { remindLateReports } from '#app/domain/reports/reminders.server.ts'
import { formatCents, formatDate, formatInteger } from '#app/utils/format.ts'
import { pluralize } from '#app/utils/pluralize.ts'
import { parseSubmission, readFormData, requireAcceptedForm } from '#app/utils/form-data.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Suivi des projets retenus — ${data?.call.title ?? 'Appel à projets'} — Ensemble` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const searchParams = new URL(request.url).searchParams
	return json(await getCallFollowUp({ user, callId: params.callId!, page: readPage(searchParams), state: readTrancheState(searchParams.get('etat')) }))
}

export async function action({ request, params }: ActionFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const callId = params.callId!
	const formData = await readFormData(request)
	if (formData.get('intent') === 'settings') return saveSettings(user, callId, formData)
	requireAcceptedForm(formData)
	if (formData.get('intent') !== 'remind-late') return json({ message: 'Action inconnue : rechargez la page.' }, { status: 400 })
	const outcome = await remindLateReports({ user, callId })
	return redirectWithToast(`/gestion/appels/${callId}/suivi#retards`, {
		title: outcome.reports === 0 ? 'Aucune évaluation en retard' : `${pluralize(outcome.reports, 'consortium relancé', 'consortiums relancés')}`,
		description: outcome.reports === 0 ? 'Personne à relancer.' : `${pluralize(outcome.emails, 'e-mail envoyé', 'e-mails envoyés')}.`,
	})
}

/** The follow-up's settings of the call: refused with the messages by field and what was typed (cut: a hostile echo stays small). */
async function saveSettings(user: Parameters<typeof updateFollowUpSettings>[0]['user'], callId: string, formData: FormData) {
	const values: Record<string, string> = {}
	for (const [key, value] of formData.entries()) if (typeof value === 'string' && !(key in values)) values[key] = value.slice(0, 200)
	const refuse = (fieldErrors: Record<string, string[]>, formErrors: string[], status: number) => json({ intent: 'settings' as const, formErrors, fieldErrors, values } satisfies SettingsReply, { status })
	const submission = parseSubmission(formData, { schema: FollowUpSettingsSchema })
	if (submission.status !== 'success') {
		const { '': form = [], ...fields } = (submission.error ?? {}) as Record<string, string[] | null>
		return refuse(Object.fromEntries(Object.entries(fields).filter((e): e is [string, string[]] => Boolean(e[1]?.length))), form ?? [], 400)
	}
	const outcome = await updateFollowUpSettings({ user, callId, settings: submission.value })
	if (!outcome.ok) return refuse({}, [outcome.message], 409)
	return redirectWithToast(`/gestion/appels/${callId}/suivi#reglages-titre`, { title: 'Réglages enregistrés', description: 'Ils s’appliquent aux conventions établies désormais.' })
}

/** The list's address with the state filter and the page. */
function listHref(base: string, state: string | null, page: number, anchor = '') {
	const params = new URLSearchParams()
	if (state) params.set('etat', state)
	if (page > 1) params.set('page', String(page))
	const search = params.toString()
	return `${base}${search ? `?${search}` : ''}${anchor}`
}

export default function CallFollowUpPage() {
	const data = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const { call, totals } = data
	const base = `/gestion/appels/${call.id}/suivi`
	const bars = [
		{ label: TRANCHE_STATE_LABELS.paid, value: totals.paidCents, count: totals.paidCount },
		{ label: 'À payer dans les 60 jours', value: totals.dueCents, count: totals.dueCount },
		{ label: TRANCHE_STATE_LABELS.late, value: totals.lateCents, count: totals.lateCount },
		{ label: TRANCHE_STATE_LABELS.waiting, value: totals.waitingCents, count: totals.waitingCount },
	]
	const allTranches = bars.reduce((sum, b) => sum + b.count, 0)
	return (
		<>
			<p>
				<Link to={`/gestion/appels/${call.id}`}>← {call.title}</Link>
			</p>
			<h1>Suivi des projets retenus</h1>
			<CallNav callId={call.id} />
			{!call.decided ? <p className="card">Le suivi commence une fois la délibération close : les décisions sont alors définitives.</p> : null}

			<section aria-labelledby="dossiers">
				<h2 id="dossiers">{`Dossiers suivis (${formatInteger(data.dossierTotal)})`}</h2>
				{data.dossiers.length === 0 ? (
					<p>Aucun dossier retenu à suivre.</p>
				) : (
					<div className="table-breakout">
						<table className="follow-up-table">
							<caption className="visually-hidden">Dossiers retenus : convention, versements et évaluation</caption>
							<thead>
								<tr>
									<th scope="col">Dossier</th>
									<th scope="col">Chef de file</th>
									<th scope="col">Statut</th>
									<th scope="col">Montant attribué</th>
									<th scope="col">Convention</th>
									<th scope="col">Versements</th>
									<th scope="col">Évaluation</th>
								</tr>
							</thead>
							<tbody>
								{data.dossiers.map((d) => (
									<tr key={d.id}>
										<th scope="row">
											<Link to={`${base}/${d.id}`}>{d.title}</Link>
										</th>
										<td data-label="Chef de file">{d.leadName}</td>
										<td data-label="Statut">{APPLICATION_STATUS_LABELS[d.status] ?? d.status}</td>
										<td data-label="Montant attribué" className="num">{formatCents(d.amountGrantedCents)}</td>
										<td data-label="Convention">
											{d.agreementStatus ? (
												`${AGREEMENT_STATUS_LABELS[d.agreementStatus] ?? d.agreementStatus}${d.agreementStatus === 'awaiting_signatures' && d.partyCount !== null ? ` (${formatInteger(d.signedCount)} signature${(d.signedCount ?? 0) > 1 ? 's' : ''} sur ${formatInteger(d.partyCount)})` : ''}`
											) : (
												'Pas encore établie'
											)}
										</td>
										<td data-label="Versements">
											<TrancheSummary tranches={d.tranches} />
										</td>
										<td data-label="Évaluation">
											{d.reportStatus ? (
												<>
													{REPORT_STATUS_LABELS[d.reportStatus] ?? d.reportStatus}
													{d.reportDueOn ? `, attendue le ${formatDate(d.reportDueOn)}` : ''}
													{d.reportLate ? (
														<>
															{' '}
															<strong>en retard</strong>
														</>
													) : null}
												</>
											) : (
												'Pas encore ouverte'
											)}
										</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
				)}
				{data.pageCount > 1 ? (
					<nav aria-label="Pages des dossiers" className="pagination">
						<p>
							{data.page > 1 ? <Link to={listHref(base, data.state, data.page - 1, '#dossiers')}>← Page précédente</Link> : null}
							{data.page > 1 ? ' · ' : null}
							<span aria-current="page">{`Page ${data.page} sur ${data.pageCount}`}</span>
							{data.page < data.pageCount ? ' · ' : null}
							{data.page < data.pageCount ? <Link to={listHref(base, data.state, data.page + 1, '#dossiers')}>Page suivante →</Link> : null}
						</p>
					</nav>
				) : null}
			</section>

			<section aria-labelledby="versements">
				<h2 id="versements">Versements de l’appel</h2>
				{allTranches === 0 ? (
					<p>Aucune tranche pour l’instant : elles naissent avec chaque convention.</p>
				) : (
					<ShareBars
						title="Montants des tranches, par état"
						groupLabel="État"
						valueLabel="Montant"
						countLabel="Tranches"
						bars={bars}
						format={formatCents}
						note={`le délai de paiement est de 60 jours après le déclenchement de la tranche`}
					/>
				)}
				<p>
					<a href={`${base}/paiements.csv`}>Exporter toutes les tranches (CSV)</a>
				</p>
				<Form method="get" action={`${base}#tranches`} className="stack" aria-labelledby="tranches">
					<div className="field">
						<label htmlFor="etat">État des tranches</label>
						<select id="etat" name="etat" defaultValue={data.state ?? ''}>
							<option value="">Tous les états</option>
							{TRANCHE_STATES.map((s) => (
								<option key={s} value={s}>
									{TRANCHE_STATE_LABELS[s]}
								</option>
							))}
						</select>
					</div>
					<div>
						<button type="submit">Afficher</button>
					</div>
				</Form>
				<h3 id="tranches">
					{`${data.state ? `Tranches : ${TRANCHE_STATE_LABELS[data.state].toLowerCase()}` : 'Toutes les tranches'} (${formatInteger(data.tranchesTotal)})`}
				</h3>
				{data.tranchesTotal > TRANCHES_SHOWN ? <p className="muted">{`Les ${TRANCHES_SHOWN} plus urgentes ; l’export les contient toutes.`}</p> : null}
				{data.tranches.length === 0 ? (
					<p>Aucune tranche dans cet état.</p>
				) : (
					<table className="follow-up-table">
						<caption className="visually-hidden">Tranches des dossiers retenus</caption>
						<thead>
							<tr>
								<th scope="col">Dossier</th>
								<th scope="col">Tranche</th>
								<th scope="col">Montant</th>
								<th scope="col">Déclenchée le</th>
								<th scope="col">Échéance</th>
								<th scope="col">Paiement</th>
							</tr>
						</thead>
						<tbody>
							{data.tranches.map((t) => (
								<tr key={t.id}>
									<th scope="row">
										<Link to={`${base}/${t.applicationId}#versements`}>{t.title}</Link>
										<span className="muted"> — {t.leadName}</span>
									</th>
									<td data-label="Tranche">{t.label}</td>
									<td data-label="Montant" className="num">{formatCents(t.amountCents)}</td>
									<td data-label="Déclenchée le" className="num">{t.triggeredAt ? formatDate(t.triggeredAt) : 'Pas encore'}</td>
									<td data-label="Échéance">
										<TrancheDue tranche={t} />
									</td>
									<td data-label="Paiement">{tranchePaymentText(t)}</td>
								</tr>
							))}
						</tbody>
					</table>
				)}
			</section>

			<section aria-labelledby="retards">
				<h2 id="retards">{`Évaluations en retard (${formatInteger(data.lateReportsTotal)})`}</h2>
				{actionData && 'message' in actionData ? <FormErrors id="retards-erreur" errors={[actionData.message]} /> : null}
				{data.lateReports.length === 0 ? (
					<p>Aucune évaluation en retard.</p>
				) : (
					<>
						{data.lateReportsTotal > LATE_REPORTS_SHOWN ? <p className="muted">{`Les ${LATE_REPORTS_SHOWN} plus anciennes.`}</p> : null}
						<ul>
							{data.lateReports.map((r) => (
								<li key={r.applicationId}>
									<Link to={`${base}/${r.applicationId}#evaluation`}>{r.title}</Link> — {r.leadName} : attendue le {formatDate(r.dueOn)} ({REPORT_STATUS_LABELS[r.status] ?? r.status})
								</li>
							))}
						</ul>
						<Form method="post">
							<input type="hidden" name="intent" value="remind-late" />
							<button type="submit">Relancer tous les retardataires</button>
						</Form>
						<p className="hint">Chaque association des consortiums en retard reçoit un e-mail de relance.</p>
					</>
				)}
			</section>

			<section className="card">
				<FollowUpSettingsForm call={call} reply={actionData && 'intent' in actionData ? actionData : null} />
			</section>
		</>
	)
}

function TrancheSummary({ tranches }: { tranches: Record<'dueCount' | 'dueCents' | 'lateCount' | 'lateCents' | 'paidCount' | 'paidCents' | 'waitingCount' | 'waitingCents', number> }) {
	const parts = [
		tranches.paidCount > 0 ? `payé ${formatCents(tranches.paidCents)}` : null,
		tranches.dueCount > 0 ? `à payer ${formatCents(tranches.dueCents)}` : null,
		tranches.waitingCount > 0 ? `à venir ${formatCents(tranches.waitingCents)}` : null,
	].filter(Boolean)
	if (parts.length === 0 && tranches.lateCount === 0) return <>—</>
	return (
		<>
			{parts.join(' · ')}
			{tranches.lateCount > 0 ? (
				<>
					{parts.length > 0 ? ' · ' : ''}
					<strong>{`en retard ${formatCents(tranches.lateCents)} (${pluralize(tranches.lateCount, 'tranche', 'tranches')})`}</strong>
				</>
			) : null}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
