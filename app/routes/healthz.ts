import { sql } from 'drizzle-orm'
import { db } from '#db/client.server.ts'

/** 200 when the database answers, 503 otherwise (for load balancers and monitoring). */
export async function loader() {
	try {
		await Promise.race([
			db.execute(sql`select 1`),
			new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3_000)),
		])
		return new Response('ok', { status: 200, headers: { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' } })
	} catch {
		return new Response('base de données indisponible', { status: 503, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } })
	}
}
