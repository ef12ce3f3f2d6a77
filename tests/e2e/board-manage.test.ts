import { expect, test } from '@playwright/test';
import { createBoard, openBoard, signedIn } from './board-helpers';
import { DEMO } from './helpers';

test('the consultant renames then deletes a board; its snapshots stay in the record', async ({
	browser
}) => {
	const consultant = await signedIn(browser, DEMO.consultante);
	const beneficiary = await signedIn(browser, DEMO.beneficiaire);
	const path = await createBoard(consultant.page, 'values', 'Valeurs à renommer');
	const bilanPath = path.split('/tableaux/')[0]!;
	// The beneficiary has the board open when it is deleted.
	await openBoard(beneficiary.page, path);

	const page = consultant.page;
	await page.goto(bilanPath);
	const boardsSection = page.getByRole('region', { name: 'Tableaux' });
	await boardsSection.getByLabel('Renommer ou supprimer « Valeurs à renommer »').click();
	const rename = boardsSection.getByRole('textbox', { name: 'Nouveau titre' });
	await rename.fill('Mes valeurs');
	await boardsSection.getByRole('button', { name: 'Renommer', exact: true }).click();
	await expect(page.getByText('Le tableau s’appelle maintenant « Mes valeurs ».')).toBeVisible();
	await expect(boardsSection.getByRole('link', { name: 'Mes valeurs' })).toBeVisible();

	await page.reload();
	await boardsSection.getByLabel('Renommer ou supprimer « Mes valeurs »').click();
	const confirm = boardsSection.getByLabel('Je confirme la suppression de ce tableau.');
	await expect(confirm).not.toBeChecked();
	await confirm.check();
	await boardsSection.getByRole('button', { name: 'Supprimer le tableau' }).click();
	await expect(
		page.getByText('Le tableau « Mes valeurs » est supprimé. Ses enregistrements restent')
	).toBeVisible();
	await expect(boardsSection.getByRole('link', { name: 'Mes valeurs' })).toHaveCount(0);

	// The live board is gone for the one who had it open…
	await expect(beneficiary.page.getByText('Ce tableau a été supprimé.')).toBeVisible();
	expect((await page.goto(path))?.status()).toBe(404);
	// …while the record still lists its last snapshot, which opens read-only.
	await page.goto(bilanPath);
	await page.getByText('Mes valeurs (tableau supprimé) : 1 enregistrement(s)').click();
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
	const path = await createBoard(consultant.page, 'ikigai', 'Ikigai de Bruno');
	const page = beneficiary.page;
	await page.goto(path.split('/tableaux/')[0]!);
	const boardsSection = page.getByRole('region', { name: 'Tableaux' });
	await boardsSection.getByLabel('Renommer « Ikigai de Bruno »').click();
	await boardsSection.getByRole('textbox', { name: 'Nouveau titre' }).fill('Mon ikigai à moi');
	await boardsSection.getByRole('button', { name: 'Renommer', exact: true }).click();
	await expect(boardsSection.getByRole('link', { name: 'Mon ikigai à moi' })).toBeVisible();
	await expect(boardsSection.getByRole('button', { name: 'Supprimer le tableau' })).toHaveCount(0);
	await consultant.close();
	await beneficiary.close();
});
