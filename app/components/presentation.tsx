import { parsePresentation } from '#app/domain/calls/presentation.ts'

/** A call's presentation: headings, paragraphs and lists from plain text, escaped by React. */
export function Presentation({ text, headingLevel = 2 }: { text: string; headingLevel?: 2 | 3 | 4 }) {
	const Heading = `h${headingLevel}` as const
	return (
		<div className="presentation">
			{parsePresentation(text).map((block, index) => {
				if (block.type === 'heading') return <Heading key={index}>{block.text}</Heading>
				if (block.type === 'list') {
					return (
						<ul key={index}>
							{block.items.map((item, i) => (
								<li key={i}>{item}</li>
							))}
						</ul>
					)
				}
				return (
					<p key={index}>
						{block.lines.map((line, i) => (
							<span key={i}>
								{i > 0 ? <br /> : null}
								{line}
							</span>
						))}
					</p>
				)
			})}
		</div>
	)
}
