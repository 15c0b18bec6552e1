import { RemixBrowser } from '@remix-run/react'
import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { installFrenchErrorMap } from '#app/utils/zod-french.ts'

// The same French messages when Conform validates a form in the browser.
installFrenchErrorMap()

startTransition(() => {
	hydrateRoot(
		document,
		<StrictMode>
			<RemixBrowser />
		</StrictMode>,
	)
})
