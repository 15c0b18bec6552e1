/**
 * A form's state without a form library on the page (the evaluation's forms of issue 10, the
 * juror's grid): each field's name is its path in the form's schema (`timetable[0].actualDate`),
 * its id the anchor a list of what is missing links to (`fieldAnchor`); what was typed comes
 * back from the server's answer (Conform's reply) when a save is refused, otherwise the saved
 * answers are shown. The server validates (parseWithZod), as for every form.
 */
import { parseWithZod } from '@conform-to/zod'
import { useState, type FormEvent, type ReactNode } from 'react'
import type { ZodTypeAny } from 'zod'
import { ErrorList, Field, TextareaField } from '#app/components/forms.tsx'

/** The id of a field on the page: `association:…` / `timetable[0].actualDate` made a valid anchor. */
export const fieldAnchor = (formKey: string, path: string) => `${formKey}-${path}`.replace(/[^A-Za-z0-9_-]+/g, '-')

type Reply = { initialValue?: Record<string, unknown> | null; error?: Record<string, string[] | null> | null } | null | undefined

const at = (source: unknown, path: string): unknown =>
	path
		.split(/[.[\]]+/)
		.filter(Boolean)
		.reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), source)

/** What a form shows: the values typed (when the server sent them back) or saved, and the errors by path. */
export function formState(formKey: string, reply: Reply, saved: Record<string, unknown>) {
	const source = reply?.initialValue ?? saved
	return {
		formKey,
		id: (path: string) => fieldAnchor(formKey, path),
		value: (path: string) => {
			const value = at(source, path)
			return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : ''
		},
		values: (path: string) => {
			const value = at(source, path)
			return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string')
		},
		errors: (path: string) => reply?.error?.[path] ?? undefined,
	}
}
export type FormState = ReturnType<typeof formState>

/**
 * A form checked by its schema in the browser before it is sent, as the server checks it again:
 * a refusal in the browser shows the same messages without a round trip, and after a refusal
 * each change checks again (as Conform's `shouldValidate: 'onSubmit'`, `shouldRevalidate:
 * 'onInput'`), with no form library's state rendered on the server. `serverReply`: the action's
 * answer (Conform's reply); a new one replaces what the browser found.
 */
export function useCheckedForm(formKey: string, schema: ZodTypeAny, serverReply: Reply, saved: Record<string, unknown> = {}) {
	const [browserReply, setBrowserReply] = useState<Reply>(null)
	const [seenServerReply, setSeenServerReply] = useState(serverReply)
	if (serverReply !== seenServerReply) {
		setSeenServerReply(serverReply)
		setBrowserReply(null)
	}
	const reply = browserReply ?? serverReply
	const refusal = (form: HTMLFormElement, submitter?: HTMLElement | null) => {
		const submission = parseWithZod(new FormData(form, submitter), { schema })
		return submission.status === 'success' ? null : submission.reply()
	}
	const formErrors = reply?.error?.[''] ?? undefined
	// The form's own messages (not a field's): the id the form points to and `<FormErrors>` carries.
	const formErrorsId = `${formKey}-error`
	return {
		state: formState(formKey, reply, saved),
		formErrors,
		formErrorsId,
		formProps: {
			id: formKey,
			noValidate: true,
			'aria-describedby': formErrors?.length ? formErrorsId : undefined,
			onSubmit: (event: FormEvent<HTMLFormElement>) => {
				const refused = refusal(event.currentTarget, (event.nativeEvent as SubmitEvent).submitter)
				setBrowserReply(refused)
				if (refused) event.preventDefault()
			},
			onInput: (event: FormEvent<HTMLFormElement>) => {
				// Once refused, the messages follow what is typed (an empty reply clears the server's).
				if (reply?.error) setBrowserReply(refusal(event.currentTarget) ?? {})
			},
		},
	}
}

/** Cents as a French person types them back: 1234,5 → "1234,50". */
export function toInput(cents: number | null | undefined) {
	if (cents === null || cents === undefined) return ''
	return (cents / 100).toFixed(2).replace('.', ',').replace(/,00$/, '')
}

/** A text field, or a textarea (`long`), labelled, with its hint and its errors tied to it. */
export function Text({ state, name, label, hint, long = false, rows = 5 }: { state: FormState; name: string; label: string; hint?: ReactNode; long?: boolean; rows?: number }) {
	const props = { id: state.id(name), name, defaultValue: state.value(name) }
	return long ? (
		<TextareaField label={label} hint={hint} errors={state.errors(name)} textareaProps={{ ...props, rows }} />
	) : (
		<Field label={label} hint={hint} errors={state.errors(name)} inputProps={{ ...props, type: 'text' }} />
	)
}

/** Radios (one answer) or checkboxes (several), in a fieldset whose legend is the question. */
export function Choices({
	state,
	name,
	legend,
	options,
	multiple = false,
	hint,
}: {
	state: FormState
	name: string
	legend: string
	options: readonly { value: string; label: string }[]
	multiple?: boolean
	hint?: string
}) {
	const id = state.id(name)
	const errors = state.errors(name)
	const chosen = multiple ? state.values(name) : [state.value(name)]
	const describedBy = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(' ') || undefined
	return (
		<fieldset id={id} aria-describedby={describedBy}>
			<legend>{legend}</legend>
			{hint ? (
				<p id={`${id}-hint`} className="hint muted" style={{ margin: 0 }}>
					{hint}
				</p>
			) : null}
			{options.map((option) => (
				<label key={option.value}>
					<input type={multiple ? 'checkbox' : 'radio'} name={name} value={option.value} defaultChecked={chosen.includes(option.value)} /> {option.label}
				</label>
			))}
			<ErrorList id={`${id}-error`} errors={errors} />
		</fieldset>
	)
}

/** What a read-only answer shows when the question was left blank, on both sides. */
export const NOT_ANSWERED = 'Pas de réponse'
/** The label of an option chosen, or NOT_ANSWERED. */
export const labelOf = (options: readonly { value: string; label: string }[], value: string | null | undefined) => (value ? (options.find((o) => o.value === value)?.label ?? value) : NOT_ANSWERED)
export const orNone = (text: string | null | undefined) => (text ? text : NOT_ANSWERED)
