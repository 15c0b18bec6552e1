/**
 * Files in an S3-compatible object store (issue 13), against a local s3rver
 * (tests/support/s3-server.ts): the store itself (same keys as on disk, whole and streamed
 * reads, idempotent deletes), the app configured with S3_* variables (uploads and streamed
 * downloads through the routes, the funder's download still audited), and the sweep of the
 * files no longer referenced, in the object store and on disk.
 */
import { existsSync, mkdtempSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { text } from 'node:stream/consumers'
import { and, eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import { deleteAttachment, addAttachment } from '#app/domain/applications/attachments.server.ts'
import { receiptKey } from '#app/domain/applications/receipt.server.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { markApplicationFilesUnreferenced, markUnreferenced, sweepUnreferencedFiles } from '#app/domain/files/storage-orphans.server.ts'
import { parseEnv } from '#app/env.server.ts'
import { enqueueEmail } from '#app/services/mail.server.ts'
import { S3Storage } from '#app/services/s3-storage.server.ts'
import { type FileStorage, getStorage, LocalDiskStorage, setStorage, sha256, storageFromEnv } from '#app/services/storage.server.ts'
import { db } from '#db/client.server.ts'
import { agreements, applications, attachments, auditEvents, calls, decisionLetters, storageOrphans } from '#db/schema/index.ts'
import { createApplication, PDF } from '#tests/factories.ts'
import { startS3Server, type LocalS3 } from '#tests/support/s3-server.ts'
import { get, login, startTestServer, type TestServer } from '#tests/support/server.ts'

const DAY = 24 * 60 * 60 * 1000

let s3: LocalS3
let store: S3Storage
let server: TestServer

beforeAll(async () => {
	s3 = await startS3Server()
	store = s3.storage()
	// Before the first getStorage(), here and in the served build: the app's files go to the S3 server.
	Object.assign(process.env, s3.env)
	setStorage(undefined)
	server = await startTestServer()
})

afterEach(() => setStorage(undefined))

afterAll(async () => {
	await server?.close()
	for (const name of Object.keys(s3?.env ?? {})) delete process.env[name]
	setStorage(undefined)
	await s3?.stop()
})

/** A different PDF for each call: its own content hash. */
const pdfSaying = (words: string) => Buffer.concat([PDF, Buffer.from(`% ${words}\n`)])

async function orphanKeys() {
	return (await db.select({ key: storageOrphans.key }).from(storageOrphans)).map((row) => row.key).sort()
}

describe('S3Storage sur un serveur S3 local', () => {
	test('put, get, getStream, delete sous la même clé que sur disque', async () => {
		const key = 'applications/00000000-0000-0000-0000-000000000001/abc123'
		const data = Buffer.from('%PDF-1.4 contenu de test é')
		await store.put(key, data)
		expect(await store.get(key)).toEqual(data)
		const streamed = await store.getStream(key)
		expect(streamed?.size).toBe(data.length)
		expect(await text(streamed!.stream)).toBe(data.toString())
		await store.delete(key)
		expect(await store.get(key)).toBeNull()
		expect(await store.getStream(key)).toBeNull()
		// Deleting again is no error.
		await store.delete(key)
	})

	test('une clé invalide est refusée avant toute requête', async () => {
		await expect(store.put('../etc/passwd', Buffer.from('x'))).rejects.toThrow('invalid storage key')
		await expect(store.getStream('a//b')).rejects.toThrow('invalid storage key')
	})

	test('S3_BUCKET choisit le stockage objet ; sans lui, le dossier UPLOAD_DIR', () => {
		expect(storageFromEnv(parseEnv({ NODE_ENV: 'test', ...s3.env }))).toBeInstanceOf(S3Storage)
		expect(storageFromEnv(parseEnv({ NODE_ENV: 'test', UPLOAD_DIR: '/tmp/x' }))).toBeInstanceOf(LocalDiskStorage)
		expect(getStorage()).toBeInstanceOf(S3Storage)
	})
})

describe('l’application sur le stockage objet', () => {
	test('une pièce déposée par le formulaire va dans le seau, et se télécharge en flux pour le consortium et le financeur (audité)', async () => {
		const { id, lead, funder, call } = await createApplication({ status: 'submitted' })
		const rib = pdfSaying('RIB à jour')
		// A draft's piece given through the form, by the served app.
		const draft = await createApplication({ lead })
		const cookie = await login(server, lead.user.email)
		const form = new FormData()
		form.append('slot', `rib:${lead.organization.id}`)
		form.append('file', new Blob([new Uint8Array(rib)], { type: 'application/pdf' }), 'RIB à jour.pdf')
		const uploaded = await fetch(`${server.baseUrl}/candidatures/${draft.id}/pieces`, { method: 'POST', body: form, headers: { Cookie: cookie, Origin: server.baseUrl }, redirect: 'manual' })
		expect(uploaded.status).toBe(302)
		const [given] = await db.select().from(attachments).where(eq(attachments.applicationId, draft.id))
		expect(given!.storageKey).toBe(`applications/${draft.id}/${sha256(rib)}`)
		expect(await store.get(given!.storageKey)).toEqual(rib)
		// Nothing went to the folder of this test file.
		expect(existsSync(path.join(process.env.UPLOAD_DIR!, given!.storageKey))).toBe(false)

		const download = await get(server, `/candidatures/${draft.id}/pieces/${given!.id}`, cookie)
		expect(download.status).toBe(200)
		expect(download.headers.get('content-type')).toBe('application/pdf')
		expect(download.headers.get('content-length')).toBe(String(rib.length))
		expect(download.headers.get('content-disposition')).toBe(`attachment; filename="RIB a jour.pdf"; filename*=UTF-8''RIB%20%C3%A0%20jour.pdf`)
		expect(download.headers.get('cache-control')).toBe('private, no-store')
		expect(Buffer.from(await download.arrayBuffer())).toEqual(rib)

		// The submitted application's receipt and pieces, on the funder's side.
		const receipt = await get(server, `/candidatures/${id}/recepisse.pdf`, cookie)
		expect(receipt.status).toBe(200)
		const receiptBytes = Buffer.from(await receipt.arrayBuffer())
		expect(receiptBytes.subarray(0, 5).toString()).toBe('%PDF-')
		expect(receiptBytes).toEqual(await store.get(receiptKey(id)))
		const [piece] = await db.select().from(attachments).where(eq(attachments.applicationId, id))
		const staffCookie = await login(server, funder.user.email)
		const staffDownload = await get(server, `/gestion/appels/${call.id}/candidatures/${id}/pieces/${piece!.id}`, staffCookie)
		expect(staffDownload.status).toBe(200)
		expect(Buffer.from(await staffDownload.arrayBuffer())).toEqual(PDF)
		const audited = await db.select().from(auditEvents).where(and(eq(auditEvents.action, 'application.attachment_downloaded'), eq(auditEvents.subjectId, id)))
		expect(audited).toHaveLength(1)

		// A file the store lost: 404 in French, not a 500.
		await store.delete(given!.storageKey)
		const lost = await get(server, `/candidatures/${draft.id}/pieces/${given!.id}`, cookie)
		expect(lost.status).toBe(404)
	})
})

describe('téléchargement en flux', () => {
	test('un client parti au milieu d’un gros fichier ne laisse ni erreur ni lecture en cours ; le serveur répond ensuite', async () => {
		const { id, lead } = await createApplication()
		// Bigger than any upload allows, put straight into the bucket: only the download is looked at.
		const big = Buffer.alloc(8 * 1024 * 1024, 0x41)
		const key = `applications/${id}/gros-fichier`
		await store.put(key, big)
		const [row] = await db
			.insert(attachments)
			.values({ applicationId: id, organizationId: lead.organization.id, kind: 'rib', filename: 'gros.pdf', contentType: 'application/pdf', sizeBytes: big.length, storageKey: key, sha256: sha256(big), uploadedById: lead.user.id })
			.returning()
		const cookie = await login(server, lead.user.email)
		const response = await get(server, `/candidatures/${id}/pieces/${row!.id}`, cookie)
		expect(response.headers.get('content-length')).toBe(String(big.length))
		const reader = response.body!.getReader()
		const first = await reader.read()
		expect(first.value!.length).toBeGreaterThan(0)
		expect(first.value!.length).toBeLessThan(big.length)
		await reader.cancel()
		const again = await get(server, `/candidatures/${id}/pieces/${row!.id}`, cookie)
		expect(again.status).toBe(200)
		expect(Buffer.from(await again.arrayBuffer()).equals(big)).toBe(true)
	})
})

describe('fichiers qui ne sont plus référencés', () => {
	test('une pièce supprimée est retirée du seau après le délai de grâce, pas avant ; une clé partagée reste', async () => {
		// The factory gives the same PDF for every piece: one key shared by several rows.
		const { id, lead, partners } = await createApplication({ complete: true })
		const rows = await db.select().from(attachments).where(eq(attachments.applicationId, id))
		expect(rows.length).toBeGreaterThan(1)
		const shared = rows[0]!.storageKey
		expect(new Set(rows.map((r) => r.storageKey))).toEqual(new Set([shared]))

		const t0 = new Date()
		const own = rows.find((r) => r.organizationId === lead.organization.id)!
		expect(await deleteAttachment({ id, user: lead.user, attachmentId: own.id })).toEqual({ ok: true })
		expect(await orphanKeys()).toEqual([shared])
		const late = new Date(t0.getTime() + 8 * DAY)
		// Still shared by the partner's piece: kept, and no longer a candidate.
		expect(await sweepUnreferencedFiles({ now: late, graceDays: 7 })).toEqual({ removed: [], stillReferenced: [shared], failed: [] })
		expect(await store.get(shared)).toEqual(PDF)
		expect(await orphanKeys()).toEqual([])

		for (const row of rows.filter((r) => r.id !== own.id)) {
			const owner = row.organizationId === lead.organization.id ? lead.user : partners.find((p) => p.organization.id === row.organizationId)!.user
			expect(await deleteAttachment({ id, user: owner, attachmentId: row.id })).toEqual({ ok: true })
		}
		// Within the grace period: nothing removed.
		expect(await sweepUnreferencedFiles({ now: new Date(Date.now() + 6 * DAY), graceDays: 7 })).toEqual({ removed: [], stillReferenced: [], failed: [] })
		expect(await store.get(shared)).toEqual(PDF)
		// Past it: removed from the store, and no longer a candidate.
		expect(await sweepUnreferencedFiles({ now: new Date(Date.now() + 8 * DAY), graceDays: 7 })).toEqual({ removed: [shared], stillReferenced: [], failed: [] })
		expect(await store.get(shared)).toBeNull()
		expect(await orphanKeys()).toEqual([])
	})

	test('une pièce remplacée devient candidate ; la même pièce déposée de nouveau pendant le délai n’est plus candidate', async () => {
		const { id, lead } = await createApplication()
		const slot = `rib:${lead.organization.id}`
		const first = pdfSaying('premier RIB')
		const second = pdfSaying('second RIB')
		const firstKey = `applications/${id}/${sha256(first)}`
		expect(await addAttachment({ id, user: lead.user, slot, filename: 'rib.pdf', data: first })).toMatchObject({ ok: true })
		expect(await addAttachment({ id, user: lead.user, slot, filename: 'rib.pdf', data: second })).toMatchObject({ ok: true })
		expect(await orphanKeys()).toEqual([firstKey])
		// Given again before the sweep: taken off the candidates, the file stays.
		expect(await addAttachment({ id, user: lead.user, slot, filename: 'rib.pdf', data: first })).toMatchObject({ ok: true })
		expect(await orphanKeys()).toEqual([`applications/${id}/${sha256(second)}`])
		await sweepUnreferencedFiles({ now: new Date(Date.now() + 8 * DAY), graceDays: 7 })
		expect(await store.get(firstKey)).toEqual(first)
		expect(await store.get(`applications/${id}/${sha256(second)}`)).toBeNull()
	})

	test('sur disque aussi : le fichier est supprimé du dossier après le délai de grâce', async () => {
		const folder = mkdtempSync(path.join(tmpdir(), 'ensemble-sweep-'))
		const disk = new LocalDiskStorage(folder)
		setStorage(disk)
		try {
			const { id, lead } = await createApplication()
			const data = pdfSaying('sur disque')
			const added = await addAttachment({ id, user: lead.user, slot: `rib:${lead.organization.id}`, filename: 'rib.pdf', data })
			if (!added.ok) throw new Error(added.message)
			const file = path.join(folder, 'applications', id, sha256(data))
			expect(existsSync(file)).toBe(true)
			await deleteAttachment({ id, user: lead.user, attachmentId: added.attachmentId })
			expect((await sweepUnreferencedFiles({ now: new Date(Date.now() + 6 * DAY), graceDays: 7, storage: disk })).removed).toEqual([])
			expect(existsSync(file)).toBe(true)
			expect((await sweepUnreferencedFiles({ now: new Date(Date.now() + 8 * DAY), graceDays: 7, storage: disk })).removed).toHaveLength(1)
			expect(existsSync(file)).toBe(false)
		} finally {
			await rm(folder, { recursive: true, force: true })
		}
	})

	test('chaque colonne qui tient une clé garde son fichier : procès-verbal (et ses versions auditées), courrier, convention, pièce d’un e-mail, récépissé', async () => {
		const { id, call, lead } = await createApplication({ status: 'submitted' })
		const keys = {
			minutes: `minutes/${call.id}/current`,
			earlierMinutes: `minutes/${call.id}/as-closed`,
			letter: 'decision-letters/lettre-1',
			agreement: `agreements/${id}/v1`,
			mailed: 'evaluation-reports/rapport-1/1700000000000',
			receipt: receiptKey(id),
			nobody: `applications/${id}/plus-personne`,
		}
		for (const key of Object.values(keys)) await store.put(key, PDF)
		await db.update(calls).set({ minutesStorageKey: keys.minutes }).where(eq(calls.id, call.id))
		await recordAudit(db, { actorUserId: null, action: 'call.minutes_stored', subjectType: 'call', subjectId: call.id, data: { storageKey: keys.earlierMinutes, previous: null } })
		await db.insert(decisionLetters).values({ applicationId: id, organizationId: lead.organization.id, decisionVersion: 1, decision: 'selected', storageKey: keys.letter })
		await db.insert(agreements).values({ applicationId: id, content: {}, contentSha256: 'x', storageKey: keys.agreement })
		await db.transaction((tx) =>
			enqueueEmail(tx, {
				to: lead.user.email,
				template: 'verify-email',
				data: { displayName: 'Camille', url: 'http://localhost/verification?token=abc' },
				attachments: [{ filename: 'evaluation.pdf', contentType: 'application/pdf', storageKey: keys.mailed }],
			}),
		)
		await markUnreferenced(db, Object.values(keys), new Date(Date.now() - 30 * DAY))
		const swept = await sweepUnreferencedFiles({ graceDays: 7 })
		expect(swept.removed).toEqual([keys.nobody])
		expect(swept.stillReferenced.sort()).toEqual(Object.values(keys).filter((key) => key !== keys.nobody).sort())
		for (const [name, key] of Object.entries(keys)) expect(await store.get(key), name).toEqual(name === 'nobody' ? null : PDF)
	})

	test('des dossiers supprimés (rétention, compte effacé) : leurs fichiers deviennent candidats dans la même transaction', async () => {
		const { id } = await createApplication({ complete: true })
		const [piece] = await db.select().from(attachments).where(eq(attachments.applicationId, id))
		await db.transaction(async (tx) => {
			await markApplicationFilesUnreferenced(tx, [id], new Date(Date.now() - 30 * DAY))
			await tx.delete(applications).where(eq(applications.id, id))
		})
		expect(await orphanKeys()).toEqual([piece!.storageKey, receiptKey(id)].sort())
		expect((await sweepUnreferencedFiles({ graceDays: 7 })).removed.sort()).toEqual([piece!.storageKey, receiptKey(id)].sort())
		expect(await store.get(piece!.storageKey)).toBeNull()
	})

	test('un fichier que le stockage ne peut supprimer reste candidat pour la prochaine fois', async () => {
		const key = 'applications/00000000-0000-0000-0000-000000000002/panne'
		await markUnreferenced(db, [key], new Date(Date.now() - 30 * DAY))
		const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
		const failing: FileStorage = { put: (k, d) => store.put(k, d), get: (k) => store.get(k), getStream: (k) => store.getStream(k), delete: () => Promise.reject(new Error('seau injoignable')) }
		expect(await sweepUnreferencedFiles({ graceDays: 7, storage: failing })).toEqual({ removed: [], stillReferenced: [], failed: [key] })
		expect(logged).toHaveBeenCalledWith(expect.stringContaining(key), expect.any(Error))
		logged.mockRestore()
		expect(await orphanKeys()).toEqual([key])
		expect(await sweepUnreferencedFiles({ graceDays: 7 })).toEqual({ removed: [key], stillReferenced: [], failed: [] })
	})
})
