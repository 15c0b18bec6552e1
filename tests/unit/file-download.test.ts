/** The response of a download (app/services/file-download.server.ts): bytes, or a stream with its size; HEAD closes the stream. */
import { Readable } from 'node:stream'
import { describe, expect, test } from 'vitest'
import { fileResponse } from '#app/services/file-download.server.ts'

const GET = new Request('http://localhost/fichier')
const HEAD = new Request('http://localhost/fichier', { method: 'HEAD' })

describe('fileResponse', () => {
	test('un fichier stocké part en flux, sa taille en Content-Length, avec les en-têtes de téléchargement', async () => {
		const stream = Readable.from([Buffer.from('%PDF-'), Buffer.from('1.4 é')])
		const response = fileResponse(GET, { filename: 'Récépissé.pdf', contentType: 'application/pdf', stream, size: 12 }, 'inline')
		expect(Object.fromEntries(response.headers)).toEqual({
			'content-type': 'application/pdf',
			'content-length': '12',
			'content-disposition': `inline; filename="Recepisse.pdf"; filename*=UTF-8''R%C3%A9c%C3%A9piss%C3%A9.pdf`,
			'x-content-type-options': 'nosniff',
			'cache-control': 'private, no-store',
		})
		expect(await response.text()).toBe('%PDF-1.4 é')
	})

	test('sans taille connue, pas de Content-Length ; un fichier dessiné à la volée part de ses octets', async () => {
		const streamed = fileResponse(GET, { filename: 'a.pdf', contentType: 'application/pdf', stream: Readable.from([Buffer.from('abc')]), size: undefined })
		expect(streamed.headers.get('content-length')).toBeNull()
		expect(await streamed.text()).toBe('abc')
		const drawn = fileResponse(GET, { filename: 'b.pdf', contentType: 'application/pdf', data: Buffer.from('abcd') })
		expect(drawn.headers.get('content-length')).toBe('4')
		expect(await drawn.text()).toBe('abcd')
	})

	test('HEAD : les en-têtes, pas de corps, et le fichier ouvert est fermé', () => {
		const stream = Readable.from([Buffer.from('abc')])
		const response = fileResponse(HEAD, { filename: 'a.pdf', contentType: 'application/pdf', stream, size: 3 })
		expect(response.body).toBeNull()
		expect(response.headers.get('content-length')).toBe('3')
		expect(stream.destroyed).toBe(true)
	})
})
