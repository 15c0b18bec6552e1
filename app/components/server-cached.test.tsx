import { renderToString } from 'react-dom/server'
import { describe, expect, test, vi } from 'vitest'
import { BilanSections } from '#app/components/bilan/bilan-sections.tsx'
import { sideBySide } from '#app/domain/bilan/bilan-text.ts'
import { keptFragmentBytes, renderPageWithParts } from '#app/utils/fragment-cache.server.ts'
import { bilan2012, bilanWithFewAnswers } from '#tests/support/bilan-fixture.ts'
import { ServerCached } from './server-cached.tsx'

const Rows = ({ items }: { items: string[] }) => (
	<>
		{items.map((item) => (
			<tr key={item}>
				<td>{item}</td>
				<td>
					{item.length} lettres{' '}
					{item}
				</td>
			</tr>
		))}
	</>
)

describe('ServerCached: a part of a page rendered once per distinct input', () => {
	test('the page holds the markup React writes in place, so the browser hydrates it as any other part', () => {
		const items = ['alpha', 'bêta']
		const cached = renderToString(
			<table>
				<ServerCached as="tbody" name="test-rows" inputs={{ items }} render={() => <Rows items={items} />} />
			</table>,
		)
		const inline = renderToString(
			<table>
				<tbody>
					<Rows items={items} />
				</tbody>
			</table>,
		)
		expect(cached).toBe(inline)
		expect(cached).toContain('<td>bêta</td>')
	})

	test('the same inputs render once; other inputs render again; null inputs every time', () => {
		const render = vi.fn(() => <p>un paragraphe</p>)
		const page = (inputs: unknown) => renderToString(<ServerCached name="test-count" inputs={inputs} render={render} />)
		expect(page({ version: 1 })).toBe('<div><p>un paragraphe</p></div>')
		page({ version: 1 })
		expect(render).toHaveBeenCalledTimes(1)
		page({ version: 2 })
		expect(render).toHaveBeenCalledTimes(2)
		page(null)
		page(null)
		expect(render).toHaveBeenCalledTimes(4)
	})

	test('the kept parts are bounded by their size', () => {
		// 80 parts of 100 KiB: twice what is kept.
		const text = (i: number) => `${i} `.padEnd(100 * 1024, 'x')
		for (let i = 0; i < 80; i++) renderToString(<ServerCached name="test-bound" inputs={i} render={() => <p>{text(i)}</p>} />)
		expect(keptFragmentBytes()).toBeLessThanOrEqual(4 * 1024 * 1024)
		expect(keptFragmentBytes()).toBeGreaterThan(3 * 1024 * 1024)
		// The most recent stays: rendering it again does not call render; the first is gone.
		const recent = vi.fn(() => <p>{text(79)}</p>)
		renderToString(<ServerCached name="test-bound" inputs={79} render={recent} />)
		expect(recent).not.toHaveBeenCalled()
		const first = vi.fn(() => <p>{text(0)}</p>)
		renderToString(<ServerCached name="test-bound" inputs={0} render={first} />)
		expect(first).toHaveBeenCalledTimes(1)
	})

	test('the bilan’s parts (charts included) render alone exactly as in the page: no context, no useId', () => {
		for (const view of [sideBySide(bilan2012(), null), sideBySide(bilan2012(), bilanWithFewAnswers())]) {
			const cached = renderToString(<ServerCached name="test-bilan" inputs={JSON.stringify(view.labels) + view.sections.length} className="bilan-body" render={() => <BilanSections view={view} />} />)
			const inline = renderToString(
				<div className="bilan-body">
					<BilanSections view={view} />
				</div>,
			)
			expect(cached).toBe(inline)
			expect(cached).toContain('<svg')
		}
	})

	test('a page is assembled from its bytes and the parts’ kept bytes: the same bytes as the page rendered whole', () => {
		const items = ['été', 'hiver']
		// A visitor's text that looks like a placeholder is escaped by React, never replaced.
		const Page = ({ cached }: { cached: boolean }) => (
			<main>
				<p>{'<!--part:0000:0--> où ?'}</p>
				<table>
					{cached ? (
						<ServerCached as="tbody" name="test-page" inputs={{ items }} render={() => <Rows items={items} />} />
					) : (
						<tbody>
							<Rows items={items} />
						</tbody>
					)}
				</table>
				{cached ? <ServerCached name="test-page-2" inputs="deux" render={() => <p>deuxième partie</p>} /> : <div><p>deuxième partie</p></div>}
			</main>
		)
		const inline = Buffer.from(`<!DOCTYPE html>${renderToString(<Page cached={false} />)}`)
		for (let i = 0; i < 2; i++) {
			const assembled = renderPageWithParts('<!DOCTYPE html>', () => renderToString(<Page cached />))
			expect(assembled.equals(inline)).toBe(true)
		}
		expect(inline.toString()).toContain('&lt;!--part:0000:0--&gt; où ?')
	})

	test('a part inside a part is written in place, in the part kept and in the page', () => {
		const Page = ({ cached }: { cached: boolean }) =>
			cached ? (
				<ServerCached
					name="test-outer"
					inputs="dehors"
					render={() => (
						<section>
							<ServerCached name="test-inner" inputs="dedans" render={() => <p>dedans</p>} />
						</section>
					)}
				/>
			) : (
				<div>
					<section>
						<div>
							<p>dedans</p>
						</div>
					</section>
				</div>
			)
		const inline = Buffer.from(renderToString(<Page cached={false} />))
		for (let i = 0; i < 2; i++) expect(renderPageWithParts('', () => renderToString(<Page cached />)).equals(inline)).toBe(true)
	})
})
