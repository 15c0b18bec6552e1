import { useRouteLoaderData } from '@remix-run/react'
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react'
import type { RootLoader } from '#app/root.tsx'

type Errors = string[] | undefined

function describedBy(id: string, hint: ReactNode | undefined, errors: Errors) {
	const ids = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean)
	return ids.length ? ids.join(' ') : undefined
}

export function ErrorList({ id, errors }: { id?: string; errors: Errors }) {
	if (!errors?.length) return null
	return (
		<p id={id} className="field-error">
			{errors.join(' ')}
		</p>
	)
}

type ControlAria = { 'aria-invalid'?: true; 'aria-describedby'?: string }

/** Label, hint and error around one control, linked for screen readers. */
function FieldShell({
	id,
	label,
	hint,
	errors,
	children,
}: {
	id: string
	label: string
	hint?: ReactNode
	errors?: Errors
	children: (aria: ControlAria) => ReactNode
}) {
	return (
		<div className="field">
			<label htmlFor={id}>{label}</label>
			{hint ? (
				<p id={`${id}-hint`} className="hint">
					{hint}
				</p>
			) : null}
			{children({ 'aria-invalid': errors?.length ? true : undefined, 'aria-describedby': describedBy(id, hint, errors) })}
			<ErrorList id={`${id}-error`} errors={errors} />
		</div>
	)
}

type FieldProps = { label: string; hint?: ReactNode; errors?: Errors }

export function Field({ inputProps, ...shell }: FieldProps & { inputProps: InputHTMLAttributes<HTMLInputElement> & { id: string; name: string } }) {
	return <FieldShell id={inputProps.id} {...shell}>{(aria) => <input {...inputProps} {...aria} />}</FieldShell>
}

type SelectOption = { value: string; label: string }

const optionsOf = (options: readonly SelectOption[]) =>
	options.map((option) => (
		<option key={option.value} value={option.value}>
			{option.label}
		</option>
	))

/** A select with its label and error; `groups` (option groups, after `options`) for a long list that reads better by category. */
export function SelectField({
	selectProps,
	options,
	groups = [],
	placeholder,
	...shell
}: FieldProps & {
	selectProps: SelectHTMLAttributes<HTMLSelectElement> & { id: string; name: string }
	options: readonly SelectOption[]
	groups?: readonly { label: string; options: readonly SelectOption[] }[]
	placeholder?: string
}) {
	return (
		<FieldShell id={selectProps.id} {...shell}>
			{(aria) => (
				<select {...selectProps} {...aria}>
					{placeholder !== undefined ? <option value="">{placeholder}</option> : null}
					{optionsOf(options)}
					{groups.map((group) => (
						<optgroup key={group.label} label={group.label}>
							{optionsOf(group.options)}
						</optgroup>
					))}
				</select>
			)}
		</FieldShell>
	)
}

/**
 * « Au nom de l’association » for a person who may act for several: a select, or, with one
 * association, its name and a hidden field — and in both cases the refusal attached to the
 * field (« votre association a déjà… »), which would otherwise be lost with no control to show it.
 */
export function AssociationChoice({
	associations,
	selectProps,
	label = 'Au nom de l’association',
	...shell
}: Partial<FieldProps> & {
	associations: readonly { value: string; label: string }[]
	selectProps: SelectHTMLAttributes<HTMLSelectElement> & { id: string; name: string }
}) {
	const { errors } = shell
	const [only] = associations
	if (associations.length === 1 && only) {
		return (
			<div className="field">
				<input type="hidden" name={selectProps.name} value={only.value} />
				<p aria-describedby={errors?.length ? `${selectProps.id}-error` : undefined}>
					{label} : {only.label}
				</p>
				<ErrorList id={`${selectProps.id}-error`} errors={errors} />
			</div>
		)
	}
	return <SelectField label={label} {...shell} selectProps={selectProps} options={associations} placeholder="Choisissez une association" />
}

export function TextareaField({
	textareaProps,
	...shell
}: FieldProps & { textareaProps: TextareaHTMLAttributes<HTMLTextAreaElement> & { id: string; name: string } }) {
	return <FieldShell id={textareaProps.id} {...shell}>{(aria) => <textarea {...textareaProps} {...aria} />}</FieldShell>
}

/** Errors that belong to the whole form (e.g. "e-mail ou mot de passe incorrect"). */
export function FormErrors({ id, errors }: { id: string; errors: Errors }) {
	if (!errors?.length) return null
	return (
		<div id={id} className="form-error" role="alert">
			{errors.map((error) => (
				<p key={error} style={{ margin: 0 }}>
					{error}
				</p>
			))}
		</div>
	)
}

/**
 * The submit button of a section, with the outcome of the last save announced next to it:
 * the focus stays on the button, so a status region here is read out where the person is.
 * The region is always rendered (empty) so that its new text is announced.
 */
export function SaveButton({ label = 'Enregistrer' }: { label?: string }) {
	const toast = useRouteLoaderData<RootLoader>('root')?.toast
	return (
		<div className="form-actions">
			<button type="submit">{label}</button>
			<p className="form-status" role="status">
				{toast && toast.type !== 'error' ? toast.title : ''}
			</p>
		</div>
	)
}
