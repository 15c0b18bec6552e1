/**
 * The bench's bare Remix app: the portal's Remix version and compiler settings, one route,
 * no loader. `npm run bench` builds it into a temp dir (BARE_REMIX_BUILD_DIR) and serves it
 * beside the portal, as the ceiling a page of this stack can reach on this machine.
 * Its package.json lists what the default entry files import (react, isbot, @remix-run/*):
 * the compiler runs `npm install` in this folder when one is missing, which must not happen.
 */
import path from 'node:path'

const out = process.env.BARE_REMIX_BUILD_DIR ?? 'build'

/** @type {import('@remix-run/dev').AppConfig} */
export default {
	appDirectory: 'app',
	serverBuildPath: path.join(out, 'index.js'),
	assetsBuildDirectory: path.join(out, 'public', 'build'),
	publicPath: '/build/',
	cacheDirectory: path.join(out, '.cache'),
	serverModuleFormat: 'esm',
	serverPlatform: 'node',
	serverDependenciesToBundle: [],
	future: {
		v3_fetcherPersist: true,
		v3_relativeSplatPath: true,
		v3_throwAbortReason: true,
		v3_lazyRouteDiscovery: true,
		v3_singleFetch: false,
	},
}
