import { availableParallelism } from 'node:os';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { atelierDevServer } from './server/vite-plugin.ts';

export default defineConfig({
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			strategy: ['cookie', 'baseLocale'],
			emitTsDeclarations: true
		}),
		sveltekit(),
		atelierDevServer()
	],
	server: { watch: { ignored: ['**/data/**', '**/test-results/**'] } },
	test: {
		// Sync arrives when it arrives: retrying assertions wait up to 10 s on a busy machine.
		expect: { requireAssertions: true, poll: { timeout: 10_000 } },
		include: ['src/**/*.test.ts', 'server/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		environment: 'node',
		globalSetup: ['tests/global-setup.ts'],
		testTimeout: 30_000,
		hookTimeout: 120_000,
		// Most files wait on sockets, server processes and databases rather than compute: two at
		// once even on a 2-core machine (vitest's default there is one), 6.5 min instead of 8.5.
		maxWorkers: Math.max(2, availableParallelism() - 1),
		// A worker's files share its module graph instead of importing it again each (the server,
		// PGlite, drizzle, Yjs): the suite took 14 min, 6 without. No test mocks modules; each
		// opens its own database, servers and sockets, and closes them.
		isolate: false
	}
});
