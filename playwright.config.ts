import { defineConfig } from '@playwright/test';
import { CHROMIUM_LAUNCH_OPTIONS } from './tests/helpers/chromium.ts';

// E2E_PORT: several checkouts on one machine can each run their own end-to-end suite.
const port = Number(process.env.E2E_PORT ?? 4173);

/** End-to-end runs in Debian's Chromium against the built app on a fresh embedded database. */
export default defineConfig({
	testDir: 'tests/e2e',
	forbidOnly: !!process.env.CI,
	retries: process.env.CI ? 1 : 0,
	// Three at once, any test of any file (two workers, a file each, took 12–14 min on a 2-core
	// machine). Four took 8–9 min on one day and 14 on another, when Chromium alone saturated the
	// cores: a new page took 12 s and three people's tests ran out of time twice. A file whose
	// tests share a bilan's séance runs them one after the other (test.describe.configure).
	fullyParallel: true,
	workers: 3,
	reporter: process.env.CI ? 'line' : 'list',
	timeout: 60_000,
	expect: { timeout: 10_000 },
	use: {
		baseURL: `http://127.0.0.1:${port}`,
		locale: 'fr-FR',
		trace: 'on-first-retry',
		launchOptions: CHROMIUM_LAUNCH_OPTIONS
	},
	webServer: {
		command: `rm -rf test-results/e2e-data && node --experimental-strip-types server/index.ts`,
		url: `http://127.0.0.1:${port}/healthz`,
		reuseExistingServer: false,
		timeout: 60_000,
		env: {
			PORT: String(port),
			HOST: '127.0.0.1',
			ATELIER_DATA_DIR: 'test-results/e2e-data',
			DATABASE_URL: '',
			REDIS_URL: '',
			NODE_ENV: 'production'
		}
	}
});
