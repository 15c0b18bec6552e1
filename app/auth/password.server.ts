import { hash, verify } from '@node-rs/argon2'

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane. Algorithm 2 = argon2id.
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1, algorithm: 2 } as const

export function hashPassword(password: string): Promise<string> {
	return hash(password, options)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password)
	} catch {
		return false
	}
}

/** A hash to verify against when the account does not exist, so timing does not tell. */
let dummyHash: Promise<string> | undefined
export function dummyPasswordHash(): Promise<string> {
	dummyHash ??= hashPassword('ensemble-dummy-password')
	return dummyHash
}
