import { describe, expect, test } from 'vitest'
import { isCurrentTab } from './tab-nav.tsx'

describe('isCurrentTab: the current tab as NavLink decides it', () => {
	test.each([
		['/candidatures/a1/budget', { to: '/candidatures/a1/budget', end: true }, true],
		['/candidatures/a1/budget', { to: '/candidatures/a1', end: true }, false],
		['/candidatures/a1/', { to: '/candidatures/a1', end: true }, false],
		['/candidatures/A1/Budget', { to: '/candidatures/a1/budget', end: true }, true],
		['/gestion/appels/c1/candidatures/d1', { to: '/gestion/appels/c1/candidatures' }, true],
		['/gestion/appels/c1/candidatures/d1', { to: '/gestion/appels/c1/candidatures/' }, true],
		['/gestion/appels/c1/candidatures', { to: '/gestion/appels/c1/candidatures/' }, false],
		['/gestion/appels/c1/candidatures-archivees', { to: '/gestion/appels/c1/candidatures' }, false],
		['/gestion/appels/c1/jury', { to: '/gestion/appels/c1', end: true }, false],
		['/gestion/appels/c1', { to: '/gestion/appels/c1', end: true }, true],
	])('%s, tab %o: %s', (pathname, tab, current) => {
		expect(isCurrentTab(pathname, tab)).toBe(current)
	})
})
