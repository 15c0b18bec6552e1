/**
 * Import a past call from its spreadsheet (issue 11): the call's title, year or closing
 * date and envelope, and the file — one XLSX workbook or one CSV per sheet — in one
 * multipart form (bounded: app/services/multipart.server.ts, server/body-limits.ts). The
 * errors come back in a table (sheet, row, column, message) with what was typed kept; on
 * success, the new archived call's page. The template's documentation is on the page.
 */
import { formatInteger } from '#app/utils/format.ts'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { requireFunderStaff } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ErrorList, Field, FormErrors, SelectField } from '#app/components/forms.tsx'
import { PastCallSchema } from '#app/domain/bilan/import/call-fields.ts'
import { importPastCall, type NamedFile } from '#app/domain/bilan/import/import-past-call.server.ts'
import { CSV_INPUTS, CSV_VARIANT, describeValue, IMPORT_LIMITS, LIST_SEPARATOR, SHEETS, SHEET_KEYS, type SheetKey } from '#app/domain/bilan/import/template.ts'
import type { ImportError } from '#app/domain/bilan/import/validate.ts'
import { parseUpload } from '#app/services/multipart.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'

export const meta: MetaFunction = () => [{ title: 'Importer un appel passé — Gestion — Ensemble' }]

/** The whole body: one workbook, or up to three CSV files of IMPORT_LIMITS.fileBytes each (each checked by its reader). */
const BODY_BYTES = 10 * 1024 * 1024
const TEXT_FIELDS = ['title', 'year', 'closingDate', 'envelope', 'funderId'] as const
type Values = Partial<Record<(typeof TEXT_FIELDS)[number], string>>

type ActionData = {
	values: Values
	fieldErrors: Partial<Record<keyof Values | 'files', string[]>>
	formError: string | null
	errors: ImportError[]
	total: number
}

export async function loader({ request }: LoaderFunctionArgs) {
	const { funders } = await requireFunderStaff(request)
	return json({ funders: funders.map((f) => ({ value: f.organizationId, label: f.organizationName })) })
}

const reply = (data: Partial<ActionData> & { values: Values }, status: number) =>
	json<ActionData>({ fieldErrors: {}, formError: null, errors: [], total: 0, ...data }, { status })

export async function action({ request }: ActionFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const upload = await parseUpload(request, { fileField: 'xlsx', maxBytes: BODY_BYTES })
	if (!upload.ok) return reply({ values: {}, formError: upload.message }, upload.status)
	const { formData } = upload
	const values: Values = Object.fromEntries(
		TEXT_FIELDS.map((name) => [name, typeof formData.get(name) === 'string' ? (formData.get(name) as string).slice(0, 500) : '']),
	)
	const parsed = PastCallSchema.safeParse(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v || undefined])))
	const csv: Partial<Record<SheetKey, NamedFile>> = {}
	for (const input of CSV_INPUTS) {
		const part = formData.get(input.field)
		if (part === null || typeof part === 'string' || !part.name) continue
		if (part.size === 0) return reply({ values, fieldErrors: { files: [`Le fichier CSV de la feuille « ${input.name} » est vide.`] } }, 400)
		csv[input.key] = { filename: part.name.slice(0, 200), data: Buffer.from(await part.arrayBuffer()) }
	}
	if (!parsed.success) {
		const fieldErrors = parsed.error.flatten().fieldErrors as ActionData['fieldErrors']
		return reply({ values, fieldErrors }, 400)
	}
	const outcome = await importPastCall({ user, call: parsed.data, files: { xlsx: upload.file, csv } })
	if (!outcome.ok) {
		if (outcome.field === 'funderId') return reply({ values, fieldErrors: { funderId: [outcome.message] } }, 400)
		if (outcome.field === 'files') return reply({ values, fieldErrors: { files: [outcome.message] } }, 400)
		return reply({ values, formError: outcome.message, errors: outcome.errors, total: outcome.total }, outcome.errors.length > 0 ? 422 : 403)
	}
	const { counts } = outcome
	return redirectWithToast(`/gestion/appels/${outcome.callId}`, {
		title: 'Appel passé importé',
		description: `${counts.projects} projet${counts.projects > 1 ? 's' : ''}, ${counts.associationsCreated} association${counts.associationsCreated > 1 ? 's' : ''} créée${counts.associationsCreated > 1 ? 's' : ''} et ${counts.associationsLinked} déjà inscrite${counts.associationsLinked > 1 ? 's' : ''} reliée${counts.associationsLinked > 1 ? 's' : ''}, ${counts.evaluations} évaluation${counts.evaluations > 1 ? 's' : ''}.`,
	})
}

export default function ImportPastCallPage() {
	const { funders } = useLoaderData<typeof loader>()
	const data = useActionData<typeof action>()
	const busy = useNavigation().state === 'submitting'
	const values = data?.values ?? {}
	const errorsOf = (name: keyof ActionData['fieldErrors']) => data?.fieldErrors[name]
	const megabytes = IMPORT_LIMITS.fileBytes / 1024 / 1024
	return (
		<>
			<p>
				<Link to="/gestion">← Gestion des appels</Link>
			</p>
			<h1>Importer un appel passé</h1>
			<p>
				Vos appels des années passées sont dans des tableurs : importez-les pour que leur bilan se calcule comme celui des appels
				menés sur Ensemble, et pour les comparer. L’appel importé est archivé ; ses associations déjà inscrites sur Ensemble (même
				SIRET ou même RNA) sont reliées à leurs projets, sans être dupliquées ni modifiées.
			</p>
			<p>
				<a href="/gestion/appels/importer/modele.xlsx" download>
					Télécharger le modèle (XLSX, avec son mode d’emploi et un exemple)
				</a>
			</p>

			{data?.formError ? <FormErrors id="import-erreur" errors={[data.formError]} /> : null}
			{data && data.errors.length > 0 ? <ImportErrors errors={data.errors} total={data.total} /> : null}

			<Form method="post" encType="multipart/form-data" aria-describedby={data?.formError ? 'import-erreur' : undefined}>
				<fieldset>
					<legend>L’appel</legend>
					{funders.length > 1 ? (
						<SelectField
							label="Financeur"
							errors={errorsOf('funderId')}
							options={funders}
							placeholder="Choisissez"
							selectProps={{ id: 'funderId', name: 'funderId', defaultValue: values.funderId ?? '', required: true }}
						/>
					) : null}
					<Field label="Titre de l’appel" errors={errorsOf('title')} inputProps={{ id: 'title', name: 'title', defaultValue: values.title ?? '', required: true, maxLength: 200 }} />
					<Field
						label="Année"
						hint="L’année de clôture de l’appel, si vous n’avez pas sa date exacte."
						errors={errorsOf('year')}
						inputProps={{ id: 'year', name: 'year', defaultValue: values.year ?? '', inputMode: 'numeric', pattern: '[0-9]{4}', maxLength: 4 }}
					/>
					<Field label="Date de clôture (facultative)" errors={errorsOf('closingDate')} inputProps={{ id: 'closingDate', name: 'closingDate', type: 'date', defaultValue: values.closingDate ?? '' }} />
					<Field
						label="Enveloppe (facultative, en euros)"
						errors={errorsOf('envelope')}
						inputProps={{ id: 'envelope', name: 'envelope', defaultValue: values.envelope ?? '', inputMode: 'decimal', maxLength: 30 }}
					/>
				</fieldset>
				<fieldset aria-describedby={errorsOf('files') ? 'files-error' : undefined}>
					<legend>Le fichier</legend>
					<p className="hint">
						Un classeur XLSX de {megabytes} Mo au plus, ou un fichier CSV par feuille. Après une erreur, choisissez à nouveau le fichier
						corrigé : un navigateur ne garde pas les fichiers choisis.
					</p>
					<ErrorList id="files-error" errors={errorsOf('files')} />
					<Field label="Classeur XLSX" inputProps={{ id: 'xlsx', name: 'xlsx', type: 'file', accept: '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }} />
					<p>ou</p>
					{CSV_INPUTS.map((input) => (
						<Field
							key={input.key}
							label={`CSV de la feuille « ${input.name} »${input.required ? '' : ' (facultatif)'}`}
							inputProps={{ id: input.field, name: input.field, type: 'file', accept: '.csv,text/csv' }}
						/>
					))}
				</fieldset>
				<div className="form-actions">
					<button type="submit" disabled={busy}>
						{busy ? 'Vérification…' : 'Vérifier et importer'}
					</button>
				</div>
				<p className="muted">Tout le fichier est vérifié d’abord : rien n’est enregistré tant qu’une erreur reste.</p>
			</Form>

			<TemplateDocumentation />
		</>
	)
}

function ImportErrors({ errors, total }: { errors: ImportError[]; total: number }) {
	return (
		<section aria-labelledby="erreurs">
			<h2 id="erreurs">Erreurs à corriger</h2>
			<p>
				{total > errors.length
					? `${formatInteger(total)} erreurs ; voici les ${errors.length} premières, dans l’ordre des feuilles et des lignes.`
					: `${total} erreur${total > 1 ? 's' : ''}, dans l’ordre des feuilles et des lignes.`}
			</p>
			<table>
				<caption className="visually-hidden">Erreurs du fichier, par feuille, ligne et colonne</caption>
				<thead>
					<tr>
						<th scope="col">Feuille</th>
						<th scope="col">Ligne</th>
						<th scope="col">Colonne</th>
						<th scope="col">Erreur</th>
					</tr>
				</thead>
				<tbody>
					{errors.map((error, i) => (
						<tr key={i}>
							<td data-label="Feuille">{error.sheet}</td>
							<td data-label="Ligne">{error.row ?? '—'}</td>
							<td data-label="Colonne">{error.column ?? '—'}</td>
							<td data-label="Erreur">{error.message}</td>
						</tr>
					))}
				</tbody>
			</table>
		</section>
	)
}

function TemplateDocumentation() {
	return (
		<section aria-labelledby="modele">
			<h2 id="modele">Le modèle de fichier</h2>
			<p>
				Un classeur avec une feuille « Mode d’emploi » puis les feuilles ci-dessous ; la première ligne de chaque feuille porte les
				en-têtes (l’ordre des colonnes est libre, les colonnes inconnues sont ignorées). Les valeurs se lisent sans tenir compte des
				majuscules ni des accents. Plusieurs valeurs dans une cellule se séparent par « {LIST_SEPARATOR} ». Les montants s’écrivent en
				euros : 1 234,56 ou 1234.56.
			</p>
			<p>{CSV_VARIANT}</p>
			{SHEET_KEYS.map((key) => (
				<SheetDocumentation key={key} sheet={key} />
			))}
		</section>
	)
}

function SheetDocumentation({ sheet }: { sheet: SheetKey }) {
	const template = SHEETS[sheet]
	const id = `feuille-${sheet}`
	return (
		<>
			<h3 id={id}>
				Feuille « {template.name} »{template.required ? '' : ' (facultative)'}
			</h3>
			<p>
				{template.purpose} Au plus {formatInteger(template.maxRows)} lignes.
			</p>
			<table aria-labelledby={id}>
				<thead>
					<tr>
						<th scope="col">Colonne</th>
						<th scope="col">Obligatoire</th>
						<th scope="col">Sens</th>
						<th scope="col">Valeurs acceptées</th>
					</tr>
				</thead>
				<tbody>
					{template.columns.map((column) => (
						<tr key={column.key}>
							<th scope="row">{column.header}</th>
							<td data-label="Obligatoire">{column.required ? 'Oui' : 'Non'}</td>
							<td data-label="Sens">{column.meaning}</td>
							<td data-label="Valeurs acceptées">
								{column.accepts}
								{'values' in column && column.values ? (
									<ul>
										{column.values.map((v) => (
											<li key={v.value}>{describeValue(v)}</li>
										))}
									</ul>
								) : null}
							</td>
						</tr>
					))}
				</tbody>
			</table>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
