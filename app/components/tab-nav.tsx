import { useLocation } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'

export type Tab = { to: string; label: string; /** As NavLink's: only this very page, not the pages under it. */ end?: boolean }

/**
 * Whether a tab names the current page, as NavLink decides it: the same path (letter case
 * aside), or with `end` unset a page under it.
 */
export function isCurrentTab(pathname: string, tab: Pick<Tab, 'to' | 'end'>): boolean {
	const location = pathname.toLowerCase()
	const to = tab.to.toLowerCase()
	if (location === to) return true
	const slashAt = to !== '/' && to.endsWith('/') ? to.length - 1 : to.length
	return !tab.end && location.startsWith(to) && location.charAt(slashAt) === '/'
}

/**
 * A page's tab bar: links, the current one marked `aria-current="page"` (and class `active`,
 * as NavLink marks it). The location is read once for the bar: a NavLink resolves its path
 * five times on the server, a Link three.
 */
export function TabNav({ label, tabs }: { label: string; tabs: Tab[] }) {
	const { pathname } = useLocation()
	return (
		<nav aria-label={label} className="sub-nav">
			<ul>
				{tabs.map((tab) => {
					const current = isCurrentTab(pathname, tab)
					return (
						<li key={tab.to}>
							<Link to={tab.to} aria-current={current ? 'page' : undefined} className={current ? 'active' : undefined}>
								{tab.label}
							</Link>
						</li>
					)
				})}
			</ul>
		</nav>
	)
}
