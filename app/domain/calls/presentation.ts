/**
 * A call's presentation is plain text with three conventions a funder can type without an
 * editor: a blank line separates paragraphs, a line starting with "- " is a list item, a
 * line starting with "## " is a heading. The result is data, rendered by React (which
 * escapes everything): no HTML typed by anyone ever reaches the page.
 */
export type PresentationBlock =
	| { type: 'heading'; text: string }
	| { type: 'paragraph'; lines: string[] }
	| { type: 'list'; items: string[] }

export function parsePresentation(source: string): PresentationBlock[] {
	const blocks: PresentationBlock[] = []
	let current: PresentationBlock | null = null
	const flush = () => {
		if (current) blocks.push(current)
		current = null
	}
	for (const rawLine of source.replace(/\r\n?/g, '\n').split('\n')) {
		const line = rawLine.trim()
		if (line === '') {
			flush()
			continue
		}
		if (/^##\s/.test(line)) {
			flush()
			blocks.push({ type: 'heading', text: line.replace(/^##\s+/, '') })
			continue
		}
		if (/^[-•]\s/.test(line)) {
			const item = line.replace(/^[-•]\s+/, '')
			if (current?.type !== 'list') {
				flush()
				current = { type: 'list', items: [] }
			}
			current.items.push(item)
			continue
		}
		if (current?.type !== 'paragraph') {
			flush()
			current = { type: 'paragraph', lines: [] }
		}
		current.lines.push(line)
	}
	flush()
	return blocks
}
