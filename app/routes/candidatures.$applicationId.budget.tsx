import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { requireUser } from '#app/auth/permissions.server.ts'
import { ApplicationNav } from '#app/components/application-view.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Field, FormErrors, SelectField } from '#app/components/forms.tsx'
import { BudgetSchema } from '#app/domain/applications/application-forms.ts'
import { getApplicationForEditor, getApplicationForUser, saveBudget } from '#app/domain/applications/applications.server.ts'
import { CHARGE_ACCOUNTS, PRODUCT_ACCOUNTS } from '#app/domain/applications/options.ts'
import { getPublishedCall } from '#app/domain/applications/published-calls.server.ts'
import { budgetTotals, isEditable, readBudget, type BudgetLine } from '#app/domain/applications/rules.ts'
import { formatCents } from '#app/utils/format.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'

export const meta: MetaFunction = () => [{ title: 'Budget — Ensemble' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	const access = await getApplicationForUser({ id: params.applicationId!, user })
	const { application } = access
	const call = await getPublishedCall(application.callId)
	const budget = readBudget(application.budget)
	return json({
		id: application.id,
		isLead: access.isLead,
		editable: access.isLead && isEditable(application.status),
		version: application.budgetVersion,
		budget,
		totals: budgetTotals(budget),
		maxAmountCents: call.maxAmountPerProjectCents,
	})
}

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requireUser(request)
	const { application } = await getApplicationForEditor({ id: params.applicationId!, user })
	const submission = parseWithZod(await request.formData(), { schema: BudgetSchema })
	if (submission.status !== 'success') return json({ result: submission.reply(), conflict: null }, { status: 400 })
	const outcome = await saveBudget({ id: application.id, user, input: submission.value })
	if (!outcome.ok) {
		if ('conflict' in outcome) {
			return json({ result: submission.reply({ formErrors: [outcome.message] }), conflict: { current: outcome.current, version: outcome.currentVersion } }, { status: 409 })
		}
		return json({ result: submission.reply({ formErrors: [outcome.message] }), conflict: null }, { status: 409 })
	}
	return redirectWithToast(`/candidatures/${application.id}/budget`, { title: 'Section « Budget » enregistrée' })
}

/** Cents as a French person types them back: 1234,5 → "1234,50". */
function toInput(cents: number | null) {
	if (cents === null) return ''
	return (cents / 100).toFixed(2).replace('.', ',').replace(/,00$/, '')
}

const rows = (lines: BudgetLine[]) => [
	...lines.map((l) => ({ account: l.account, label: l.label, amount: toInput(l.amountCents) })),
	...Array.from({ length: Math.max(2, 4 - lines.length) }, () => ({ account: '', label: '', amount: '' })),
]

export default function BudgetPage() {
	const data = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const [form, fields] = useForm({
		id: 'budget',
		lastResult: actionData?.result,
		defaultValue: { charges: rows(data.budget.charges), products: rows(data.budget.products), amountRequested: toInput(data.budget.amountRequestedCents) },
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: BudgetSchema }),
	})
	const conflict = actionData?.conflict
	const lines = (list: typeof fields.charges, accounts: typeof CHARGE_ACCOUNTS | typeof PRODUCT_ACCOUNTS, what: string) =>
		list.getFieldList().map((item, index) => {
			const f = item.getFieldset()
			return (
				<div key={item.key} className="grid-2">
					<SelectField label={`${what} ${index + 1} : compte`} errors={f.account.errors} selectProps={getSelectProps(f.account)} options={accounts} placeholder="Choisissez" />
					<Field label={`${what} ${index + 1} : libellé`} errors={f.label.errors} inputProps={getInputProps(f.label, { type: 'text' })} />
					<Field label={`${what} ${index + 1} : montant (€)`} errors={f.amount.errors} inputProps={{ ...getInputProps(f.amount, { type: 'text' }), inputMode: 'decimal' }} />
				</div>
			)
		})
	return (
		<>
			<h1>Budget prévisionnel</h1>
			<ApplicationNav id={data.id} isLead={data.isLead} />
			{!data.editable ? <p className="card">Cette section est en lecture seule : seule l’association chef de file modifie un dossier en brouillon.</p> : null}
			<dl className="facts">
				<dt>Total des charges</dt>
				<dd>{formatCents(data.totals.charges)}</dd>
				<dt>Total des produits</dt>
				<dd>{formatCents(data.totals.products)}</dd>
				<dt>Équilibre</dt>
				<dd>{data.totals.balanced ? 'Le budget est équilibré.' : `Écart de ${formatCents(Math.abs(data.totals.charges - data.totals.products))} entre charges et produits.`}</dd>
				<dt>Maximum de l’appel</dt>
				<dd>{data.maxAmountCents ? formatCents(data.maxAmountCents) : 'Aucun'}</dd>
			</dl>
			<p className="muted">Les totaux sont recalculés à chaque enregistrement. Modifier le budget demande aux associations partenaires qui ont confirmé de confirmer de nouveau.</p>
			{conflict ? (
				<section className="card" aria-labelledby="version-enregistree">
					<h2 id="version-enregistree">Version enregistrée par l’autre personne</h2>
					<ul>
						{conflict.current.charges.map((l, i) => (
							<li key={`c${i}`}>
								Charge {l.account} – {l.label} : {formatCents(l.amountCents)}
							</li>
						))}
						{conflict.current.products.map((l, i) => (
							<li key={`p${i}`}>
								Produit {l.account} – {l.label} : {formatCents(l.amountCents)}
							</li>
						))}
						<li>Montant demandé : {formatCents(conflict.current.amountRequestedCents)}</li>
					</ul>
				</section>
			) : null}
			<Form method="post" className="stack" style={{ maxWidth: 'none' }} {...getFormProps(form)}>
				<FormErrors id={form.errorId} errors={form.errors} />
				<input type="hidden" name="version" value={conflict?.version ?? data.version} key={conflict?.version ?? data.version} />
				<fieldset disabled={!data.editable} className="stack" style={{ border: 'none', padding: 0 }}>
					<fieldset>
						<legend>Charges (comptes 60 à 68 et 86)</legend>
						{lines(fields.charges, CHARGE_ACCOUNTS, 'Charge')}
					</fieldset>
					<fieldset>
						<legend>Produits</legend>
						<Field
							label="74 – Subvention demandée à cet appel (€)"
							hint={data.maxAmountCents ? `Au plus ${formatCents(data.maxAmountCents)}.` : undefined}
							errors={fields.amountRequested.errors}
							inputProps={{ ...getInputProps(fields.amountRequested, { type: 'text' }), inputMode: 'decimal' }}
						/>
						<p className="hint muted">Autres produits : fonds propres, autres co-financeurs (nommez-les), contributions en nature.</p>
						{lines(fields.products, PRODUCT_ACCOUNTS, 'Produit')}
					</fieldset>
					{data.editable ? (
						<div>
							<button type="submit">Enregistrer</button>
						</div>
					) : null}
				</fieldset>
			</Form>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
