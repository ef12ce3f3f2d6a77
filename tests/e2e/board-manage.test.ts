import { expect, test } from '@playwright/test';
import { createBoard, openBoard, signedIn } from './board-helpers';
import { DEMO } from './helpers';

test('the consultant renames then deletes a board; its snapshots stay in the record', async ({
	browser
}) => {
	const consultant = await signedIn(browser, DEMO.consultante);
	const beneficiary = await signedIn(browser, DEMO.beneficiaire);
	// Names of its own: other tests, and a retry of this one, add boards to the same bilan.
	const stamp = Date.now();
	const original = `Valeurs à renommer ${stamp}`;
	const renamed = `Mes valeurs ${stamp}`;
	const path = await createBoard(consultant.page, 'values', original);
	const bilanPath = path.split('/tableaux/')[0]!;
	// The beneficiary has the board open when it is deleted.
	await openBoard(beneficiary.page, path);

	const page = consultant.page;
	await page.goto(bilanPath);
	// Hydrated first: a click on the disclosure before Svelte takes over can be undone (seen in CI).
	await page.waitForLoadState('networkidle');
	const boardsSection = page.getByRole('region', { name: 'Tableaux' });
	await boardsSection.getByLabel(`Renommer ou supprimer « ${original} »`).click();
	const rename = boardsSection.getByRole('textbox', { name: 'Nouveau titre' });
	await rename.fill(renamed);
	await boardsSection.getByRole('button', { name: 'Renommer', exact: true }).click();
	await expect(page.getByText(`Le tableau s’appelle maintenant « ${renamed} ».`)).toBeVisible();
	await expect(boardsSection.getByRole('link', { name: renamed })).toBeVisible();

	await page.reload();
	await page.waitForLoadState('networkidle');
	await boardsSection.getByLabel(`Renommer ou supprimer « ${renamed} »`).click();
	const row = boardsSection.getByRole('row').filter({ hasText: renamed });
	const confirm = row.getByLabel('Je confirme la suppression de ce tableau.');
	await expect(confirm).not.toBeChecked();
	await confirm.check();
	await row.getByRole('button', { name: 'Supprimer le tableau' }).click();
	await expect(
		page.getByText(`Le tableau « ${renamed} » est supprimé. Ses enregistrements restent`)
	).toBeVisible();
	await expect(boardsSection.getByRole('link', { name: renamed })).toHaveCount(0);

	// The live board is gone for the one who had it open…
	await expect(beneficiary.page.getByText('Ce tableau a été supprimé.')).toBeVisible();
	expect((await page.goto(path))?.status()).toBe(404);
	// …while the record still lists its last snapshot, which opens read-only.
	await page.goto(bilanPath);
	await page.getByText(`${renamed} (tableau supprimé) : 1 enregistrement(s)`).click();
	await page.getByRole('link', { name: /Avant suppression/ }).click();
	await expect(page.getByRole('heading', { name: 'Avant suppression' })).toBeVisible();
	await expect(page.getByTestId('snapshot-read-only')).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Revenir à cette version' })).toHaveCount(0);

	await consultant.close();
	await beneficiary.close();
});

test('the beneficiary may rename a board but not delete it', async ({ browser }) => {
	const consultant = await signedIn(browser, DEMO.consultante);
	const beneficiary = await signedIn(browser, DEMO.beneficiaire);
	const stamp = Date.now();
	const original = `Ikigai de Bruno ${stamp}`;
	const renamed = `Mon ikigai à moi ${stamp}`;
	const path = await createBoard(consultant.page, 'ikigai', original);
	const page = beneficiary.page;
	await page.goto(path.split('/tableaux/')[0]!);
	await page.waitForLoadState('networkidle');
	const boardsSection = page.getByRole('region', { name: 'Tableaux' });
	await boardsSection.getByLabel(`Renommer « ${original} »`).click();
	const row = boardsSection.getByRole('row').filter({ hasText: original });
	await row.getByRole('textbox', { name: 'Nouveau titre' }).fill(renamed);
	await row.getByRole('button', { name: 'Renommer', exact: true }).click();
	await expect(boardsSection.getByRole('link', { name: renamed })).toBeVisible();
	await expect(boardsSection.getByRole('button', { name: 'Supprimer le tableau' })).toHaveCount(0);
	await consultant.close();
	await beneficiary.close();
});
