import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { requirePlatformAdmin } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { CALL_JOBS } from '#app/domain/calls/call-jobs.server.ts'
import { RECENT_RUNS_SHOWN, scheduledJobsOverview } from '#app/services/scheduler.server.ts'
import { formatDateTime, formatInteger } from '#app/utils/format.ts'

export const meta: MetaFunction = () => [{ title: 'Tâches planifiées — Administration — Ensemble' }]

export async function loader({ request }: LoaderFunctionArgs) {
	await requirePlatformAdmin(request)
	return json(await scheduledJobsOverview(CALL_JOBS))
}

const OUTCOME_LABELS = { running: 'en cours (ou serveur arrêté pendant le passage)', done: 'réussi', failed: 'échec' } as const

type Run = { dueAt: string; instanceId: string; outcome: keyof typeof OUTCOME_LABELS; startedAt: string; finishedAt: string | null; error: string | null }

function Outcome({ run }: { run: Run }) {
	const seconds = run.finishedAt ? (new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime()) / 1000 : null
	return (
		<>
			<span className={run.outcome === 'failed' ? 'field-error' : undefined}>{OUTCOME_LABELS[run.outcome]}</span>
			{seconds !== null ? ` en ${seconds.toLocaleString('fr-FR', { maximumFractionDigits: 1 })}\u00a0s` : null}
			{run.error ? <span className="field-error"> : {run.error}</span> : null}
		</>
	)
}

export default function ScheduledJobsPage() {
	const { jobs, recent } = useLoaderData<typeof loader>()
	return (
		<>
			<p>
				<Link to="/admin">← Administration</Link>
			</p>
			<h1>Tâches planifiées</h1>
			<p>
				Chaque tâche passe à heures fixes (chaque minute par défaut, réglage <code>CALL_JOBS_INTERVAL_MS</code>), une seule fois par passage, quel
				que soit le nombre de serveurs : le serveur qui l’a prise est nommé (réglage <code>INSTANCE_ID</code>). Une tâche en échec repasse au
				passage suivant.
			</p>

			<h2>Les tâches</h2>
			<div className="table-scroll">
				<table>
					<thead>
						<tr>
							<th scope="col">Tâche</th>
							<th scope="col">Dernier passage</th>
							<th scope="col">Échecs sur 24 h</th>
						</tr>
					</thead>
					<tbody>
						{jobs.map((job) => (
							<tr key={job.name}>
								<td data-label="Tâche">{job.label}</td>
								<td data-label="Dernier passage">
									{job.last ? (
										<>
											{formatDateTime(job.last.dueAt)}, par {job.last.instanceId} : <Outcome run={job.last} />
										</>
									) : (
										'aucun pour l’instant'
									)}
								</td>
								<td data-label="Échecs sur 24 h">{formatInteger(job.failedLast24h)}</td>
							</tr>
						))}
					</tbody>
				</table>
			</div>

			<h2>Derniers passages</h2>
			{recent.length === 0 ? (
				<p>Aucun passage pour l’instant.</p>
			) : (
				<div className="table-scroll">
					<table>
						<thead>
							<tr>
								<th scope="col">Heure prévue</th>
								<th scope="col">Tâche</th>
								<th scope="col">Serveur</th>
								<th scope="col">Résultat</th>
							</tr>
						</thead>
						<tbody>
							{recent.map((run) => (
								<tr key={`${run.job} ${run.dueAt}`}>
									<td data-label="Heure prévue">{formatDateTime(run.dueAt)}</td>
									<td data-label="Tâche">{run.label}</td>
									<td data-label="Serveur">{run.instanceId}</td>
									<td data-label="Résultat">
										<Outcome run={run} />
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
			{recent.length >= RECENT_RUNS_SHOWN ? <p className="muted">Les {RECENT_RUNS_SHOWN} derniers passages sont affichés ; l’historique garde 30 jours.</p> : null}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
