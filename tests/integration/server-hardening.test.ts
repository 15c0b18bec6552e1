/**
 * The Express layer (server/app.ts) over real HTTP: security headers on every kind of
 * response, request bodies bounded before they are read (413) and only form content types
 * accepted (415), a French 404 page, and the mailbox of the demo (/dev/mail) showing a
 * message only to its recipient and to the platform admin.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

// Before anything reads the environment: this file's mails and uploads in temporary folders.
const mailDir = mkdtempSync(path.join(tmpdir(), 'ensemble-hardening-mail-'))
process.env.MAIL_DIR = mailDir
delete process.env.SMTP_URL
process.env.UPLOAD_DIR = mkdtempSync(path.join(tmpdir(), 'ensemble-hardening-uploads-'))

const { createApplication } = await import('#app/domain/applications/creation.server.ts')
const { createAssociationMember, createCall, createPlatformAdmin, createStaff, createUser } = await import('#tests/factories.ts')
const { get, login, post, startTestServer } = await import('#tests/support/server.ts')
const { db } = await import('#db/client.server.ts')
const { auditEvents } = await import('#db/schema/index.ts')
type TestServer = Awaited<ReturnType<typeof startTestServer>>

let server: TestServer
beforeAll(async () => {
	server = await startTestServer()
})
afterAll(async () => {
	await server.close()
})

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')

function expectSecurityHeaders(response: Response, what: string) {
	const csp = response.headers.get('content-security-policy')
	expect(csp, what).toBeTruthy()
	const directives = Object.fromEntries(csp!.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]))
	expect(directives['default-src'], what).toEqual(["'self'"])
	expect(directives['script-src'], what).toEqual(["'self'", expect.stringMatching(/^'nonce-[A-Za-z0-9+/=]{16,}'$/)])
	expect(directives['frame-ancestors'], what).toEqual(["'none'"])
	expect(directives['form-action'], what).toEqual(["'self'"])
	expect(directives['base-uri'], what).toEqual(["'self'"])
	expect(directives['object-src'], what).toEqual(["'none'"])
	expect(response.headers.get('permissions-policy'), what).toMatch(/camera=\(\).*geolocation=\(\).*microphone=\(\).*payment=\(\)/)
	// Exactly once each, though some routes set nosniff themselves.
	expect(response.headers.get('x-content-type-options'), what).toBe('nosniff')
	expect(response.headers.get('x-frame-options'), what).toBe('DENY')
	expect(response.headers.get('referrer-policy'), what).toBe('same-origin')
}

const nonceOf = (response: Response) => /'nonce-([^']+)'/.exec(response.headers.get('content-security-policy') ?? '')?.[1]

describe('en-têtes de sécurité', () => {
	test('sur une page, une réponse ?_data=, un export, une 404, une erreur de formulaire et un fichier statique', async () => {
		const staff = await createStaff('funder')
		const call = await createCall({ funderId: staff.organization.id })
		const cookie = await login(server, staff.user.email)
		const responses = {
			page: await get(server, '/'),
			data: await get(server, '/?_data=root'),
			export: await get(server, `/gestion/appels/${call.id}/export/candidatures.csv`, cookie),
			xlsx: await get(server, `/gestion/appels/${call.id}/export/candidatures.xlsx`, cookie),
			missing: await get(server, '/cette-page-n-existe-pas'),
			refused: await post(server, '/connexion', { email: 'x', password: '' }),
			static: await get(server, '/favicon.svg'),
		}
		expect(responses.page.status).toBe(200)
		expect(responses.data.headers.get('content-type')).toContain('application/json')
		expect(responses.export.status).toBe(200)
		expect(responses.export.headers.get('content-disposition')).toContain('attachment')
		expect(responses.xlsx.status).toBe(200)
		expect(responses.missing.status).toBe(404)
		expect(responses.static.status).toBe(200)
		for (const [what, response] of Object.entries(responses)) expectSecurityHeaders(response, what)
		expect(responses.page.headers.get('strict-transport-security')).toBeNull() // http: no HSTS
	})

	test('le nonce de la politique est celui de chaque script en ligne, et change à chaque requête', async () => {
		const first = await get(server, '/connexion')
		const second = await get(server, '/connexion')
		const nonce = nonceOf(first)
		expect(nonce).toBeTruthy()
		expect(nonceOf(second)).not.toBe(nonce)
		const html = await first.text()
		const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!)
		expect(scripts.length).toBeGreaterThan(1)
		for (const attributes of scripts) {
			if (/\bsrc=/.test(attributes)) continue // external: allowed by 'self'
			expect(attributes).toContain(`nonce="${nonce}"`)
		}
		expect(html).toMatch(/<script[^>]*nonce=/)
	})

	test('HSTS quand l’adresse publique est en https', async () => {
		const secure = await startTestServer({ https: true })
		try {
			for (const pathname of ['/', '/favicon.svg', '/inconnue']) {
				expect((await get(secure, pathname)).headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/)
			}
		} finally {
			await secure.close()
		}
	})
})

describe('page introuvable', () => {
	test('une adresse inconnue répond 404 avec une page en français et des liens vers l’accueil', async () => {
		for (const pathname of ['/nimporte-quoi', '/candidatures/x/y/z/inconnu']) {
			const response = await get(server, pathname)
			expect(response.status).toBe(404)
			const html = await response.text()
			expect(html).toContain('Page introuvable')
			expect(html).toContain('href="/"')
			expect(html).toContain('<html lang="fr"')
			expect(html).not.toContain('No route matches')
			expect(html).not.toMatch(/at [\w.]+ \(.*:\d+:\d+\)/) // no stack trace
		}
		const posted = await post(server, '/nimporte-quoi', { a: 'b' })
		expect(posted.status).toBe(404)
		expect(await posted.text()).toContain('Page introuvable')
	})
})

/** A raw HTTP request, so a body can be streamed with or without Content-Length. */
function rawPost(
	pathname: string,
	body: Readable,
	headers: Record<string, string | number>,
): Promise<{ status: number; text: string; ms: number }> {
	const started = Date.now()
	const url = new URL(server.baseUrl)
	return new Promise((resolve, reject) => {
		const req = httpRequest({ host: url.hostname, port: url.port, path: pathname, method: 'POST', headers: { Origin: server.baseUrl, ...headers } })
		req.on('response', (response: IncomingMessage) => {
			let text = ''
			response.setEncoding('utf8')
			response.on('data', (chunk: string) => (text += chunk))
			response.on('end', () => resolve({ status: response.statusCode!, text, ms: Date.now() - started }))
			response.on('error', reject)
		})
		// Once the server has answered and closed, the rest of the body cannot be written: expected.
		req.on('error', (error) => {
			if (!['EPIPE', 'ECONNRESET'].includes((error as NodeJS.ErrnoException).code ?? '')) reject(error)
		})
		body.on('error', () => {})
		body.pipe(req)
	})
}

/** `total` bytes of url-encoded form, produced as it is sent: nothing of that size is allocated. */
function streamedForm(total: number): Readable {
	const chunk = Buffer.alloc(64 * 1024, 'a')
	let sent = 0
	return Readable.from(
		(function* () {
			yield Buffer.from('email=x%40exemple.test&password=')
			while (sent < total) {
				const next = Math.min(chunk.length, total - sent)
				sent += next
				yield next === chunk.length ? chunk : chunk.subarray(0, next)
			}
		})(),
	)
}

describe('un client parti avant sa réponse', () => {
	test('un export abandonné pendant que le serveur le prépare : rien n’est écrit ni signalé comme une erreur, et le serveur répond ensuite', async () => {
		const staff = await createStaff('funder')
		const call = await createCall({ funderId: staff.organization.id })
		const cookie = await login(server, staff.user.email)
		const errorsBefore = server.errors.length
		const leaving = new AbortController()
		await db.transaction(async (tx) => {
			// The sessions locked: the export's loader waits on its first read while the client leaves.
			await tx.execute(sql`lock table sessions in access exclusive mode`)
			const request = fetch(`${server.baseUrl}/gestion/appels/${call.id}/export/candidatures.csv`, { headers: { Cookie: cookie }, signal: leaving.signal })
			await new Promise((resolve) => setTimeout(resolve, 200))
			leaving.abort()
			await expect(request).rejects.toThrow()
			// The server sees the connection close before the loader goes on.
			await new Promise((resolve) => setTimeout(resolve, 100))
		})
		// The loader ends (its download is in the journal); its answer then finds nobody to write to.
		await expect
			.poll(async () => (await db.select({ id: auditEvents.id }).from(auditEvents).where(and(eq(auditEvents.action, 'call.applications_exported'), eq(auditEvents.subjectId, call.id)))).length)
			.toBe(1)
		await new Promise((resolve) => setTimeout(resolve, 500))
		// Before, the answer was piped into the closed socket, and the « Premature close » that came
		// back went to Express, which logged it as the server's error.
		expect(server.errors.slice(errorsBefore)).toEqual([])
		const again = await get(server, `/gestion/appels/${call.id}/export/candidatures.csv`, cookie)
		expect(again.status).toBe(200)
		expect(await again.text()).toContain('Référence')
	})
})

describe('taille et type des requêtes', () => {
	test('100 Mo annoncés sur un formulaire anonyme : 413 en français sans les lire, /healthz répond pendant ce temps', async () => {
		const total = 100 * 1024 * 1024
		const rssBefore = process.memoryUsage().rss
		const pending = rawPost('/connexion', streamedForm(total), {
			'Content-Type': 'application/x-www-form-urlencoded',
			'Content-Length': total + 32,
		})
		const health = await fetch(`${server.baseUrl}/healthz`)
		expect(health.status).toBe(200)
		const answer = await pending
		expect(answer.status).toBe(413)
		expect(answer.text).toContain('trop volumineux')
		expect(answer.text).not.toContain('aaaaaaaaaa') // nothing echoed back
		expect(answer.ms).toBeLessThan(3_000)
		expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * 1024 * 1024)
	})

	test('un corps envoyé par morceaux sans longueur annoncée est coupé dès qu’il dépasse la limite', async () => {
		const rssBefore = process.memoryUsage().rss
		const answer = await rawPost('/connexion', streamedForm(50 * 1024 * 1024), {
			'Content-Type': 'application/x-www-form-urlencoded',
			'Transfer-Encoding': 'chunked',
		})
		expect(answer.status).toBe(413)
		expect(answer.text).toContain('Le formulaire envoyé est trop volumineux')
		expect(answer.ms).toBeLessThan(3_000)
		expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * 1024 * 1024)
		expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200)
	})

	test('un formulaire long mais légitime (section coopération remplie : 16 textes de 3 000 caractères) passe', async () => {
		const text = 'Les bénévoles d’Handi’Cap et les jeunes du quartier préparent ensemble les goûters. '.repeat(36).slice(0, 3000)
		const fields: Record<string, string> = { email: 'personne@exemple.test', password: 'x' }
		for (let i = 0; i < 16; i++) fields[`topics.t${i}`] = text
		// French text grows by about a third once url-encoded (é, ’, spaces…).
		const body = new URLSearchParams(fields).toString()
		expect(body.length).toBeGreaterThan(64 * 1024)
		const response = await post(server, '/connexion', fields)
		expect(response.status).not.toBe(413)
		expect(response.status).toBeLessThan(500)
	})

	test('le dépôt d’une pièce de 5 Mo passe ; 12 Mo hors des pièces, ou sur un formulaire, sont refusés', async () => {
		const call = await createCall({ requiredAttachments: [{ key: 'rib', label: 'RIB', givenBy: 'lead' }] })
		const a = await createAssociationMember('referent')
		const created = await createApplication({ user: a.user, callId: call.id, title: 'Jardins partagés', leadOrganizationId: a.organization.id })
		if (!created.ok) throw new Error(created.message)
		const cookie = await login(server, a.user.email)
		const slot = `rib:${a.organization.id}`
		const send = (pathname: string, size: number) => {
			const form = new FormData()
			form.append('slot', slot)
			const data = Buffer.concat([PDF, Buffer.alloc(size - PDF.length, 0x20)])
			form.append('file', new Blob([new Uint8Array(data)], { type: 'application/pdf' }), 'rib.pdf')
			return fetch(`${server.baseUrl}${pathname}`, { method: 'POST', body: form, headers: { Cookie: cookie, Origin: server.baseUrl }, redirect: 'manual' })
		}
		const pieces = `/candidatures/${created.applicationId}/pieces?slot=${encodeURIComponent(slot)}`
		const accepted = await send(pieces, 5 * 1024 * 1024)
		expect(accepted.status).toBe(302)
		const huge = await send(pieces, 12 * 1024 * 1024)
		expect(huge.status).toBe(413)
		expect(await huge.text()).toContain('L’envoi est trop volumineux')
		const onForm = await send('/connexion', 1024 * 1024)
		expect(onForm.status).toBe(413)
	})

	test('un POST qui n’est pas un formulaire (texte, JSON, sans type) reçoit 415 en français', async () => {
		for (const type of ['text/plain', 'application/json', 'application/xml', undefined]) {
			const response = await fetch(`${server.baseUrl}/connexion`, {
				method: 'POST',
				body: type === 'application/json' ? JSON.stringify({ email: 'a@b.c' }) : 'email=a@b.c',
				headers: { Origin: server.baseUrl, ...(type ? { 'Content-Type': type } : {}) },
			})
			expect(response.status, String(type)).toBe(415)
			expect(await response.text()).toContain('Format de requête non accepté')
			expectSecurityHeaders(response, String(type))
		}
		// Remix's own fetch of an action (?_data=) gets a response its error boundary shows.
		const data = await fetch(`${server.baseUrl}/connexion?_data=routes%2Fconnexion`, {
			method: 'POST',
			body: '{}',
			headers: { Origin: server.baseUrl, 'Content-Type': 'application/json' },
		})
		expect(data.status).toBe(415)
		expect(data.headers.get('x-remix-catch')).toBe('yes')
	})
})

describe('adresses', () => {
	test('un caractère nul (%00) : retiré de la requête, refusé dans le chemin (400 en français) ; jamais une 500', async () => {
		// Each of these answered 500 when PostgreSQL received the NUL (a search, a filter, an id).
		for (const url of ['/partenaires?q=%00x', '/projets?theme=%00', '/admin/journal?personne=%00', '/partenaires?commune=%00Lyon&distance=20']) {
			const response = await fetch(`${server.baseUrl}${url}`, { redirect: 'manual' })
			expect(response.status, url).not.toBe(500)
			expect([200, 302], url).toContain(response.status)
		}
		for (const url of ['/appels/abc%00', '/partenaires/abc%00', '/gestion/appels/abc%00/candidatures?statut=x']) {
			const response = await fetch(`${server.baseUrl}${url}`, { redirect: 'manual' })
			expect(response.status, url).toBe(400)
			expect(await response.text(), url).toContain('caractère nul')
			expectSecurityHeaders(response, url)
		}
		const data = await fetch(`${server.baseUrl}/partenaires/abc%00?_data=routes%2Fpartenaires.%24organizationId`)
		expect(data.status).toBe(400)
		expect(data.headers.get('x-remix-catch')).toBe('yes')
		// « %00 » typed as text arrives encoded (%2500): an ordinary search.
		expect((await fetch(`${server.baseUrl}/partenaires?q=%2500`)).status).toBe(200)
	})
})

describe('boîte aux lettres de démonstration (/dev/mail)', () => {
	function writeMail(file: string, to: string, subject: string) {
		mkdirSync(mailDir, { recursive: true })
		writeFileSync(
			path.join(mailDir, file),
			[
				'From: Ensemble <ne-pas-repondre@ensemble.test>',
				`To: ${to}`,
				`Subject: ${subject}`,
				`Message-ID: <${file}@ensemble.test>`,
				'Date: Mon, 30 Nov 2026 10:00:00 +0000',
				'Content-Type: text/plain; charset=utf-8',
				'',
				`Lien secret : http://localhost/reinitialiser-mot-de-passe?token=${file}`,
				'',
			].join('\r\n'),
		)
	}

	test('anonyme : connexion demandée ; un compte ne voit que ses e-mails ; l’administrateur les voit tous', async () => {
		const alice = await createUser({ email: 'alice@exemple.test' })
		const bob = await createUser({ email: 'bob@exemple.test' })
		const admin = await createPlatformAdmin()
		writeMail('2026-11-30-alice.eml', 'Alice <Alice@Exemple.test>', 'Réinitialisez votre mot de passe (Alice)')
		writeMail('2026-11-30-bob.eml', 'bob@exemple.test', 'Réinitialisez votre mot de passe (Bob)')

		for (const pathname of ['/dev/mail', '/dev/mail/2026-11-30-bob.eml', '/dev/mail?_data=routes%2Fdev.mail._index']) {
			const anonymous = await get(server, pathname)
			// A page redirects (302); Remix's data request says where to go in X-Remix-Redirect (204).
			expect([302, 204], pathname).toContain(anonymous.status)
			expect(anonymous.headers.get('location') ?? anonymous.headers.get('x-remix-redirect'), pathname).toContain('/connexion')
			expect(await anonymous.text(), pathname).not.toContain('token=')
		}

		const aliceCookie = await login(server, alice.email)
		const aliceList = await (await get(server, '/dev/mail', aliceCookie)).text()
		expect(aliceList).toContain('Réinitialisez votre mot de passe (Alice)')
		expect(aliceList).not.toContain('(Bob)')
		const aliceData = await (await get(server, '/dev/mail?_data=routes%2Fdev.mail._index', aliceCookie)).text()
		expect(aliceData).not.toContain('bob')
		const own = await get(server, '/dev/mail/2026-11-30-alice.eml', aliceCookie)
		expect(own.status).toBe(200)
		expect(await own.text()).toContain('token=2026-11-30-alice.eml')
		const other = await get(server, '/dev/mail/2026-11-30-bob.eml', aliceCookie)
		expect(other.status).toBe(404)
		expect(await other.text()).not.toContain('token=2026-11-30-bob.eml')

		const bobList = await (await get(server, '/dev/mail', await login(server, bob.email))).text()
		expect(bobList).toContain('(Bob)')
		expect(bobList).not.toContain('(Alice)')

		const adminCookie = await login(server, admin.email)
		const adminList = await (await get(server, '/dev/mail', adminCookie)).text()
		expect(adminList).toContain('(Alice)')
		expect(adminList).toContain('(Bob)')
		expect((await get(server, '/dev/mail/2026-11-30-bob.eml', adminCookie)).status).toBe(200)
	})
})
