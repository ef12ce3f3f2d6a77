/**
 * How Debian's Chromium is launched for Playwright: the end-to-end suite (`playwright.config.ts`)
 * and the benches that drive a page (`bench/cohort.ts`) share it.
 */
export const CHROMIUM_LAUNCH_OPTIONS = {
	executablePath: '/usr/bin/chromium',
	args: [
		'--no-sandbox',
		'--disable-gpu',
		'--disable-quic',
		'--no-first-run',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync'
	]
};
