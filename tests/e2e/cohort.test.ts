import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { signedIn } from './board-helpers';
import { DEMO } from './helpers';

/**
 * Issue 15, the demo cohort: Bruno and Nadia each write in their private copy of the exercise,
 * Claire's gallery shows both copies live, and Nadia cannot open Bruno's copy. Bruno shares an
 * item with the group: it is on the group wall for Claire and Nadia, until he withdraws it.
 */
test('each participant edits their copy; the facilitator’s gallery shows both live', async ({
	browser
}) => {
	// Two or three people's pages, two accessibility scans: give the machine time.
	test.slow();
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

	// Bruno shares from his copy; Claire and Nadia see it on the group wall, until he withdraws it.
	const shared = `Envie d’apprendre ${suffix}`;
	await bruno.page.getByLabel('Texte à partager').fill(shared);
	await bruno.page.getByRole('button', { name: 'Partager avec le groupe' }).click();
	await bruno.page.getByRole('button', { name: 'Partager', exact: true }).click();
	await expect(bruno.page.getByRole('status').filter({ hasText: 'Partagé' })).toBeVisible();
	const cohortPage = bruno.page.url().replace(/\/tableaux\/.*$/, '');
	const wallItem = (page: typeof bruno.page) =>
		page.getByTestId('wall-item').filter({ hasText: shared });
	for (const page of [claire.page, nadia.page, bruno.page]) {
		await page.goto(cohortPage);
		await page.getByRole('link', { name: 'Mur du groupe' }).click();
		await expect(wallItem(page)).toContainText('Bruno Bénéficiaire');
	}
	expect((await new AxeBuilder({ page: nadia.page }).analyze()).violations).toEqual([]);
	const itemId = await wallItem(nadia.page).getAttribute('data-item-id');
	const cohortId = new URL(cohortPage).pathname.split('/')[2];
	// Nadia's API call to withdraw Bruno's item is refused, as a `{error}` body.
	const refused = await nadia.page.request.delete(
		`/api/v1/cohorts/${cohortId}/wall/items/${itemId}`
	);
	expect(refused.status()).toBe(403);
	expect(await refused.json()).toEqual({ error: expect.any(String) });
	await wallItem(bruno.page).getByRole('button', { name: 'Retirer du mur' }).click();
	await expect(wallItem(claire.page)).toHaveCount(0);
	await expect(wallItem(nadia.page)).toHaveCount(0);

	await claire.close();
	await bruno.close();
	await nadia.close();
});
