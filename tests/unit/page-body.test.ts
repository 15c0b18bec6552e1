import { describe, expect, test } from 'vitest'
import { pageBytesOf, pageResponse } from '#app/utils/page-body.server.ts'

describe('the bytes of a page rendered whole', () => {
	test('are kept beside its Response, whose body still reads the same', async () => {
		const bytes = Buffer.from('<!DOCTYPE html><p>Bonjour</p>')
		const response = pageResponse(bytes, { status: 200, headers: { 'Content-Type': 'text/html' } })
		expect(pageBytesOf(response)).toBe(bytes)
		expect(await response.clone().text()).toBe('<!DOCTYPE html><p>Bonjour</p>')
	})

	test('make the same body however it is read, with the headers as they are then', async () => {
		const page = '<!DOCTYPE html><p>Déjà vu</p>'
		const read: [string, (response: Response) => Promise<string>][] = [
			['text', (response) => response.text()],
			['arrayBuffer', async (response) => Buffer.from(await response.arrayBuffer()).toString()],
			['bytes', async (response) => Buffer.from(await response.bytes()).toString()],
			['blob', async (response) => (await response.blob()).text()],
			['body', async (response) => new Response(response.body).text()],
			['clone', (response) => response.clone().text()],
		]
		for (const [how, readBody] of read) {
			const response = pageResponse(Buffer.from(page), { status: 404, headers: { 'Content-Type': 'text/html; charset=utf-8' } })
			response.headers.set('X-Ajout', 'après')
			expect(response.bodyUsed, how).toBe(false)
			expect(await readBody(response), how).toBe(page)
			expect(response.status, how).toBe(404)
			expect(response.headers.get('X-Ajout'), how).toBe('après')
			// A read body is the stream's: its bytes are no longer offered (except to a clone's reader, who read a copy).
			if (how !== 'clone') expect(response.bodyUsed, how).toBe(true)
		}
		expect(await pageResponse(Buffer.from('{"a":1}'), { status: 200 }).json()).toEqual({ a: 1 })
	})

	test('are not offered once the body was read, nor by a copy or another response', async () => {
		const response = pageResponse(Buffer.from('page'), { status: 200 })
		const copy = new Response(response.body, response)
		expect(pageBytesOf(copy)).toBeUndefined()
		expect(pageBytesOf(new Response('autre'))).toBeUndefined()
		const read = pageResponse(Buffer.from('page'), { status: 200 })
		await read.text()
		expect(pageBytesOf(read)).toBeUndefined()
	})
})
