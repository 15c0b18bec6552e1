/**
 * The agreement and its payments as the consortium reads them (issue 10): the text of the
 * current version (parties, project, amount and its split, tranches, obligations and dates),
 * who signed it and who still has to, one signing form per association the reader is the
 * référent of, and where each tranche stands. The funder's staff may read it too; they sign
 * and manage from their own page.
 */
import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { forbidden, requireUser } from '#app/auth/permissions.server.ts'
import { ApplicationNav } from '#app/components/application-view.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { GrantSplitSection } from '#app/components/follow-up/grant-split-form.tsx'
import { TrancheTable } from '#app/components/follow-up/tranche-table.tsx'
import { Field, FormErrors } from '#app/components/forms.tsx'
import { SignAgreementSchema } from '#app/domain/agreements/agreement-forms.ts'
import { signAgreement } from '#app/domain/agreements/agreements.server.ts'
import { GRANT_SPLIT_INTENT } from '#app/domain/agreements/grant-split-form.ts'
import { grantSplitAction } from '#app/domain/agreements/grant-split-form.server.ts'
import { AGREEMENT_MANDATORY_ABOVE_CENTS } from '#app/domain/agreements/tranches.ts'
import { APPLICATION_STATUS_LABELS } from '#app/domain/applications/options.ts'
import { decideFollowUp, requireFollowUp } from '#app/domain/follow-up/access.server.ts'
import { loadFollowUpView } from '#app/domain/follow-up/follow-up-view.server.ts'
import { formatCents, formatDate, formatDateTime, formatSiret } from '#app/utils/format.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { db } from '#db/client.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Convention et versements — ${data.view.application.title} — Ensemble` : 'Convention — Ensemble' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	const access = await requireFollowUp(db, user, params.applicationId!)
	const view = await loadFollowUpView(db, access)
	return json({ view })
}

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requireUser(request)
	// 404 before anything is read for anyone who may not know of this follow-up.
	const access = await requireFollowUp(db, user, params.applicationId!)
	const formData = await readFormData(request)
	if (formData.get('intent') === GRANT_SPLIT_INTENT) {
		// Who may split the grant is asked before the form is read (the dossier's stage is the domain's answer, 409).
		const decision = decideFollowUp(access, 'set-grant-split')
		if (!decision.allowed && decision.reason !== 'status') forbidden('Seul le ou la référent·e de l’association chef de file répartit la subvention.')
		return grantSplitAction({ user, applicationId: access.application.id, formData })
	}
	if (formData.get('intent') !== 'sign') throw new Response('Action inconnue sur cette page.', { status: 400 })
	const organizationId = typeof formData.get('organizationId') === 'string' ? String(formData.get('organizationId')) : null
	// Signing for an association one may not sign for is refused before the form is read.
	if (organizationId && !decideFollowUp(access, 'sign-agreement', { organizationId }).allowed) forbidden('Seul le ou la référent·e de l’association signe pour elle.')
	const submission = parseSubmission(formData, { schema: SignAgreementSchema })
	if (submission.status !== 'success') return json({ organizationId, result: submission.reply() }, { status: 400 })
	const { value } = submission
	const outcome = await signAgreement({
		user,
		applicationId: access.application.id,
		organizationId: value.organizationId,
		digest: value.digest,
		signerName: value.signerName,
		signerQuality: value.signerQuality,
	})
	if (!outcome.ok) {
		const reply = outcome.field ? submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] } }) : submission.reply({ formErrors: [outcome.message] })
		return json({ organizationId, result: reply }, { status: 409 })
	}
	const party = access.members.find((m) => m.organizationId === value.organizationId)
	return redirectWithToast(`/candidatures/${access.application.id}/convention`, {
		title: `Convention signée pour ${party?.name ?? 'votre association'}`,
		description: outcome.complete ? 'Toutes les parties ont signé : la convention est signée.' : 'Les autres parties sont prévenues à leur tour par cette page.',
	})
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>['view']

const ROLE_LABELS = { lead: 'chef de file', co_carrier: 'co-porteur', funder: 'financeur' } as const

export default function AgreementPage() {
	const { view } = useLoaderData<typeof loader>()
	const { agreement } = view
	const isLead = view.members.some((m) => m.role === 'lead' && view.viewerOrganizationIds.includes(m.organizationId))
	return (
		<>
			<h1>Convention et versements</h1>
			<p className="muted">{view.application.title}</p>
			{view.viewerOrganizationIds.length > 0 ? <ApplicationNav id={view.application.id} isLead={isLead} followUp publication={view.report?.status === 'approved'} /> : null}
			<dl className="facts">
				<dt>Statut du dossier</dt>
				<dd>{APPLICATION_STATUS_LABELS[view.application.status] ?? view.application.status}</dd>
				<dt>Montant attribué</dt>
				<dd>{formatCents(view.application.amountGrantedCents)}</dd>
			</dl>
			<GrantSplitSection view={view} />
			{agreement === null ? (
				<p className="card">Le financeur prépare la convention de ce projet : elle apparaîtra ici, à lire et à signer par le ou la référent·e de chaque association.</p>
			) : (
				<>
					{agreement.status === 'cancelled' ? (
						<p className="card" role="note">
							Cette convention a été annulée : elle n’est plus à signer et ses tranches non versées ne seront pas payées.
						</p>
					) : null}
					<Signatures agreement={agreement} />
					<AgreementText agreement={agreement} view={view} />
				</>
			)}
			<section aria-labelledby="versements">
				<h2 id="versements">Versements</h2>
				{view.tranches.length === 0 ? <p className="muted">Les tranches de versement seront connues avec la convention.</p> : <TrancheTable tranches={view.tranches} />}
			</section>
		</>
	)
}

function Signatures({ agreement }: { agreement: NonNullable<Data['agreement']> }) {
	const waiting = agreement.parties.filter((p) => p.signature === null)
	const mine = agreement.parties.filter((p) => p.canSign && p.organizationId !== null)
	return (
		<section aria-labelledby="signatures">
			<h2 id="signatures">Signatures</h2>
			<p>
				{`Version ${agreement.version} du texte`}
				{agreement.status === 'signed' ? ` — signée par toutes les parties${agreement.signedAt ? ` le ${formatDateTime(agreement.signedAt)}` : ''}.` : '.'}
			</p>
			<ul>
				{agreement.parties.map((party) => (
					<li key={party.organizationId ?? 'financeur'}>
						{`${party.name} (${ROLE_LABELS[party.role]}) : `}
						{party.signature
							? `signée le ${formatDateTime(party.signature.signedAt)} par ${party.signature.signerName}${party.signature.signerQuality ? `, ${party.signature.signerQuality}` : ''}`
							: 'pas encore signée'}
					</li>
				))}
			</ul>
			{agreement.status === 'awaiting_signatures' && waiting.length > 0 ? (
				<p>{`Reste à signer : ${waiting.map((p) => p.name).join(', ')}.`}</p>
			) : null}
			{agreement.version > 1 && agreement.status === 'awaiting_signatures' ? (
				<p className="muted">Le texte a changé depuis une signature précédente : chaque partie signe de nouveau cette version.</p>
			) : null}
			{mine.map((party) => (
				<SignForm key={party.organizationId} organizationId={party.organizationId!} name={party.name} digest={agreement.digest} version={agreement.version} />
			))}
		</section>
	)
}

function SignForm({ organizationId, name, digest, version }: { organizationId: string; name: string; digest: string; version: number }) {
	const actionData = useActionData<typeof action>()
	const [form, fields] = useForm({
		id: `signer-${organizationId}`,
		lastResult: actionData?.organizationId === organizationId ? actionData.result : undefined,
		shouldValidate: 'onSubmit',
	})
	return (
		<Form method="post" className="stack card" {...getFormProps(form)} aria-labelledby={`${form.id}-titre`}>
			<h3 id={`${form.id}-titre`}>{`Signer pour ${name}`}</h3>
			<p className="muted" style={{ margin: 0 }}>
				{`Vous signez la version ${version} du texte ci-dessous, en tant que référent·e de ${name}. Si le texte change avant que toutes les parties aient signé, chacune signe de nouveau.`}
			</p>
			<FormErrors id={form.errorId} errors={form.errors} />
			<input type="hidden" name="intent" value="sign" />
			<input type="hidden" name="organizationId" value={organizationId} />
			<input type="hidden" name="digest" value={digest} />
			<Field label="Prénom et nom du ou de la signataire" errors={fields.signerName.errors} inputProps={{ ...getInputProps(fields.signerName, { type: 'text' }), autoComplete: 'name' }} />
			<Field
				label="Qualité (facultatif)"
				hint="Par exemple : présidente, trésorier."
				errors={fields.signerQuality.errors}
				inputProps={{ ...getInputProps(fields.signerQuality, { type: 'text' }), autoComplete: 'organization-title' }}
			/>
			<div>
				<button type="submit">{`Signer la convention pour ${name}`}</button>
			</div>
		</Form>
	)
}

function AgreementText({ agreement, view }: { agreement: NonNullable<Data['agreement']>; view: Data }) {
	const { content } = agreement
	const split = content.parties.some((p) => p.shareCents !== null)
	return (
		<section aria-labelledby="texte">
			<h2 id="texte">{`Texte de la convention (version ${agreement.version})`}</h2>
			<p>
				<a href={`/candidatures/${view.application.id}/convention.pdf`}>Télécharger la convention (PDF)</a>
			</p>
			<h3>Les parties</h3>
			<dl className="facts">
				<dt>Financeur</dt>
				<dd>
					{content.funder.name}
					{content.funder.siret ? ` — SIRET ${formatSiret(content.funder.siret)}` : ''}
				</dd>
				{content.parties.map((party) => (
					<PartyFacts key={party.organizationId} party={party} />
				))}
			</dl>
			<h3>Le projet</h3>
			<dl className="facts">
				<dt>Appel à projets</dt>
				<dd>{content.call.title}</dd>
				<dt>Projet</dt>
				<dd>{content.project.title}</dd>
				<dt>Résumé</dt>
				<dd>{content.project.summary || '—'}</dd>
				<dt>Montant de la subvention</dt>
				<dd>{formatCents(content.amountCents)}</dd>
			</dl>
			{split ? (
				<>
					<h3>Répartition entre les associations</h3>
					<ul>
						{content.parties.map((party) => (
							<li key={party.organizationId}>{`${party.name} : ${formatCents(party.shareCents)}`}</li>
						))}
					</ul>
				</>
			) : (
				<p className="muted">La subvention est versée à l’association chef de file ; le consortium n’en a pas fixé de répartition.</p>
			)}
			<h3>Tranches prévues</h3>
			<ul>
				{content.tranches.map((t, index) => (
					<li key={index}>{`${t.label} : ${t.percent} %, soit ${formatCents(t.amountCents)} — ${t.trigger === 'signature' ? 'versée après la signature de la convention par toutes les parties' : 'versée après l’approbation de l’évaluation de fin de projet'}`}</li>
				))}
			</ul>
			<h3>Obligations et dates</h3>
			<dl className="facts">
				<dt>Début du projet</dt>
				<dd>{content.dates.projectStartsOn ? formatDate(content.dates.projectStartsOn) : 'À fixer avec le financeur'}</dd>
				<dt>Fin du projet</dt>
				<dd>{content.dates.projectEndsOn ? formatDate(content.dates.projectEndsOn) : 'À fixer avec le financeur'}</dd>
				<dt>Évaluation de fin de projet</dt>
				<dd>
					{content.dates.evaluationDueOn
						? `À remettre au plus tard le ${formatDate(content.dates.evaluationDueOn)}`
						: 'À remettre dans les six mois qui suivent la fin du projet'}
					{' '}: la partie du consortium (réalisation, publics, indicateurs, difficultés, compte rendu financier) et la partie de chaque association sur la coopération.
				</dd>
				<dt>Délai de paiement</dt>
				<dd>{`Chaque tranche est versée au plus tard ${content.paymentDelayDays} jours après ce qui la déclenche (loi 2021-875).`}</dd>
				<dt>Caractère de la convention</dt>
				<dd>
					{content.mandatory
						? `La subvention dépasse ${formatCents(AGREEMENT_MANDATORY_ABOVE_CENTS)} : une convention écrite est obligatoire (loi 2000-321, article 10).`
						: `La subvention ne dépasse pas ${formatCents(AGREEMENT_MANDATORY_ABOVE_CENTS)} : la convention n’est pas obligatoire, le financeur la propose pour fixer les engagements de chacun.`}
				</dd>
			</dl>
		</section>
	)
}

function PartyFacts({ party }: { party: NonNullable<Data['agreement']>['content']['parties'][number] }) {
	const ids = [party.siret ? `SIRET ${formatSiret(party.siret)}` : null, party.rna ? `RNA ${party.rna}` : null].filter(Boolean).join(' — ')
	return (
		<>
			<dt>{party.role === 'lead' ? 'Association chef de file' : 'Association co-porteuse'}</dt>
			<dd>
				{party.name}
				{ids ? ` — ${ids}` : ''}
				{party.representative ? `, représentée par ${party.representative} (référent·e)` : ''}
			</dd>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
