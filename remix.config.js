/** @type {import('@remix-run/dev').AppConfig} */
export default {
	ignoredRouteFiles: ['**/.*', '**/*.test.{ts,tsx}'],
	serverModuleFormat: 'esm',
	serverPlatform: 'node',
	// Server-only packages stay external; everything else is bundled.
	serverDependenciesToBundle: [],
	future: {
		v3_fetcherPersist: true,
		v3_relativeSplatPath: true,
		v3_throwAbortReason: true,
		v3_lazyRouteDiscovery: true,
		v3_singleFetch: false,
	},
}
