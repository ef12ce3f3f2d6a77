import { expect, test, type Page } from '@playwright/test';
import { bilanIdOf, DEMO, DEMO_PASSWORD, loginAs } from './helpers.ts';

const BRUNO = 'Bruno Bénéficiaire';
const NADIA = 'Nadia Bénéficiaire';

async function logout(page: Page): Promise<void> {
	await page.getByRole('button', { name: 'Se déconnecter' }).click();
	await expect(page).toHaveURL(/\/login/);
	await page.goto('/bilans');
	await expect(page).toHaveURL(/\/login/);
}

test('an anonymous visitor is sent to the login page; the form refuses a wrong password and lets the right one in', async ({
	page
}) => {
	await page.goto('/bilans');
	await expect(page).toHaveURL(/\/login/);
	await page.waitForLoadState('networkidle');
	await page.getByLabel('Adresse e-mail').fill(DEMO.consultante);
	await page.getByLabel('Mot de passe').fill('pas-le-bon-mot-de-passe');
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page.getByRole('alert')).toHaveText('Adresse e-mail ou mot de passe incorrect.');
	await expect(page.getByLabel('Adresse e-mail')).toHaveValue(DEMO.consultante);
	const api = await page.request.get('/api/v1/me');
	expect(api.status()).toBe(401);

	await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page).toHaveURL(/\/bilans$/);
	await expect(page.getByRole('link', { name: BRUNO })).toBeVisible();
});

test('the consultant sees both bilans she accompanies, and the team', async ({ page }) => {
	await loginAs(page, DEMO.consultante);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Claire');
	await page.getByRole('navigation').getByRole('link', { name: 'Bilans' }).click();
	await expect(page.getByRole('link', { name: BRUNO })).toBeVisible();
	await expect(page.getByRole('link', { name: NADIA })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Nouveau bilan' })).toBeVisible();
	await expect(page.getByRole('navigation').getByRole('link', { name: 'Équipe' })).toBeVisible();
	await logout(page);
});

test('a beneficiary sees only their own bilan, even by guessing URLs', async ({ browser }) => {
	const consultant = await browser.newPage();
	await loginAs(consultant, DEMO.consultante);
	const nadiasBilan = await bilanIdOf(consultant, NADIA);
	const brunosBilan = await bilanIdOf(consultant, BRUNO);
	await consultant.close();

	const page = await browser.newPage();
	await loginAs(page, DEMO.beneficiaire);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Bruno');
	await expect(page.getByRole('navigation').getByRole('link', { name: 'Équipe' })).toHaveCount(0);
	await page.goto('/bilans');
	await expect(page.getByRole('link', { name: BRUNO })).toBeVisible();
	await expect(page.getByText(NADIA)).toHaveCount(0);

	await page.goto(`/bilans/${brunosBilan}`);
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	for (const guess of [`/bilans/${nadiasBilan}`, '/bilans/pas-un-identifiant', '/equipe']) {
		const response = await page.goto(guess);
		expect([403, 404], guess).toContain(response?.status());
		await expect(page.getByText(NADIA)).toHaveCount(0);
	}
	const api = await page.request.get(`/api/v1/bilans/${nadiasBilan}`);
	expect(api.status()).toBe(404);
	expect(await api.text()).not.toContain(NADIA);
	await logout(page);
	await page.close();
});

test('the admin sees the organisation and its people, never beyond', async ({ page }) => {
	await loginAs(page, DEMO.admin);
	await page.goto('/bilans');
	await expect(page.getByRole('link', { name: BRUNO })).toBeVisible();
	await expect(page.getByRole('link', { name: NADIA })).toBeVisible();
	await page.goto('/equipe');
	await expect(page.getByText(DEMO.consultante)).toBeVisible();
	await logout(page);
});
