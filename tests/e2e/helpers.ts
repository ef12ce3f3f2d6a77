import { expect, test, type BrowserContext, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'atelier-demo';
export const DEMO = {
	admin: 'admin@demo.atelier.fr',
	consultante: 'consultante@demo.atelier.fr',
	beneficiaire: 'beneficiaire@demo.atelier.fr',
	beneficiaire2: 'beneficiaire2@demo.atelier.fr'
} as const;

/**
 * Signs in by posting the login form's fields to its action, as the form does without
 * JavaScript, and opens the home page. The form itself, typed into by a person, is the roles
 * test's subject; every other test only needs to be signed in. `origin`: the app's, as the page's
 * context reaches it (a test's proxy).
 */
export async function loginAs(
	page: Page,
	email: string,
	origin = new URL(test.info().project.use.baseURL!).origin
): Promise<void> {
	const response = await page.request.post('/login', {
		form: { email, password: DEMO_PASSWORD },
		// Not kept alive: a socket left idle while the next pages load can be closed by the
		// server just as the next request goes out on it (ECONNRESET).
		headers: { origin, connection: 'close' },
		maxRedirects: 0
	});
	expect(response.status(), `signing in as ${email}`).toBe(303);
	await page.goto('/');
}

/** The id of the first bilan linked from the bilans list whose row names `beneficiary`. */
export async function bilanIdOf(page: Page, beneficiary: string): Promise<string> {
	await page.goto('/bilans');
	const href = await page.getByRole('link', { name: beneficiary }).first().getAttribute('href');
	const id = href?.split('/').pop();
	if (!id) throw new Error(`no bilan listed for ${beneficiary}`);
	return id;
}

/**
 * Collects the Content-Security-Policy violations of every page of `context`: the
 * `securitypolicyviolation` events (reported from an init script, which the policy does not
 * govern) and the console lines Chromium prints for them (workers, blocked frames).
 */
export async function watchCsp(context: BrowserContext): Promise<() => string[]> {
	const seen: string[] = [];
	await context.exposeBinding('atelierCspViolation', (_source, text: string) => seen.push(text));
	await context.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (event) => {
			const report = (window as unknown as { atelierCspViolation(text: string): void })
				.atelierCspViolation;
			report(`${event.violatedDirective} blocked ${event.blockedURI} on ${location.pathname}`);
		});
	});
	const watch = (page: Page) =>
		page.on('console', (message) => {
			if (/Content Security Policy/i.test(message.text())) seen.push(message.text());
		});
	context.pages().forEach(watch);
	context.on('page', watch);
	return () => [...seen];
}
