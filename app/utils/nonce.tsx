import { createContext, useContext } from 'react'

/**
 * The Content-Security-Policy nonce of this request (server/security-headers.ts), given to
 * Remix's inline scripts. Empty in the browser: it is needed only in the server's HTML.
 */
const NonceContext = createContext('')

export const NonceProvider = NonceContext.Provider

export const useNonce = () => useContext(NonceContext)
