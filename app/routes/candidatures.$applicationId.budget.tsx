import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, SerializeFrom } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { useState, type FormEvent } from 'react'
import { restoreKeptInput, requireUserKeepingInput } from '#app/auth/keep-input.server.ts'
import { requireUser } from '#app/auth/permissions.server.ts'
import { ApplicationNav, BudgetSection, ReadOnlySectionPage, ReadOnlyNotice } from '#app/components/application-view.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Field, FormErrors, SaveButton, SelectField } from '#app/components/forms.tsx'
import { BUDGET_LISTS, BudgetSchema } from '#app/domain/applications/application-forms.ts'
import { getApplicationForEditor, getDossierForUser, mayEdit } from '#app/domain/applications/access.server.ts'
import { consortiumOf } from '#app/domain/applications/consortium-of.ts'
import { saveBudget } from '#app/domain/applications/sections.server.ts'
import { CHARGE_ACCOUNTS, CO_FUNDER_ACCOUNT, PRODUCT_ACCOUNTS } from '#app/domain/applications/options.ts'
import { budgetTotals, coFundersOf, readBudget, type BudgetLine } from '#app/domain/applications/rules.ts'
import { parseEuroAmount } from '#app/utils/format.ts'
import { formatCents } from '#app/utils/format.ts'
import { refusedSectionSave } from '#app/domain/applications/section-save.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'

export const meta: MetaFunction = () => [{ title: 'Budget — Ensemble' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	const { access, dossier } = await getDossierForUser({ id: params.applicationId!, user }, { history: false })
	const { application } = access
	const { details, reopened } = dossier
	const { call, members } = details
	const budget = readBudget(application.budget)
	const shares = consortiumOf(members).engaged.map((m) => ({ id: m.id, name: m.name ?? '', isLead: m.role === 'lead', confirmed: m.status === 'confirmed', budgetShareCents: m.budgetShareCents }))
	// What was typed when the session expired comes back in the form (app/auth/keep-input.server.ts).
	const kept = await restoreKeptInput(request, user)
	return json({
		keptResult: kept ? parseWithZod(kept, { schema: BudgetSchema }).reply() : null,
		id: application.id,
		isLead: access.isLead,
		editable: await mayEdit(access, async () => reopened.includes('budget')),
		version: application.budgetVersion,
		budget,
		totals: budgetTotals(budget),
		coFunders: coFundersOf(budget),
		shares,
		sharesTotal: shares.filter((s) => s.confirmed).reduce((sum, s) => sum + (s.budgetShareCents ?? 0), 0),
		maxAmountCents: call.maxAmountPerProjectCents,
		callTitle: call.title,
	})
}

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requireUserKeepingInput(request)
	const { application } = await getApplicationForEditor({ id: params.applicationId!, user })
	const submission = parseSubmission(await readFormData(request, { lists: BUDGET_LISTS }), { schema: BudgetSchema })
	if (submission.status !== 'success') return json({ result: submission.reply(), conflict: null }, { status: 400 })
	const outcome = await saveBudget({ id: application.id, user, input: submission.value })
	if (!outcome.ok) return refusedSectionSave(submission, outcome)
	return redirectWithToast(`/candidatures/${application.id}/budget`, { title: 'Section « Budget » enregistrée' })
}

/** Cents as a French person types them back: 1234,5 → "1234,50". */
function toInput(cents: number | null) {
	if (cents === null) return ''
	return (cents / 100).toFixed(2).replace('.', ',').replace(/,00$/, '')
}

/** The stored lines, then blank ones, never past the list's maximum (BUDGET_LISTS). */
const rows = (lines: BudgetLine[], max: number) =>
	[
		...lines.map((l) => ({ account: l.account, label: l.label, amount: toInput(l.amountCents) })),
		...Array.from({ length: Math.max(2, 4 - lines.length) }, () => ({ account: '', label: '', amount: '' })),
	].slice(0, Math.max(max, lines.length))

type Totals = { charges: number; products: number; balanced: boolean; amountRequested: number | null; unreadable: boolean }

/** Totals of what is typed, recomputed in the browser; without JavaScript the server's totals after saving are shown. */
function totalsOfForm(form: HTMLFormElement): Totals {
	const data = new FormData(form)
	let unreadable = false
	const cents = (value: FormDataEntryValue | null) => {
		if (typeof value !== 'string' || !value.trim()) return 0
		const parsed = parseEuroAmount(value.trim())
		if (!parsed.ok) {
			unreadable = true
			return 0
		}
		return parsed.cents
	}
	let charges = 0
	let others = 0
	for (const [name, value] of data.entries()) {
		if (/^charges\[\d+\]\.amount$/.test(name)) charges += cents(value)
		if (/^products\[\d+\]\.amount$/.test(name)) others += cents(value)
	}
	const requested = data.get('amountRequested')
	const amountRequested = typeof requested === 'string' && requested.trim() ? cents(requested) : null
	const products = others + (amountRequested ?? 0)
	return { charges, products, balanced: charges === products, amountRequested, unreadable }
}

function LiveTotals({ totals, maxAmountCents, live }: { totals: Totals; maxAmountCents: number | null; live: boolean }) {
	const overMax = maxAmountCents !== null && totals.amountRequested !== null && totals.amountRequested > maxAmountCents
	return (
		<section aria-labelledby="totaux" className="card">
			<h2 id="totaux" style={{ fontSize: '1.1rem' }}>
				Totaux {live ? '(calculés pendant la saisie)' : '(budget enregistré)'}
			</h2>
			<dl className="facts" aria-live="polite">
				<dt>Total des charges</dt>
				<dd>{formatCents(totals.charges)}</dd>
				<dt>Total des produits</dt>
				<dd>{formatCents(totals.products)}</dd>
				<dt>Équilibre</dt>
				<dd>{totals.balanced ? 'Le budget est équilibré.' : `Écart de ${formatCents(Math.abs(totals.charges - totals.products))} entre charges et produits.`}</dd>
				<dt>Maximum de l’appel</dt>
				<dd>
					{maxAmountCents ? formatCents(maxAmountCents) : 'Aucun'}
					{overMax ? ' — le montant demandé le dépasse.' : ''}
				</dd>
			</dl>
			{totals.unreadable ? <p className="muted">Un montant n’est pas lisible : il n’est pas compté.</p> : null}
		</section>
	)
}

export default function BudgetPage() {
	const data = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	// A save refused because the dossier closed meanwhile stays in the form, with what was typed.
	if (!data.editable && !actionData) {
		const section = { budget: data.budget, totals: data.totals, callTitle: data.callTitle }
		return (
			<ReadOnlySectionPage title="Budget prévisionnel" id={data.id} isLead={data.isLead} name="section-budget" inputs={section} render={() => <BudgetSection {...section} />}>
				<BudgetShares data={data} />
			</ReadOnlySectionPage>
		)
	}
	return <BudgetForm data={data} actionData={actionData} />
}

function BudgetForm({ data, actionData }: { data: SerializeFrom<typeof loader>; actionData: SerializeFrom<typeof action> | undefined }) {
	const [form, fields] = useForm({
		// A new version (after a save) remounts the form on the saved, normalised values.
		id: `budget-${data.version}`,
		lastResult: actionData?.result ?? data.keptResult,
		defaultValue: { charges: rows(data.budget.charges, BUDGET_LISTS.charges.max), products: rows(data.budget.products, BUDGET_LISTS.products.max), amountRequested: toInput(data.budget.amountRequestedCents) },
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: BudgetSchema }),
	})
	const conflict = actionData?.conflict
	const saved: Totals = { ...data.totals, amountRequested: data.budget.amountRequestedCents, unreadable: false }
	// Totals typed since the last save; a save (new version) shows the saved totals again.
	const [typed, setTyped] = useState<{ version: number; totals: Totals } | null>(null)
	const live = typed?.version === data.version ? typed.totals : null
	const recompute = (event: FormEvent<HTMLFormElement>) => setTyped({ version: data.version, totals: totalsOfForm(event.currentTarget) })
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
			{!data.editable ? <ReadOnlyNotice isLead={data.isLead} /> : null}
			<LiveTotals totals={live ?? saved} maxAmountCents={data.maxAmountCents} live={live !== null} />
			<p className="muted">Les totaux sont recalculés pendant la saisie et à chaque enregistrement. Modifier le budget demande aux associations partenaires qui ont confirmé de confirmer de nouveau.</p>
			<BudgetShares data={data} />
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
			<Form method="post" className="stack" style={{ maxWidth: 'none' }} {...getFormProps(form)} onInput={recompute} onChange={recompute}>
				<FormErrors id={form.errorId} errors={form.errors} />
				<input type="hidden" name="version" value={conflict?.version ?? data.version} key={conflict?.version ?? data.version} />
				<fieldset disabled={!data.editable} className="stack" style={{ border: 'none', padding: 0 }}>
					<fieldset>
						<legend>Charges (comptes 60 à 68 et 86)</legend>
						<p className="hint muted">{`${BUDGET_LISTS.charges.max} lignes au plus.`}</p>
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
						<p className="hint muted">
							Autres produits : ventes et participations (70), dotations (73), subventions des autres co-financeurs (compte {CO_FUNDER_ACCOUNT} : le libellé est le
							nom du co-financeur, par exemple « Ville de Lyon »), cotisations (75), contributions volontaires en nature (87).{' '}
							{`${BUDGET_LISTS.products.max} lignes au plus.`}
						</p>
						{lines(fields.products, PRODUCT_ACCOUNTS, 'Produit')}
					</fieldset>
					{data.editable ? (
						<SaveButton />
					) : null}
				</fieldset>
			</Form>
		</>
	)
}

/** Who co-funds, and the part each association carries: beside the form, and beside the read-only budget. */
function BudgetShares({ data }: { data: SerializeFrom<typeof loader> }) {
	return (
		<>
			<section aria-labelledby="cofinanceurs">
				<h2 id="cofinanceurs" style={{ fontSize: '1.1rem' }}>
					Autres co-financeurs (compte 74)
				</h2>
				{data.coFunders.length === 0 ? (
					<p className="muted">Aucun autre co-financeur : ajoutez une ligne de produits au compte 74, avec le nom du co-financeur comme libellé.</p>
				) : (
					<ul>
						{data.coFunders.map((f) => (
							<li key={f.name}>
								{f.name} : {formatCents(f.amountCents)}
							</li>
						))}
					</ul>
				)}
			</section>
			<section aria-labelledby="repartition">
				<h2 id="repartition" style={{ fontSize: '1.1rem' }}>
					Part du budget portée par chaque association
				</h2>
				<table>
					<thead>
						<tr>
							<th scope="col">Association</th>
							<th scope="col">Part du budget</th>
						</tr>
					</thead>
					<tbody>
						{data.shares.map((s) => (
							<tr key={s.id}>
								<th scope="row">
									{s.name}
									{s.isLead ? ' (chef de file)' : ''}
									{!s.confirmed ? ' — engagement non confirmé, non comptée' : ''}
								</th>
								<td>{formatCents(s.budgetShareCents)}</td>
							</tr>
						))}
						<tr>
							<th scope="row">Total réparti (associations confirmées)</th>
							<td>
								{formatCents(data.sharesTotal)}
								{data.sharesTotal === data.totals.charges ? '' : ` — différent du total des charges enregistré (${formatCents(data.totals.charges)})`}
							</td>
						</tr>
					</tbody>
				</table>
				{data.isLead && data.editable ? (
					<p className="muted">
						Les parts se modifient dans <Link to={`/candidatures/${data.id}/partenaires`}>Partenaires</Link> ; leur somme doit égaler le total des charges.
					</p>
				) : null}
			</section>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
