/**
 * OWASP's device cookie: after a successful login, the browser keeps a signed note "this
 * browser logged in to this account". A later login to that account from this browser is
 * throttled on its own counter, so an attacker's failures (even from the same IP behind a
 * proxy) do not lock the owner out. It never skips the password check.
 */
import { randomBytes } from 'node:crypto'
import { createCookie } from '@remix-run/node'
import { getEnv, secureCookies } from '#app/env.server.ts'

export type DeviceEntry = { userId: string; deviceId: string }

/** Accounts remembered per browser (a shared computer may serve a few people). */
const MAX_ENTRIES = 5

let cookie: ReturnType<typeof createCookie> | undefined
function deviceCookie() {
	cookie ??= createCookie('ensemble_device', {
		httpOnly: true,
		sameSite: 'lax',
		path: '/connexion',
		secure: secureCookies(),
		maxAge: 365 * 24 * 3600,
		secrets: [getEnv().SESSION_SECRET ?? 'ensemble-development-secret'],
	})
	return cookie
}

function isEntry(value: unknown): value is DeviceEntry {
	const entry = value as DeviceEntry
	return typeof entry?.userId === 'string' && typeof entry.deviceId === 'string'
}

/** The entries of a valid signature; an unsigned or tampered cookie counts as none. */
export async function readDeviceEntries(request: Request): Promise<DeviceEntry[]> {
	const value: unknown = await deviceCookie().parse(request.headers.get('Cookie'))
	return Array.isArray(value) ? value.filter(isEntry).slice(0, MAX_ENTRIES) : []
}

/** The Set-Cookie that remembers this browser for this account (keeping its id if known). */
export async function rememberDevice(entries: DeviceEntry[], userId: string): Promise<string> {
	const known = entries.find((e) => e.userId === userId)
	const entry = known ?? { userId, deviceId: randomBytes(16).toString('base64url') }
	const next = [entry, ...entries.filter((e) => e.userId !== userId)].slice(0, MAX_ENTRIES)
	return deviceCookie().serialize(next)
}
