import type { MetaFunction } from '@remix-run/node'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'

/** Any URL no other route matches: a French 404 page inside the site's layout. */
export const meta: MetaFunction = () => [{ title: 'Page introuvable — Ensemble' }]

export function loader() {
	throw new Response(null, { status: 404, statusText: 'Not Found' })
}

export function action() {
	throw new Response(null, { status: 404, statusText: 'Not Found' })
}

export default function NotFound() {
	return null
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
