import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react'

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

/** A labelled input with its hint and its error message, linked for screen readers. */
export function Field({
	label,
	hint,
	errors,
	inputProps,
}: {
	label: string
	hint?: ReactNode
	errors?: Errors
	inputProps: InputHTMLAttributes<HTMLInputElement> & { id: string; name: string }
}) {
	const id = inputProps.id
	return (
		<div className="field">
			<label htmlFor={id}>{label}</label>
			{hint ? (
				<p id={`${id}-hint`} className="hint">
					{hint}
				</p>
			) : null}
			<input
				{...inputProps}
				aria-invalid={errors?.length ? true : undefined}
				aria-describedby={describedBy(id, hint, errors)}
			/>
			<ErrorList id={`${id}-error`} errors={errors} />
		</div>
	)
}

export function SelectField({
	label,
	hint,
	errors,
	selectProps,
	options,
	placeholder,
}: {
	label: string
	hint?: ReactNode
	errors?: Errors
	selectProps: SelectHTMLAttributes<HTMLSelectElement> & { id: string; name: string }
	options: readonly { value: string; label: string }[]
	placeholder?: string
}) {
	const id = selectProps.id
	return (
		<div className="field">
			<label htmlFor={id}>{label}</label>
			{hint ? (
				<p id={`${id}-hint`} className="hint">
					{hint}
				</p>
			) : null}
			<select
				{...selectProps}
				aria-invalid={errors?.length ? true : undefined}
				aria-describedby={describedBy(id, hint, errors)}
			>
				{placeholder !== undefined ? <option value="">{placeholder}</option> : null}
				{options.map((option) => (
					<option key={option.value} value={option.value}>
						{option.label}
					</option>
				))}
			</select>
			<ErrorList id={`${id}-error`} errors={errors} />
		</div>
	)
}

export function TextareaField({
	label,
	hint,
	errors,
	textareaProps,
}: {
	label: string
	hint?: ReactNode
	errors?: Errors
	textareaProps: TextareaHTMLAttributes<HTMLTextAreaElement> & { id: string; name: string }
}) {
	const id = textareaProps.id
	return (
		<div className="field">
			<label htmlFor={id}>{label}</label>
			{hint ? (
				<p id={`${id}-hint`} className="hint">
					{hint}
				</p>
			) : null}
			<textarea
				{...textareaProps}
				aria-invalid={errors?.length ? true : undefined}
				aria-describedby={describedBy(id, hint, errors)}
			/>
			<ErrorList id={`${id}-error`} errors={errors} />
		</div>
	)
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
