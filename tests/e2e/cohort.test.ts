import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { signedIn } from './board-helpers';
import { DEMO } from './helpers';

/**
 * Issue 15, the demo cohort: Bruno and Nadia each write in their private copy of the exercise,
 * Claire's gallery shows both copies live, and Nadia cannot open Bruno's copy.
 */
test('each participant edits their copy; the facilitator’s gallery shows both live', async ({
	browser
}) => {
	const suffix = Math.random().toString(36).slice(2, 7);
	const claire = await signedIn(browser, DEMO.consultante);
	const bruno = await signedIn(browser, DEMO.beneficiaire);
	const nadia = await signedIn(browser, DEMO.beneficiaire2);

	await claire.page.goto('/cohortes');
	await claire.page.getByRole('link', { name: 'Cohorte de printemps' }).click();
	await claire.page.getByRole('link', { name: 'Galerie' }).click();
	const thumbnail = (name: string) => claire.page.getByRole('article', { name });
	await expect(thumbnail('Bruno Bénéficiaire')).toBeVisible();
	await expect(thumbnail('Nadia Bénéficiaire')).toBeVisible();

	const write = async (page: typeof bruno.page, value: string) => {
		await page.goto('/');
		await page.getByRole('link', { name: 'Cohorte de printemps' }).click();
		await page.getByRole('link', { name: 'Ouvrir ma copie' }).click();
		await expect(page.getByTestId('board-connection')).toHaveText('Connecté');
		await page.getByLabel('Valeur', { exact: true }).fill(value);
		await page.getByRole('button', { name: 'Ajouter la carte' }).click();
	};
	await write(bruno.page, `Curiosité ${suffix}`);
	await write(nadia.page, `Audace ${suffix}`);

	await expect(thumbnail('Bruno Bénéficiaire')).toContainText(`Curiosité ${suffix}`);
	await expect(thumbnail('Nadia Bénéficiaire')).toContainText(`Audace ${suffix}`);
	await expect(thumbnail('Nadia Bénéficiaire')).not.toContainText(`Curiosité ${suffix}`);
	expect((await new AxeBuilder({ page: claire.page }).analyze()).violations).toEqual([]);
	await claire.page.getByRole('link', { name: 'Retour à la cohorte' }).click();
	expect((await new AxeBuilder({ page: claire.page }).analyze()).violations).toEqual([]);

	// Bruno's copy, by its address, is no page for Nadia.
	const response = await nadia.page.goto(bruno.page.url());
	expect(response?.status()).toBe(404);

	await claire.close();
	await bruno.close();
	await nadia.close();
});
