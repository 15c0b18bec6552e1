import { renderToString } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import { renderPageWithParts } from '#app/utils/fragment-cache.server.ts'
import { closeRequestScope, openRequestScope, REQUEST_SCOPE_HEADER } from '#app/utils/request-scope.server.ts'
import { staticPart, staticPartsOf, type StaticPartData } from '#app/utils/static-parts.server.ts'
import { StaticPart, StaticPartsProvider } from './static-part.tsx'

const request = (key?: string) => new Request('http://localhost/page', { headers: key === undefined ? {} : { [REQUEST_SCOPE_HEADER]: key } })
const inputs = { title: 'Jardins <partagés>', at: new Date('2027-03-01T10:00:00Z') }
const View = ({ title, at }: { title: string; at: string }) => (
	<section>
		<h2>{title}</h2>
		<p>{at}</p>
	</section>
)
const expected = renderToString(
	<div>
		<View title={inputs.title} at="2027-03-01T10:00:00.000Z" />
	</div>,
)
const page = (req: Request, part: StaticPartData) =>
	renderPageWithParts('', () =>
		renderToString(
			<StaticPartsProvider value={staticPartsOf(req)}>
				<StaticPart part={part} />
			</StaticPartsProvider>,
		),
	).toString()

describe('StaticPart: a part of a page the browser keeps as the server wrote it', () => {
	test('for a page the server renders, the loader data carries only its name, and the page holds the markup, rendered from the data as JSON', () => {
		const key = openRequestScope({ document: true })
		try {
			const req = request(key)
			const part = staticPart(req, 'test-static-document', inputs, (data) => <View {...data} />)
			expect(part).toEqual({ name: 'test-static-document', html: null })
			expect(page(req, part)).toBe(expected)
		} finally {
			closeRequestScope(key)
		}
	})

	test('for the browser reading the data (?_data), or a page rendered outside a scope (after a form posted), the HTML travels in the data', () => {
		const key = openRequestScope({ document: false })
		try {
			const req = request(key)
			const part = staticPart(req, 'test-static-data', inputs, (data) => <View {...data} />)
			expect(part.html).toBe(expected.slice('<div>'.length, -'</div>'.length))
			expect(page(req, part)).toBe(expected)
		} finally {
			closeRequestScope(key)
		}
		const outside = staticPart(request(), 'test-static-data', inputs, (data) => <View {...data} />)
		expect(outside.html).toContain('Jardins &lt;partagés&gt;')
	})

	test('rendered once per distinct input; a changed input renders again', () => {
		let renders = 0
		const render = (data: { title: string }) => {
			renders++
			return <p>{data.title}</p>
		}
		expect(staticPart(request(), 'test-static-once', { title: 'a' }, render).html).toBe('<p>a</p>')
		expect(staticPart(request(), 'test-static-once', { title: 'a' }, render).html).toBe('<p>a</p>')
		expect(renders).toBe(1)
		expect(staticPart(request(), 'test-static-once', { title: 'b' }, render).html).toBe('<p>b</p>')
		expect(renders).toBe(2)
	})

	test('with a version that names the inputs, the cache is looked up by the version, not by the inputs written as JSON', () => {
		let renders = 0
		const render = (data: { title: string }) => {
			renders++
			return <p>{data.title}</p>
		}
		expect(staticPart(request(), 'test-static-version', { title: 'a' }, render, { version: 'v1' }).html).toBe('<p>a</p>')
		expect(staticPart(request(), 'test-static-version', { title: 'a' }, render, { version: 'v1' }).html).toBe('<p>a</p>')
		expect(renders).toBe(1)
		expect(staticPart(request(), 'test-static-version', { title: 'b' }, render, { version: 'v2' }).html).toBe('<p>b</p>')
		expect(renders).toBe(2)
	})

	test('with a null version (nothing names the inputs), the inputs written as JSON are the key again', () => {
		const render = (data: { title: string }) => <p>{data.title}</p>
		expect(staticPart(request(), 'test-static-null-version', { title: 'a' }, render, { version: null }).html).toBe('<p>a</p>')
		// Other inputs with no name are not served the first ones' HTML.
		expect(staticPart(request(), 'test-static-null-version', { title: 'b' }, render, { version: null }).html).toBe('<p>b</p>')
	})

	test('with no HTML the holder renders empty: in the browser, hydration keeps what the server wrote (the browser tests check it)', () => {
		expect(renderToString(<StaticPart part={{ name: 'absent', html: null }} />)).toBe('<div></div>')
	})
})
