import { useEffect, useRef, type ReactNode } from 'react'
import { Form } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'

/**
 * The second step of an action that cannot be undone. The first POST (without `confirm`)
 * answers with this step; its form sends the same fields again with `confirm=1`, which is
 * the only post the action acts on. Works without JavaScript; with it, the focus moves here.
 */
export function ConfirmStep({
	id,
	title,
	children,
	fields,
	confirmLabel,
	cancelTo,
}: {
	id: string
	title: string
	children: ReactNode
	fields: Record<string, string>
	confirmLabel: string
	cancelTo: string
}) {
	const heading = useRef<HTMLHeadingElement>(null)
	useEffect(() => heading.current?.focus(), [])
	return (
		<section className="confirm" aria-labelledby={`${id}-titre`}>
			<h3 id={`${id}-titre`} ref={heading} tabIndex={-1}>
				{title}
			</h3>
			{children}
			<div className="form-actions">
				<Form method="post">
					{Object.entries(fields).map(([name, value]) => (
						<input key={name} type="hidden" name={name} value={value} />
					))}
					<input type="hidden" name="confirm" value="1" />
					<button type="submit">{confirmLabel}</button>
				</Form>
				<Link to={cancelTo}>Annuler</Link>
			</div>
		</section>
	)
}

/** Whether a form was sent from the confirmation step. */
export function isConfirmed(formData: FormData): boolean {
	return formData.get('confirm') === '1'
}
