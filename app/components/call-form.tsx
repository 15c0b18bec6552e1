/** The form of a call's fields, shared by the creation page and the call's page. */
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { Form } from '@remix-run/react'
import { Field, FormErrors, SelectField, TextareaField, ErrorList } from '#app/components/forms.tsx'
import { CallEditSchema, CallSchema, GIVEN_BY_OPTIONS } from '#app/domain/calls/call-form.ts'
import { MAX_ATTACHMENTS, MAX_THEMES } from '#app/domain/calls/call-rules.ts'

export type CallFormValues = {
	funderId?: string
	title?: string
	presentation?: string
	eligibility?: string
	territory?: string
	minAssociations?: string
	maxAmountPerProject?: string
	envelope?: string
	opensOn?: string
	deadlineDate?: string
	deadlineTime?: string
	juryStartsOn?: string
	juryEndsOn?: string
	decisionOn?: string
	projectStartsOn?: string
	projectEndsOn?: string
	evaluationDueOn?: string
	themes?: { id?: string; label?: string }[]
	attachments?: { key?: string; label?: string; givenBy?: string }[]
	notifyStaffOnSubmission?: string
}

export function CallForm({
	id,
	intent,
	defaultValue,
	lastResult,
	funders,
	minAssociationsLocked,
	submitLabel,
	version,
}: {
	id: string
	intent?: string
	defaultValue: CallFormValues
	lastResult: SubmissionResult<string[]> | undefined
	/** Shown as a choice when the user works for several funders. */
	funders?: { id: string; name: string }[]
	minAssociationsLocked?: boolean
	submitLabel: string
	/** The version of the call the form edits (absent for a new call): a save on an older one is refused (see updateCall). */
	version?: number
}) {
	const [form, fields] = useForm({
		id,
		defaultValue,
		lastResult,
		shouldValidate: 'onBlur',
		// Clear a fixed error while typing (see admin.structures.$organizationId.tsx).
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: version === undefined ? CallSchema : CallEditSchema }),
	})
	const themes = fields.themes.getFieldList()
	const attachments = fields.attachments.getFieldList()
	return (
		<Form method="post" className="stack" {...getFormProps(form)} aria-describedby={form.errors ? form.errorId : undefined}>
			<FormErrors id={form.errorId} errors={form.errors} />
			{intent ? <input type="hidden" name="intent" value={intent} /> : null}
			{version === undefined ? null : <input type="hidden" name="version" value={version} key={version} />}

			<fieldset className="stack">
				<legend>L’appel</legend>
				{funders && funders.length > 1 ? (
					<SelectField
						label="Financeur"
						errors={fields.funderId.errors}
						selectProps={getSelectProps(fields.funderId)}
						options={funders.map((f) => ({ value: f.id, label: f.name }))}
						placeholder="Choisissez le financeur"
					/>
				) : (
					<ErrorList errors={fields.funderId.errors} />
				)}
				<Field label="Titre" errors={fields.title.errors} inputProps={{ ...getInputProps(fields.title, { type: 'text' }), autoComplete: 'off' }} />
				<TextareaField
					label="Présentation"
					hint="Texte simple : une ligne vide sépare deux paragraphes ; une ligne commençant par « - » est un élément de liste ; une ligne commençant par « ## » est un intertitre."
					errors={fields.presentation.errors}
					textareaProps={{ ...getTextareaProps(fields.presentation), rows: 12 }}
				/>
				<TextareaField
					label="Critères d’éligibilité (facultatif)"
					hint="Qui peut répondre : même mise en forme que la présentation."
					errors={fields.eligibility.errors}
					textareaProps={{ ...getTextareaProps(fields.eligibility), rows: 5 }}
				/>
				<Field
					label="Territoire (facultatif)"
					hint="Par exemple : Rhône (69), Loire (42) et Isère (38)."
					errors={fields.territory.errors}
					inputProps={getInputProps(fields.territory, { type: 'text' })}
				/>
				<Field
					label="Nombre minimum d’associations par projet"
					hint={
						minAssociationsLocked
							? 'L’appel est publié : ce nombre ne peut plus changer.'
							: '2 au minimum, chef de file compris : seuls des projets portés par plusieurs associations sont retenus.'
					}
					errors={fields.minAssociations.errors}
					inputProps={{ ...getInputProps(fields.minAssociations, { type: 'text' }), inputMode: 'numeric', readOnly: minAssociationsLocked }}
				/>
			</fieldset>

			<fieldset className="stack">
				<legend>Budget</legend>
				<Field
					label="Enveloppe de l’appel, en euros"
					hint="Le total qui peut être attribué, par exemple 150 000 ou 150 000,50. Nécessaire pour publier."
					errors={fields.envelope.errors}
					inputProps={{ ...getInputProps(fields.envelope, { type: 'text' }), inputMode: 'decimal' }}
				/>
				<Field
					label="Montant maximum par projet, en euros (facultatif)"
					hint="Par exemple 10 000."
					errors={fields.maxAmountPerProject.errors}
					inputProps={{ ...getInputProps(fields.maxAmountPerProject, { type: 'text' }), inputMode: 'decimal' }}
				/>
			</fieldset>

			<fieldset className="stack">
				<legend>Calendrier (heure de Paris)</legend>
				<p className="hint" style={{ margin: 0 }}>
					Dans l’ordre : ouverture, date limite, jury, décision, projets, évaluations. Les dates vides peuvent être fixées plus tard.
				</p>
				<Field label="Ouverture des dépôts" errors={fields.opensOn.errors} inputProps={getInputProps(fields.opensOn, { type: 'date' })} />
				<div className="grid-2">
					<Field
						label="Date limite de dépôt"
						hint="Nécessaire pour publier."
						errors={fields.deadlineDate.errors}
						inputProps={getInputProps(fields.deadlineDate, { type: 'date' })}
					/>
					<Field
						label="Heure limite de dépôt"
						hint="Heure de Paris, par exemple 12:00 ou 23:59."
						errors={fields.deadlineTime.errors}
						inputProps={getInputProps(fields.deadlineTime, { type: 'time' })}
					/>
				</div>
				<div className="grid-2">
					<Field label="Début du jury" errors={fields.juryStartsOn.errors} inputProps={getInputProps(fields.juryStartsOn, { type: 'date' })} />
					<Field label="Fin du jury" errors={fields.juryEndsOn.errors} inputProps={getInputProps(fields.juryEndsOn, { type: 'date' })} />
				</div>
				<Field label="Date de décision" errors={fields.decisionOn.errors} inputProps={getInputProps(fields.decisionOn, { type: 'date' })} />
				<div className="grid-2">
					<Field label="Début des projets" errors={fields.projectStartsOn.errors} inputProps={getInputProps(fields.projectStartsOn, { type: 'date' })} />
					<Field label="Fin des projets" errors={fields.projectEndsOn.errors} inputProps={getInputProps(fields.projectEndsOn, { type: 'date' })} />
				</div>
				<Field
					label="Remise des évaluations de fin de projet"
					errors={fields.evaluationDueOn.errors}
					inputProps={getInputProps(fields.evaluationDueOn, { type: 'date' })}
				/>
			</fieldset>

			<fieldset className="stack" aria-describedby={`${fields.themes.id}-hint`}>
				<legend>Thèmes</legend>
				<p id={`${fields.themes.id}-hint`} className="hint" style={{ margin: 0 }}>
					Un thème par ligne, par exemple ceux de « Vivre ensemble » : intergénérationnel, interculturel, mixité entre filles et garçons, rencontre handicap/valide. {`Au moins un pour publier, ${MAX_THEMES} au plus. Videz une ligne pour retirer le thème ; enregistrez pour obtenir d’autres lignes vides.`}
				</p>
				<ErrorList id={`${fields.themes.id}-error`} errors={fields.themes.errors} />
				{themes.map((theme, index) => {
					const row = theme.getFieldset()
					return (
						<div key={theme.key}>
							<input {...getInputProps(row.id, { type: 'hidden' })} />
							<Field label={`Thème ${index + 1}`} errors={row.label.errors} inputProps={getInputProps(row.label, { type: 'text' })} />
						</div>
					)
				})}
			</fieldset>

			<fieldset className="stack" aria-describedby={`${fields.attachments.id}-hint`}>
				<legend>Pièces à joindre</legend>
				<p id={`${fields.attachments.id}-hint`} className="hint" style={{ margin: 0 }}>
					{`Par exemple : statuts, RIB, dernier rapport d’activité. Précisez qui fournit chaque pièce (${MAX_ATTACHMENTS} au plus). Videz le nom pour retirer une pièce.`}
				</p>
				<ErrorList id={`${fields.attachments.id}-error`} errors={fields.attachments.errors} />
				{attachments.map((attachment, index) => {
					const row = attachment.getFieldset()
					return (
						<div key={attachment.key} className="grid-2">
							<input {...getInputProps(row.key, { type: 'hidden' })} />
							<Field label={`Pièce ${index + 1}`} errors={row.label.errors} inputProps={getInputProps(row.label, { type: 'text' })} />
							<SelectField
								label={`Pièce ${index + 1} : fournie par`}
								errors={row.givenBy.errors}
								selectProps={getSelectProps(row.givenBy)}
								options={GIVEN_BY_OPTIONS}
							/>
						</div>
					)
				})}
			</fieldset>

			<fieldset className="stack">
				<legend>Suivi des dépôts</legend>
				<div className="field">
					<label style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
						<input {...getInputProps(fields.notifyStaffOnSubmission, { type: 'checkbox' })} />
						Prévenir par e-mail chaque membre de l’équipe du financeur à chaque dossier déposé
					</label>
					<p className="hint" style={{ margin: 0 }}>
						L’e-mail donne le lien vers le dossier déposé.
					</p>
				</div>
			</fieldset>

			<div>
				<button type="submit">{submitLabel}</button>
			</div>
		</Form>
	)
}
