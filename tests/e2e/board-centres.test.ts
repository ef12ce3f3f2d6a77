import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { DEMO } from './helpers';
import {
	boardTogether,
	createBoard,
	dragWithMouse,
	expectSaved,
	openBoard,
	signedIn
} from './board-helpers';

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

test('a métier found by a mistyped search becomes a piste of the action plan, linked to its fiche', async ({
	browser
}) => {
	const beneficiary = await signedIn(browser, DEMO.beneficiaire);
	const page = beneficiary.page;
	const title = `Plan ${Date.now()}`;
	const plan = await createBoard(page, 'action-plan', title);
	const bilan = plan.split('/')[2]!;
	await page.goto(`/bilans/${bilan}/metiers`);
	// Typed once hydrated: what is typed before can be wiped when Svelte takes over.
	await page.waitForLoadState('networkidle');
	await page.getByLabel('Un métier, un intitulé de poste').fill('infirmie en soins generaux');
	await page.getByRole('button', { name: 'Rechercher' }).click();
	await page.getByRole('link', { name: 'Infirmier / Infirmière en soins généraux (IDE)' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Infirmier / Infirmière en soins généraux (IDE)'
	);
	await expect(page.getByText('Source : France Travail, ROME 4.0 (v4.60)')).toBeVisible();
	const serious = (await new AxeBuilder({ page }).analyze()).violations.filter(
		(v) => v.impact === 'serious' || v.impact === 'critical'
	);
	expect(serious.map((v) => v.id)).toEqual([]);
	// Other specs leave plans in this bilan: choose this one when there are several.
	const choice = page.getByLabel('Plan d’action');
	if ((await choice.count()) > 0) await choice.selectOption({ label: title });
	await page.getByRole('button', { name: 'Ajouter comme piste' }).click();
	await expect(
		page.getByText('Le métier a été ajouté comme piste au plan d’action.')
	).toBeVisible();

	await openBoard(page, plan);
	const link = page.getByRole('link', {
		name: 'Métier J1506 : Infirmier / Infirmière en soins généraux (IDE)'
	});
	await expect(link).toHaveAttribute('href', '/metiers/J1506');
	expect(beneficiary.cspViolations()).toEqual([]);
	await beneficiary.close();
});
