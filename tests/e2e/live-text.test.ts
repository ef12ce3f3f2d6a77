import { expect, test, type Page } from '@playwright/test';
import { signedIn } from './board-helpers';
import { bilanIdOf, DEMO } from './helpers';

const SECTION = 'Étapes de mise en œuvre';

function section(page: Page) {
	return page.getByRole('textbox', { name: SECTION });
}

async function openSynthese(page: Page, bilanId: string) {
	await page.goto(`/bilans/${bilanId}/synthese`);
	await expect(page.getByTestId('board-connection')).toHaveText('Connecté');
	await expect(section(page)).toBeVisible();
}

/** Puts the caret at the very end of the section. */
async function caretAtEnd(page: Page) {
	await section(page).click();
	await section(page).press('Control+End');
}

test('two people typing at the same spot each keep their words whole, see each other’s caret and undo only their own', async ({
	browser
}) => {
	const consultant = await signedIn(browser, DEMO.consultante);
	const beneficiary = await signedIn(browser, DEMO.beneficiaire);
	const claire = consultant.page;
	const bruno = beneficiary.page;
	const bilanId = await bilanIdOf(claire, 'Bruno Bénéficiaire');
	await openSynthese(claire, bilanId);
	await openSynthese(bruno, bilanId);

	// What one types shows in the other's field as it is typed, before leaving the field.
	const start = `Plan ${Date.now()} :`;
	await caretAtEnd(claire);
	await claire.keyboard.type(` ${start} `);
	await expect(section(bruno)).toHaveValue(new RegExp(start));

	// Each one sees where the other's caret is, with their name.
	await caretAtEnd(bruno);
	const brunoCaret = claire.locator('[data-field="synthese/etapes"] [data-testid="remote-caret"]');
	await expect(brunoCaret).toHaveAttribute('data-name', /Bruno/);
	await expect(
		bruno.locator('[data-field="synthese/etapes"] [data-testid="remote-caret"]')
	).toHaveAttribute('data-name', /Claire/);

	// Both type at the same spot, at once, at a human pace.
	const hers = 'claire-ecrit-ici';
	const his = 'BRUNO-ECRIT-LA';
	await Promise.all([
		claire.keyboard.type(hers, { delay: 35 }),
		bruno.keyboard.type(his, { delay: 45 })
	]);
	await expect(section(claire)).toHaveValue(new RegExp(`${hers}|${his}`));
	await expect
		.poll(async () => {
			const [a, b] = [await section(claire).inputValue(), await section(bruno).inputValue()];
			return a === b && a.includes(start) && a.includes(hers) && a.includes(his);
		})
		.toBe(true);

	// Ctrl+Z in the field takes back her own typing only, for both; Ctrl+Shift+Z brings it back.
	await section(claire).press('Control+z');
	for (const page of [claire, bruno]) {
		await expect(section(page)).not.toHaveValue(new RegExp(hers));
		await expect(section(page)).toHaveValue(new RegExp(his));
	}
	await section(claire).press('Control+Shift+z');
	for (const page of [claire, bruno]) await expect(section(page)).toHaveValue(new RegExp(hers));

	await consultant.close();
	await beneficiary.close();
});
