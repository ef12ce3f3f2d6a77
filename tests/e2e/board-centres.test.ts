import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { boardTogether, dragWithMouse, expectSaved } from './board-helpers';

const pile = (page: Page, place: string) => page.locator(`ul[data-place="${place}"]`);

const TRANSMETTRE = 'Je souhaite transmettre';
const ANIMAUX = "J'aime m'occuper des animaux";
const AFFAIRES = "J'ai le sens des affaires";

test('two people sort the centres d’intérêt live: moves, ranking, removal and undo, métiers suggested', async ({
	browser
}) => {
	const { consultant, beneficiary, cspViolations, close } = await boardTogether(
		browser,
		'centres-interet',
		'Mes centres d’intérêt'
	);
	// The consultant drags a centre into « M’attire »: the beneficiary sees it there, ranked.
	const card = pile(consultant, 'a-trier').getByRole('listitem', { name: TRANSMETTRE });
	await dragWithMouse(consultant, card, pile(consultant, 'attire'));
	const attracting = pile(beneficiary, 'attire').getByRole('listitem', { name: TRANSMETTRE });
	await expect(attracting).toContainText('n° 1');
	await expect(pile(beneficiary, 'a-trier').getByText(TRANSMETTRE)).toHaveCount(0);
	await expect(beneficiary.getByTestId('board-announcer')).toContainText(
		`Claire Consultante a déplacé « ${TRANSMETTRE} » vers M’attire.`
	);

	// Métiers are suggested from it, each opening the bilan's fiche, with the source.
	const suggestions = beneficiary.getByRole('region', { name: 'Des métiers à explorer' });
	const firstMetier = suggestions.getByRole('link').first();
	await expect(firstMetier).toHaveAttribute('href', /\/bilans\/[^/]+\/metiers\/[A-N]\d{4}$/);
	await expect(suggestions).toContainText('Source : France Travail, ROME 4.0 (v4.60)');

	// The beneficiary, by keyboard in the list view, ranks a second centre first.
	await beneficiary.getByRole('button', { name: 'Vue liste (clavier, lecteur d’écran)' }).click();
	await beneficiary
		.getByRole('combobox', { name: `Pile de « ${ANIMAUX} »` })
		.selectOption('attire');
	await beneficiary.getByRole('button', { name: `Déplacer ${ANIMAUX}` }).click();
	await beneficiary.getByRole('button', { name: `Monter ${ANIMAUX}` }).click();
	await expect(pile(consultant, 'attire').getByRole('listitem', { name: ANIMAUX })).toContainText(
		'n° 1'
	);
	await expect(
		pile(consultant, 'attire').getByRole('listitem', { name: TRANSMETTRE })
	).toContainText('n° 2');

	// She removes one: gone from the consultant's board, listed to put back; undo brings it back.
	await beneficiary.getByRole('button', { name: `Retirer ${AFFAIRES}` }).click();
	await expect(pile(consultant, 'a-trier').getByText(AFFAIRES)).toHaveCount(0);
	await expect(consultant.getByRole('button', { name: `Remettre ${AFFAIRES}` })).toBeVisible();
	await beneficiary.keyboard.press('Control+z');
	await expect(pile(consultant, 'a-trier').getByRole('listitem', { name: AFFAIRES })).toBeVisible();
	await expect(consultant.getByRole('button', { name: `Remettre ${AFFAIRES}` })).toHaveCount(0);
	await expectSaved(beneficiary);

	const serious = (await new AxeBuilder({ page: consultant }).analyze()).violations.filter(
		(v) => v.impact === 'serious' || v.impact === 'critical'
	);
	expect(serious.map((v) => v.id)).toEqual([]);
	expect(cspViolations()).toEqual([]);
	await close();
});
