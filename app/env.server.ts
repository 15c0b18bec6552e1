import { z } from 'zod'

/** An empty variable (DATABASE_URL= in a shell) means unset. */
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional())

const EnvSchema = z.object({
	NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
	PORT: z.coerce.number().int().positive().default(3000),
	/** The interface the server listens on: loopback unless told otherwise, in every mode. */
	HOST: z.preprocess((value) => (value === '' ? undefined : value), z.string().default('127.0.0.1')),
	/** postgres://…: PostgreSQL instead of the embedded PGlite. */
	DATABASE_URL: optional(z.string().url()),
	/** Connections in the PostgreSQL pool (DATABASE_URL only). */
	DATABASE_POOL_SIZE: z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().min(1).max(1000).default(10)),
	/** The PGlite data folder, or 'memory://' for a database that lives as long as the process. */
	PGLITE_DIR: z.preprocess((value) => (value === '' ? undefined : value), z.string().default('data/pglite')),
	SMTP_URL: optional(z.string()),
	MAIL_FROM: z.string().default('Ensemble <ne-pas-repondre@ensemble.test>'),
	MAIL_DIR: z.string().default('data/mail'),
	UPLOAD_DIR: z.preprocess((value) => (value === '' ? undefined : value), z.string().default('data/uploads')),
	/** Signs the toast cookie. Generated into SECRETS_FILE by server/index.ts when not given. */
	SESSION_SECRET: optional(z.string().min(16)),
	/** Where the server keeps the secrets it generated itself (mode 0600). */
	SECRETS_FILE: z.preprocess((value) => (value === '' ? undefined : value), z.string().default('data/secrets.json')),
	/** Public address of the portal, used in emailed links; https here makes every cookie Secure. */
	APP_URL: optional(z.string().url()),
	SEED_DEMO: z.enum(['auto', 'always', 'never']).default('auto'),
	/** Express's `trust proxy` setting (e.g. `loopback` or `1`): which X-Forwarded-For hops to believe. */
	TRUST_PROXY: optional(z.string()),
	/** Drafts never submitted are deleted this many months after their call closed, their référents warned a month before (docs/decisions/030). */
	/** Where people write to exercise their rights on their personal data (shown on /confidentialite). */
	PRIVACY_CONTACT_EMAIL: optional(z.string().email()),
	RETENTION_DRAFT_MONTHS: z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().min(2).max(120).default(12)),
})

export type Env = z.infer<typeof EnvSchema>

let cached: Env | undefined

/**
 * Parses the environment now, without caching it and without the production checks: for
 * the bootstrap (server/environment.ts fills in the secrets first), and for settings read
 * once when a resource is first opened (the database, the file storage), so that a
 * variable set before that moment is heard.
 */
export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
	const parsed = EnvSchema.safeParse(source)
	if (!parsed.success) {
		throw new Error(`Configuration invalide : ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join(', ')}`)
	}
	return parsed.data
}

export function getEnv(): Env {
	if (cached) return cached
	const env = parseEnv()
	if (env.NODE_ENV === 'production' && !env.SESSION_SECRET) {
		throw new Error('SESSION_SECRET est obligatoire en production (server/index.ts le génère dans SECRETS_FILE s’il manque).')
	}
	cached = env
	return cached
}

export const isProduction = () => getEnv().NODE_ENV === 'production'

export function appUrl(): string {
	const env = getEnv()
	return env.APP_URL ?? `http://localhost:${env.PORT}`
}

/** Cookies carry Secure exactly when the public address is https, so http://localhost keeps working. */
export const secureCookies = () => appUrl().startsWith('https:')
