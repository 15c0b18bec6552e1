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
	/** How often the scheduled jobs (auto-close, reminders…) run, in ms: a minute; shorter in tests. */
	CALL_JOBS_INTERVAL_MS: z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().min(100).max(3_600_000).default(60_000)),
	/** This app server's name in the scheduled jobs' history (host name and process id when unset). */
	INSTANCE_ID: optional(z.string().max(200)),
	/** An S3-compatible object store for the files instead of UPLOAD_DIR: the bucket, which must exist. */
	S3_BUCKET: optional(z.string().min(3).max(63)),
	S3_REGION: z.preprocess((value) => (value === '' ? undefined : value), z.string().default('us-east-1')),
	/** The store's address when it is not AWS (MinIO, Garage, Scaleway, OVH…). */
	S3_ENDPOINT: optional(z.string().url().regex(/^https?:\/\//, 'une adresse http:// ou https://')),
	/** Both or neither: without them the AWS SDK's default chain (AWS_* variables, instance role…). */
	S3_ACCESS_KEY_ID: optional(z.string()),
	S3_SECRET_ACCESS_KEY: optional(z.string()),
	/** bucket in the path (http://host/bucket/key) instead of the host name: what most self-hosted stores need. */
	S3_FORCE_PATH_STYLE: z.preprocess((value) => (value === '' || value === undefined ? undefined : value), z.enum(['true', 'false', '1', '0']).default('false')).transform((value) => value === 'true' || value === '1'),
	/** Days a file no longer referenced stays in the storage before the sweep removes it. */
	STORAGE_GRACE_DAYS: z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().min(1).max(3650).default(7)),
	/** Drafts never submitted are deleted this many months after their call closed, their référents warned a month before (docs/decisions/030). */
	RETENTION_DRAFT_MONTHS: z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().min(2).max(120).default(12)),
	/** Where people write to exercise their rights on their personal data (shown on /confidentialite). */
	PRIVACY_CONTACT_EMAIL: optional(z.string().email()),
}).refine((env) => !env.S3_ACCESS_KEY_ID === !env.S3_SECRET_ACCESS_KEY, {
	message: 'S3_ACCESS_KEY_ID et S3_SECRET_ACCESS_KEY vont ensemble',
	path: ['S3_SECRET_ACCESS_KEY'],
})

export type Env = z.infer<typeof EnvSchema>

let cached: Env | undefined

/**
 * What was opened once from the environment (this cache, the file store), forgotten together
 * when the environment changes. Only tests change it within a process: test files share one
 * (tests/setup/integration.ts), each with folders of its own. The set lives on globalThis so
 * that the server's bundle (build/) and the tests' own copy of these modules forget alike.
 */
const forgetters: Set<() => void> = ((globalThis as { __ensembleEnvForgetters?: Set<() => void> }).__ensembleEnvForgetters ??= new Set())

/** `forget` runs when the environment is read again: the next use opens the resource afresh. */
export function forgetOnEnvironmentChange(forget: () => void) {
	forgetters.add(forget)
}

/** The environment changed (a test file set its folders): every resource opened from it is opened again on next use. */
export function rereadEnvironment() {
	for (const forget of forgetters) forget()
}
forgetOnEnvironmentChange(() => (cached = undefined))

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
