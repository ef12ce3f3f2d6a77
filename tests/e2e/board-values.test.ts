import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { boardTogether, dragWithMouse, expectSaved } from './board-helpers';

const pile = (page: import('@playwright/test').Page, place: string) =>
	page.locator(`ul[data-place="${place}"]`);

test('a card dragged by the consultant appears in the beneficiary’s pile, live', async ({
	browser
}) => {
	const { consultant, beneficiary, cspViolations, close } = await boardTogether(
		browser,
		'values',
		'Mes valeurs'
	);
	const card = pile(consultant, 'a-trier').getByRole('listitem', { name: 'Autonomie' });
	await dragWithMouse(consultant, card, pile(consultant, 'essentiel'));

	await expect(pile(beneficiary, 'essentiel').getByText('Autonomie')).toBeVisible();
	await expect(pile(beneficiary, 'a-trier').getByText('Autonomie')).toHaveCount(0);
	await expect(beneficiary.getByTestId('board-announcer')).toContainText(
		'Claire Consultante a déplacé « Autonomie » vers Essentiel.'
	);
	await expectSaved(consultant);

	// Undo (Ctrl+Z) takes back the consultant's own move, for both.
	await consultant.keyboard.press('Control+z');
	await expect(pile(beneficiary, 'a-trier').getByText('Autonomie')).toBeVisible();
	expect(cspViolations()).toEqual([]);
	await close();
});

test('a refused card is explained above the board until the next change goes through', async ({
	browser
}) => {
	const { consultant, close } = await boardTogether(browser, 'values', 'Refus');
	const refusal = consultant
		.getByRole('alert')
		.filter({ hasText: 'Ce champ ne peut pas être vide.' });
	// Spaces pass the field's « required »; the model refuses them.
	await consultant.getByLabel('Valeur', { exact: true }).fill('   ');
	await consultant.getByRole('button', { name: 'Ajouter la carte' }).click();
	await expect(refusal).toBeVisible();
	await consultant.getByLabel('Valeur', { exact: true }).fill('Curiosité');
	await consultant.getByRole('button', { name: 'Ajouter la carte' }).click();
	await expect(pile(consultant, 'a-trier').getByText('Curiosité')).toBeVisible();
	await expect(refusal).toHaveCount(0);
	await close();
});

test('the outline view sorts, ranks and rates by keyboard only', async ({ browser }) => {
	const { consultant, beneficiary, close } = await boardTogether(browser, 'values', 'Au clavier');
	await beneficiary.getByRole('button', { name: 'Vue liste (clavier, lecteur d’écran)' }).click();

	// Choose the pile of "Reconnaissance" with the arrow keys, then press "Déplacer".
	const select = beneficiary.getByRole('combobox', { name: 'Pile de « Reconnaissance »' });
	await select.focus();
	await beneficiary.keyboard.press('ArrowDown');
	await expect(select).toHaveValue('essentiel');
	await beneficiary.keyboard.press('Tab');
	await expect(beneficiary.getByRole('button', { name: 'Déplacer Reconnaissance' })).toBeFocused();
	await beneficiary.keyboard.press('Enter');
	await expect(pile(consultant, 'essentiel').getByText('Reconnaissance')).toBeVisible();
	await expect(consultant.getByTestId('board-announcer')).toContainText(
		'Bruno Bénéficiaire a déplacé « Reconnaissance » vers Essentiel.'
	);

	// Rank it, say why, rate it: the consultant sees the gap.
	const rank = beneficiary.getByRole('button', { name: 'Ajouter au classement Reconnaissance' });
	await rank.focus();
	await beneficiary.keyboard.press('Enter');
	const why = beneficiary.getByLabel('Pourquoi « Reconnaissance » est important pour moi');
	await why.focus();
	await beneficiary.keyboard.type('Être remercié pour mon travail');
	await beneficiary.keyboard.press('Tab');
	const slider = beneficiary.getByLabel(/Aujourd’hui, je vis « Reconnaissance »/);
	await expect(slider).toBeFocused();
	await beneficiary.keyboard.press('Home');
	await beneficiary.keyboard.press('ArrowRight');
	await beneficiary.keyboard.press('ArrowRight');
	await beneficiary.keyboard.press('Tab');

	await expect(
		consultant.getByLabel('Pourquoi « Reconnaissance » est important pour moi')
	).toHaveValue('Être remercié pour mon travail');
	await expect(consultant.getByText('Écart de 8')).toBeVisible();
	await expectSaved(beneficiary);
	await close();
});

test('the why of a ranked value appears in the other’s field while it is typed, with the typist’s caret', async ({
	browser
}) => {
	const { consultant, beneficiary, close } = await boardTogether(browser, 'values', 'En direct');
	await consultant.getByRole('button', { name: 'Vue liste (clavier, lecteur d’écran)' }).click();
	await consultant
		.getByRole('combobox', { name: 'Pile de « Autonomie »' })
		.selectOption('essentiel');
	await consultant.getByRole('button', { name: 'Déplacer Autonomie' }).click();
	await consultant.getByRole('button', { name: 'Ajouter au classement Autonomie' }).click();

	const label = 'Pourquoi « Autonomie » est important pour moi';
	const hers = consultant.getByLabel(label);
	const his = beneficiary.getByLabel(label);
	await hers.click();
	await consultant.keyboard.type('Décider de mes horaires', { delay: 20 });
	// Seen before she leaves the field: no blur, no « change » needed.
	await expect(his).toHaveValue('Décider de mes horaires');
	await expect(hers).toBeFocused();
	const caret = beneficiary.locator(
		'[data-field="cards/deck-autonomie/why"] [data-testid="remote-caret"]'
	);
	await expect(caret).toHaveAttribute('data-name', 'Claire Consultante');
	await expect(beneficiary.getByText('Claire Consultante écrit ici')).toBeVisible();
	// Typing is not read out letter by letter by the other's screen reader.
	await expect(beneficiary.getByTestId('board-announcer')).not.toContainText('a modifié');
	await expectSaved(consultant);
	await close();
});

test('the value cards board has no serious accessibility violation, in both views', async ({
	browser
}) => {
	// A full deck in the outline is a large page to scan.
	test.slow();
	const { consultant, close } = await boardTogether(browser, 'values', 'Accessibilité');
	const scan = async () => {
		const results = await new AxeBuilder({ page: consultant }).analyze();
		return results.violations
			.filter((v) => v.impact === 'serious' || v.impact === 'critical')
			.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
	};
	expect(await scan()).toEqual([]);
	await consultant.getByRole('button', { name: 'Vue liste (clavier, lecteur d’écran)' }).click();
	await expect(consultant.getByRole('combobox', { name: 'Pile de « Autonomie »' })).toBeVisible();
	expect(await scan()).toEqual([]);
	await close();
});
