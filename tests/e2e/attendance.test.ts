import { expect, test, type Browser, type Page } from '@playwright/test';
import { bilanIdOf, DEMO, loginAs } from './helpers';

/** A signed-in page of its own browser context (each person on their own device). */
async function personPage(browser: Browser, email: string): Promise<Page> {
	const page = await (await browser.newContext()).newPage();
	await loginAs(page, email);
	return page;
}

/**
 * A morning of this test's own in the bilan's past: the sheet keeps every signature, so a retry (or
 * a repeat) must sign a half-day nobody signed yet, not the seed's. Unique within a Playwright run,
 * whose server starts on a fresh database: each worker, and each repeat in it, gets its own day (a
 * retry runs in a new worker). Days 10 to 28, before the bilan's first séance (5 October 2026), so
 * no other date of the sheet contains this one.
 */
function ownMorning(): { startsAt: string; day: string } {
	const { workerIndex, repeatEachIndex } = test.info();
	const n = workerIndex * 100 + repeatEachIndex;
	const date = new Date(Date.UTC(2026, 8 - Math.floor(n / 19), 10 + (n % 19)));
	return {
		startsAt: `${date.toISOString().slice(0, 10)}T09:00`,
		day: new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' }).format(date)
	};
}

test('the consultant and the beneficiary each sign their own half-day from the page', async ({
	browser
}) => {
	const consultant = await personPage(browser, DEMO.consultante);
	const bilanId = await bilanIdOf(consultant, 'Bruno Bénéficiaire');
	const morning = ownMorning();
	const halfDay = (page: Page) =>
		page.getByRole('row').filter({ hasText: 'Matin' }).filter({ hasText: morning.day });

	// The consultant records the rendez-vous they held that morning (two hours, the default).
	await consultant.goto(`/bilans/${bilanId}`);
	await consultant.waitForLoadState('networkidle');
	await consultant.getByText('Ajouter un rendez-vous').click();
	await consultant.getByLabel('Date et heure (heure de Paris)').fill(morning.startsAt);
	await consultant.getByRole('button', { name: 'Enregistrer le rendez-vous' }).click();
	await expect(consultant.getByRole('link', { name: new RegExp(morning.day) })).toBeVisible();
	await consultant.getByRole('link', { name: 'Feuille de présence et signatures' }).click();
	await expect(consultant.getByRole('heading', { name: 'Ce que veut dire signer' })).toBeVisible();

	// Signing without ticking the box is refused, with the reason beside it.
	const row = halfDay(consultant);
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
	// Hydrated first: a box checked before Svelte takes over can be unchecked by it.
	await beneficiary.waitForLoadState('networkidle');
	const mine = halfDay(beneficiary);
	await mine.getByRole('checkbox', { name: /Je confirme avoir participé/ }).check();
	await mine.getByRole('button', { name: 'Signer' }).focus();
	await beneficiary.keyboard.press('Enter');
	await expect(mine.getByText('Signé par Bruno Bénéficiaire')).toBeVisible();
	await expect(mine.getByText('Signé par Claire Consultante')).toBeVisible();

	// The admin reads the sheet and can download it, but has nothing to sign.
	const admin = await personPage(browser, DEMO.admin);
	await admin.goto(`/bilans/${bilanId}/presence`);
	await expect(halfDay(admin).getByText('Signé par Bruno Bénéficiaire')).toBeVisible();
	await expect(admin.getByRole('button', { name: 'Signer' })).toHaveCount(0);
	const download = admin.waitForEvent('download');
	await admin.getByRole('link', { name: 'Feuille de présence (PDF)' }).click();
	expect((await download).suggestedFilename()).toMatch(/^feuille-de-presence-.+\.pdf$/);
});
