import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { pdfText } from '../helpers/pdf';
import { signedIn } from './board-helpers';
import { bilanIdOf, DEMO } from './helpers';

test('the synthèse is written together, validated by the beneficiary and downloaded as a PDF', async ({
	browser
}) => {
	const consultant = await signedIn(browser, DEMO.consultante);
	const beneficiary = await signedIn(browser, DEMO.beneficiaire2);
	const me = beneficiary.page;
	const bilanId = await bilanIdOf(me, 'Nadia Bénéficiaire');

	await me.goto(`/bilans/${bilanId}`);
	await me.getByRole('link', { name: 'Document de synthèse' }).click();
	await expect(me).toHaveURL(new RegExp(`/bilans/${bilanId}/synthese$`));
	await expect(me.getByTestId('board-connection')).toHaveText('Connecté');
	await consultant.page.goto(`/bilans/${bilanId}/synthese`);
	await expect(consultant.page.getByTestId('board-connection')).toHaveText('Connecté');

	// Written by the beneficiary, seen live by the consultant.
	const words = `Nadia souhaite quitter la logistique (${Date.now()}).`;
	await me.getByRole('textbox', { name: 'Circonstances du bilan' }).fill(words);
	await expect(
		consultant.page.getByRole('textbox', { name: 'Circonstances du bilan' })
	).toHaveValue(words);

	// Only the beneficiary validates; she is told what it means first.
	await expect(consultant.page.getByRole('button', { name: 'Valider la synthèse' })).toHaveCount(0);
	await expect(me.getByText('Valider, c’est dire : « ce document me correspond ».')).toBeVisible();
	await expect(me.getByTestId('board-saved')).toHaveText('Enregistré');
	await me.getByRole('button', { name: 'Valider la synthèse' }).click();
	await expect(me.getByTestId('synthese-validated')).toBeVisible();

	const pdfLink = me.getByRole('link', { name: /^Télécharger le PDF \(version \d+\)$/ }).first();
	const [download] = await Promise.all([me.waitForEvent('download'), pdfLink.click()]);
	expect(download.suggestedFilename()).toMatch(/\.pdf$/);
	const text = await pdfText(new Uint8Array(await readFile(await download.path())));
	expect(text).toContain('Cabinet Horizons (démo)');
	expect(text).toContain('Nadia Bénéficiaire');
	expect(text).toContain(words);

	await consultant.close();
	await beneficiary.close();
});

test('Ctrl+Z and Ctrl+Shift+Z undo and redo one’s own writing, with the caret out of the field too', async ({
	browser
}) => {
	const consultant = await signedIn(browser, DEMO.consultante);
	const beneficiary = await signedIn(browser, DEMO.beneficiaire2);
	const bilanId = await bilanIdOf(beneficiary.page, 'Nadia Bénéficiaire');
	for (const { page } of [consultant, beneficiary]) {
		await page.goto(`/bilans/${bilanId}/synthese`);
		await expect(page.getByTestId('board-connection')).toHaveText('Connecté');
	}
	const section = (page: Page) => page.getByRole('textbox', { name: 'Valeurs et motivations' });

	const before = await section(consultant.page).inputValue();
	const words = `Autonomie avant tout (${Date.now()}).`;
	await section(consultant.page).fill(words);
	await expect(section(beneficiary.page)).toHaveValue(words);

	// Out of the field (the page's title clicked), the keys act on the synthèse, as on a board.
	await consultant.page.getByRole('heading', { level: 1 }).click();
	await expect(section(consultant.page)).not.toBeFocused();
	await consultant.page.keyboard.press('Control+z');
	for (const { page } of [consultant, beneficiary]) {
		await expect(section(page)).toHaveValue(before);
	}
	await consultant.page.keyboard.press('Control+Shift+z');
	for (const { page } of [consultant, beneficiary]) {
		await expect(section(page)).toHaveValue(words);
	}

	await consultant.close();
	await beneficiary.close();
});
