import { describe, expect, test } from 'vitest'
import { pageBytesOf, pageResponse } from '#app/utils/page-body.server.ts'

describe('the bytes of a page rendered whole', () => {
	test('are kept beside its Response, whose body still reads the same', async () => {
		const bytes = Buffer.from('<!DOCTYPE html><p>Bonjour</p>')
		const response = pageResponse(bytes, { status: 200, headers: { 'Content-Type': 'text/html' } })
		expect(pageBytesOf(response)).toBe(bytes)
		expect(await response.clone().text()).toBe('<!DOCTYPE html><p>Bonjour</p>')
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
