import { expect, test, type Browser, type Page } from '@playwright/test';
import { bilanIdOf, DEMO, loginAs } from './helpers';

/** A signed-in page of its own browser context (each person on their own device). */
async function personPage(browser: Browser, email: string): Promise<Page> {
	const page = await (await browser.newContext()).newPage();
	await loginAs(page, email);
	return page;
}

/** The row of Bruno's first séance (5 October 2026, morning) on the attendance page. */
const firstRow = (page: Page) =>
	page.getByRole('row').filter({ hasText: 'Matin' }).filter({ hasText: '5 octobre 2026' });

test('the consultant and the beneficiary each sign their own half-day from the page', async ({
	browser
}) => {
	const consultant = await personPage(browser, DEMO.consultante);
	const bilanId = await bilanIdOf(consultant, 'Bruno Bénéficiaire');
	await consultant.goto(`/bilans/${bilanId}`);
	await consultant.getByRole('link', { name: 'Feuille de présence et signatures' }).click();
	await expect(consultant.getByRole('heading', { name: 'Ce que veut dire signer' })).toBeVisible();

	// Signing without ticking the box is refused, with the reason beside it.
	const row = firstRow(consultant);
	await row.getByRole('button', { name: 'Signer' }).click();
	await expect(row.getByText('Cochez la case pour confirmer votre présence')).toBeVisible();
	await row.getByRole('checkbox', { name: /Je confirme avoir participé/ }).check();
	await row.getByRole('button', { name: 'Signer' }).click();
	await expect(consultant.locator('[aria-live="polite"]')).toContainText(
		'Votre signature est enregistrée'
	);
	await expect(row.getByText('Signé par Claire Consultante')).toBeVisible();
	// The form gave way to the signature: the focus follows, it is not lost at the top of the page.
	await expect(row.getByText('Signé par Claire Consultante')).toBeFocused();
	// Only the consultant's own column: the beneficiary's stays theirs to sign.
	await expect(row.getByRole('button', { name: 'Signer' })).toHaveCount(0);
	await expect(row.getByText('Non signé')).toBeVisible();

	const beneficiary = await personPage(browser, DEMO.beneficiaire);
	await beneficiary.goto(`/bilans/${bilanId}/presence`);
	const mine = firstRow(beneficiary);
	await mine.getByRole('checkbox', { name: /Je confirme avoir participé/ }).check();
	await mine.getByRole('button', { name: 'Signer' }).focus();
	await beneficiary.keyboard.press('Enter');
	await expect(mine.getByText('Signé par Bruno Bénéficiaire')).toBeVisible();
	await expect(mine.getByText('Signé par Claire Consultante')).toBeVisible();

	// The admin reads the sheet and can download it, but has nothing to sign.
	const admin = await personPage(browser, DEMO.admin);
	await admin.goto(`/bilans/${bilanId}/presence`);
	await expect(firstRow(admin).getByText('Signé par Bruno Bénéficiaire')).toBeVisible();
	await expect(admin.getByRole('button', { name: 'Signer' })).toHaveCount(0);
	const download = admin.waitForEvent('download');
	await admin.getByRole('link', { name: 'Feuille de présence (PDF)' }).click();
	expect((await download).suggestedFilename()).toMatch(/^feuille-de-presence-.+\.pdf$/);
});
