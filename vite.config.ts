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
		hookTimeout: 120_000
	}
});
