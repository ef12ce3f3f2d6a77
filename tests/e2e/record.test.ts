import { expect, test, type Page } from '@playwright/test';
import { boardTogether, expectSaved } from './board-helpers';

/**
 * The bilan record, end to end: the consultant and the beneficiary keep versions of a board,
 * open them read-only, compare them in words. (The synthèse steps — validate it, download the
 * PDF — join this journey at the end.)
 */

async function saveToRecord(page: Page, label: string): Promise<void> {
	await page.getByText('Enregistrer dans le dossier', { exact: true }).first().click();
	await page.getByLabel('Nom de l’enregistrement (facultatif)').fill(label);
	await page.getByRole('button', { name: 'Enregistrer dans le dossier' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'C’est enregistré' })).toContainText(
		`C’est enregistré dans le dossier : « ${label} ».`
	);
}

/** Picks, in the select labelled `field`, the snapshot named `label` (options add the date). */
async function choose(page: Page, field: string, label: string): Promise<void> {
	const select = page.getByLabel(field, { exact: true });
	const value = await select.locator('option', { hasText: label }).getAttribute('value');
	await select.selectOption(value!);
}

test('a snapshot opens read-only for the beneficiary, and two snapshots compare in words', async ({
	browser
}) => {
	const title = `Dossier ${Date.now()}`;
	const { consultant, beneficiary, path, close } = await boardTogether(browser, 'values', title);
	const bilanPath = path.split('/tableaux/')[0]!;

	// The consultant keeps the board as it is.
	await saveToRecord(consultant, 'Première séance');

	// The beneficiary finds it in the bilan's record and opens it: content shown, nothing editable.
	await beneficiary.goto(bilanPath);
	await beneficiary.getByText(`${title} : 1 enregistrement(s)`).click();
	await beneficiary.getByRole('link', { name: 'Première séance' }).click();
	await expect(beneficiary.getByRole('heading', { level: 1 })).toHaveText('Première séance');
	await expect(beneficiary.getByTestId('snapshot-read-only')).toBeVisible();
	const sortedOut = beneficiary.locator('ul[data-place="a-trier"]');
	await expect(sortedOut.getByText('Autonomie')).toBeVisible();
	await expect(beneficiary.getByRole('button', { name: /Ajouter une carte/ })).toHaveCount(0);
	await beneficiary.getByRole('button', { name: 'Vue liste (clavier, lecteur d’écran)' }).click();
	await expect(beneficiary.getByText('Autonomie').first()).toBeVisible();
	await expect(beneficiary.getByRole('combobox')).toHaveCount(0);
	await expect(beneficiary.getByRole('button', { name: /^Déplacer/ })).toHaveCount(0);

	// A change on the live board, then a second snapshot by the beneficiary.
	await consultant.getByRole('button', { name: 'Vue liste (clavier, lecteur d’écran)' }).click();
	await consultant
		.getByRole('combobox', { name: 'Pile de « Autonomie »' })
		.selectOption('essentiel');
	await consultant.getByRole('button', { name: 'Déplacer Autonomie' }).click();
	await expectSaved(consultant);
	await beneficiary.goto(path);
	await expect(beneficiary.getByTestId('board-connection')).toHaveText('Connecté');
	await saveToRecord(beneficiary, 'Après le tri');

	// They compare the two: the change is said in words.
	await beneficiary.getByRole('link', { name: 'Voir l’historique et comparer' }).first().click();
	await choose(beneficiary, 'Avant', 'Première séance');
	await choose(beneficiary, 'Après', 'Après le tri');
	await beneficiary.getByRole('button', { name: 'Comparer' }).click();
	await expect(beneficiary.getByTestId('snapshot-changes').getByRole('listitem')).toContainText([
		'« Autonomie » est passé de « À trier » à « Essentiel ».'
	]);

	await close();
});

test('going back to a snapshot reaches whoever has the board open, and keeps what was there', async ({
	browser
}) => {
	const title = `Retour ${Date.now()}`;
	const { consultant, beneficiary, path, close } = await boardTogether(browser, 'values', title);
	await saveToRecord(consultant, 'Avant le tri');
	const sorted = (page: Page) => page.locator('ul[data-place="essentiel"]');
	await consultant.getByRole('button', { name: 'Vue liste (clavier, lecteur d’écran)' }).click();
	await consultant
		.getByRole('combobox', { name: 'Pile de « Autonomie »' })
		.selectOption('essentiel');
	await consultant.getByRole('button', { name: 'Déplacer Autonomie' }).click();
	await expect(sorted(beneficiary).getByText('Autonomie')).toBeVisible();

	// The consultant goes back to the first version; the beneficiary, still on the board, sees it.
	await consultant.goto(`${path}/comparer`);
	await consultant.getByRole('link', { name: 'Avant le tri' }).click();
	await consultant.getByRole('button', { name: 'Revenir à cette version…' }).click();
	await consultant.getByRole('button', { name: 'Oui, revenir à cette version' }).click();
	await expect(
		consultant.getByRole('status').filter({ hasText: 'a repris le contenu' })
	).toBeVisible();
	await expect(sorted(beneficiary).getByText('Autonomie')).toHaveCount(0);

	// Nothing lost: the sorted board was saved first.
	await beneficiary.goto(`${path}/comparer`);
	await expect(beneficiary.getByRole('link', { name: 'Avant restauration' })).toBeVisible();
	await close();
});
