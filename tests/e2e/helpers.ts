import { expect, type BrowserContext, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'atelier-demo';
export const DEMO = {
	admin: 'admin@demo.atelier.fr',
	consultante: 'consultante@demo.atelier.fr',
	beneficiaire: 'beneficiaire@demo.atelier.fr',
	beneficiaire2: 'beneficiaire2@demo.atelier.fr'
} as const;

/**
 * Logs in through the login form, as a person would, and waits for the home page. Types only once
 * the page is hydrated: what is typed into the server-rendered form before can be wiped when
 * Svelte takes over (seen as a login left on /login with an empty email).
 */
export async function loginAs(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
	await page.goto('/login');
	await page.waitForLoadState('networkidle');
	await page.getByLabel('Adresse e-mail').fill(email);
	await page.getByLabel('Mot de passe').fill(password);
	await expect(page.getByLabel('Adresse e-mail')).toHaveValue(email);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page).toHaveURL(/\/$/);
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
