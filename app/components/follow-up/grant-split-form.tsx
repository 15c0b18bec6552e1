/**
 * How the grant is split between the associations (issue 10), on the agreement page: the
 * lead's référent sets it while the agreement is not yet signed — one amount per association
 * in euros, or « pas de répartition » (the lead receives the grant); everyone else reads the
 * current split. Plain form: works without JavaScript, what was typed comes back with the
 * messages next to the fields when the server refuses it.
 */
import type { SubmissionResult } from '@conform-to/react'
import { Form, useActionData } from '@remix-run/react'
import { Field, FormErrors } from '#app/components/forms.tsx'
import { formState, toInput } from '#app/components/form-state.tsx'
import { GRANT_SPLIT_INTENT } from '#app/domain/agreements/grant-split-form.ts'
import { formatCents } from '#app/utils/format.ts'

type Member = { organizationId: string; name: string; role: 'lead' | 'co_carrier'; grantShareCents: number | null }
type GrantSplitView = {
	application: { amountGrantedCents: number | null }
	members: Member[]
	agreement: { status: string } | null
	canSetGrantSplit: boolean
	grantSplitChanged: boolean
}

const FORM_ID = 'repartition-subvention'
/** The action's answer to this form (grant-split-form.server.ts): its `form` says it is ours. */
type Answer = { form?: string; result?: SubmissionResult<string[]> } | undefined

const nameOf = (m: Member) => `${m.name}${m.role === 'lead' ? ' (chef de file)' : ''}`

export function GrantSplitSection({ view }: { view: GrantSplitView }) {
	const answer = useActionData() as Answer
	const reply = answer?.form === 'grant-split' ? answer.result : undefined
	// Once the agreement is signed (or cancelled) its text names the split: nothing more to show here.
	const live = view.agreement === null || view.agreement.status === 'awaiting_signatures'
	if (!view.canSetGrantSplit && !live) return null
	const split = view.members.some((m) => m.grantShareCents !== null)
	return (
		<section aria-labelledby={`${FORM_ID}-titre`}>
			<h2 id={`${FORM_ID}-titre`}>Répartition de la subvention entre les associations</h2>
			{split ? (
				<ul>
					{view.members.map((m) => (
						<li key={m.organizationId}>{`${nameOf(m)} : ${formatCents(m.grantShareCents)}`}</li>
					))}
				</ul>
			) : (
				<p>Le consortium n’a pas fixé de répartition : la subvention est versée à l’association chef de file.</p>
			)}
			{view.grantSplitChanged ? (
				<p className="card" role="note">
					La répartition a changé depuis la version de la convention à signer : le financeur en établira une nouvelle version, que chaque partie signera de nouveau.
				</p>
			) : null}
			{view.canSetGrantSplit ? <GrantSplitForm view={view} reply={reply} /> : null}
		</section>
	)
}

function GrantSplitForm({ view, reply }: { view: GrantSplitView; reply: SubmissionResult<string[]> | undefined }) {
	const saved = { shares: view.members.map((m) => ({ organizationId: m.organizationId, amount: toInput(m.grantShareCents) })) }
	const state = formState(FORM_ID, reply, saved)
	const errors = [...(reply?.error?.[''] ?? []), ...(reply?.error?.['shares'] ?? []), ...(reply?.error?.['split'] ?? [])]
	return (
		// Remounted on the saved split, so that a split cleared or saved shows what is now recorded.
		<Form method="post" className="stack card" id={FORM_ID} key={saved.shares.map((s) => s.amount).join('|')} aria-describedby={errors.length ? `${FORM_ID}-erreurs` : undefined}>
			<FormErrors id={`${FORM_ID}-erreurs`} errors={errors} />
			<input type="hidden" name="intent" value={GRANT_SPLIT_INTENT} />
			<fieldset aria-describedby={`${FORM_ID}-aide`}>
				<legend>Part de chaque association (en euros)</legend>
				<p className="hint" id={`${FORM_ID}-aide`}>
					{`Les parts doivent faire ensemble le montant attribué, ${formatCents(view.application.amountGrantedCents)}. Indiquez 0 pour une association qui n’en reçoit pas.`}
					{view.agreement?.status === 'awaiting_signatures'
						? ' La convention attend des signatures : si vous changez la répartition, le financeur en établira une nouvelle version, que chaque partie signera de nouveau.'
						: ''}
				</p>
				{view.members.map((m, index) => (
					<div key={m.organizationId}>
						<input type="hidden" name={`shares[${index}].organizationId`} value={m.organizationId} />
						<Field
							label={`Part de ${nameOf(m)}`}
							errors={state.errors(`shares[${index}].amount`)}
							inputProps={{ id: state.id(`shares[${index}].amount`), name: `shares[${index}].amount`, type: 'text', inputMode: 'decimal', defaultValue: state.value(`shares[${index}].amount`), autoComplete: 'off' }}
						/>
					</div>
				))}
			</fieldset>
			<div className="form-actions">
				<button type="submit" name="split" value="oui">
					Enregistrer la répartition
				</button>
				<button type="submit" name="split" value="non" className="secondary">
					Pas de répartition
				</button>
			</div>
		</Form>
	)
}
