import { z } from 'zod'

/** An empty variable (DATABASE_URL= in a shell) means unset. */
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional())

const EnvSchema = z.object({
	NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
	PORT: z.coerce.number().int().positive().default(3000),
	DATABASE_URL: optional(z.string().url()),
	PGLITE_DIR: optional(z.string()),
	SMTP_URL: optional(z.string()),
	MAIL_FROM: z.string().default('Ensemble <ne-pas-repondre@ensemble.test>'),
	MAIL_DIR: z.string().default('data/mail'),
	/** Signs the toast cookie. Required in production; a fixed development value otherwise. */
	SESSION_SECRET: optional(z.string().min(16)),
	/** Public address of the portal, used in emailed links. */
	APP_URL: optional(z.string().url()),
	SEED_DEMO: z.enum(['auto', 'always', 'never']).default('auto'),
})

export type Env = z.infer<typeof EnvSchema>

let cached: Env | undefined

export function getEnv(): Env {
	if (cached) return cached
	const parsed = EnvSchema.safeParse(process.env)
	if (!parsed.success) {
		throw new Error(`Configuration invalide : ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join(', ')}`)
	}
	if (parsed.data.NODE_ENV === 'production' && !parsed.data.SESSION_SECRET) {
		throw new Error('SESSION_SECRET est obligatoire en production.')
	}
	cached = parsed.data
	return cached
}

export const isProduction = () => getEnv().NODE_ENV === 'production'

export function appUrl(): string {
	const env = getEnv()
	return env.APP_URL ?? `http://localhost:${env.PORT}`
}
