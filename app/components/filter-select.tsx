/**
 * One list filter of a GET search form (the directory, the showcase): « any » first, then
 * the list's options; the current value kept. Works without JavaScript.
 */
export type FilterOption = { value: string; label: string }

export function FilterSelect(props: { id: string; name: string; label: string; anyLabel: string; options: readonly FilterOption[]; value: string }) {
	return (
		<div className="field">
			<label htmlFor={props.id}>{props.label}</label>
			<select id={props.id} name={props.name} defaultValue={props.value}>
				<option value="">{props.anyLabel}</option>
				{props.options.map((option) => (
					<option key={option.value} value={option.value}>
						{option.label}
					</option>
				))}
			</select>
		</div>
	)
}
