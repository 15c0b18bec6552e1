// eslint-disable-next-line no-restricted-imports -- the link it stands for, compared
import { Link as RemixLink } from '@remix-run/react'
import type { ReactElement } from 'react'
import { renderToString } from 'react-dom/server'
import { StaticRouter } from 'react-router-dom/server.js'
import { describe, expect, test } from 'vitest'
import { Link, rendersAsWritten } from './link.tsx'

const at = (element: ReactElement) => renderToString(<StaticRouter location="/candidatures/a1/budget">{element}</StaticRouter>)

describe('Link: on the server, a full path is written as Remix’s link writes it', () => {
	test('these tests run as the server does, without a document', () => {
		expect(typeof document).toBe('undefined')
	})

	test.each([
		[{ to: '/' }],
		[{ to: '/candidatures/a1/projet', className: 'brand' }],
		[{ to: '/annuaire?q=caf%C3%A9%20bar&page=2#resultats', 'aria-current': 'page' as const }],
		[{ to: '/gestion/appels/c1/export/dossiers.csv', target: '_blank', rel: 'noopener', title: 'Exporter' }],
		[{ to: '/candidatures/a1/', style: { whiteSpace: 'nowrap' as const }, id: 'lien' }],
	])('%o', (props) => {
		expect(rendersAsWritten(props)).toBe(true)
		const children = (
			<>
				Voir <strong>« le dossier »</strong> &amp; ses pièces
			</>
		)
		const ours = at(<Link {...props}>{children}</Link>)
		expect(ours).toBe(at(<RemixLink {...props}>{children}</RemixLink>))
		expect(ours).toContain(`href="${props.to.replace(/&/g, '&amp;')}"`)
	})

	test.each([
		[{ to: 'projet' }],
		[{ to: '../budget' }],
		[{ to: '/candidatures/a1/../a2' }],
		[{ to: '/candidatures/./a1' }],
		[{ to: '/annuaire?' }],
		[{ to: '/annuaire#' }],
		[{ to: '//ailleurs.example/x' }],
		[{ to: 'https://ailleurs.example/x' }],
		[{ to: { pathname: '/candidatures' } }],
		[{ to: '/candidatures', prefetch: 'intent' as const }],
		[{ to: '/candidatures', reloadDocument: true }],
		[{ to: '/candidatures', discover: 'none' as const }],
	])('%o: left to Remix’s link, which resolves it', (props) => {
		expect(rendersAsWritten(props)).toBe(false)
		expect(at(<Link {...props}>Lien</Link>)).toBe(at(<RemixLink {...props}>Lien</RemixLink>))
	})
})
