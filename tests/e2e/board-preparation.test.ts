import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { createBoard, expectSaved, openBoard, signedIn } from './board-helpers';
import { bilanIdOf, DEMO } from './helpers';

const objectifs = (page: Page) => page.getByTestId('objectif');

test('« Pourquoi ce bilan ? » written together, first on the bilan, beside the action plan', async ({
	browser
}) => {
	// Two or three people's pages, two accessibility scans: give the machine time.
	test.slow();
	const consultant = await signedIn(browser, DEMO.consultante);
	const bruno = await signedIn(browser, DEMO.beneficiaire);
	const claire = consultant.page;
	const bilanId = await bilanIdOf(claire, 'Bruno Bénéficiaire');
	await claire.goto(`/bilans/${bilanId}`);
	await claire.getByRole('link', { name: 'Ouvrir « Pourquoi ce bilan ? »' }).click();
	await expect(claire.getByTestId('board-connection')).toHaveText('Connecté');
	await openBoard(bruno.page, new URL(claire.url()).pathname);

	// Objectives added by each, one deleted: both lists show the same one.
	await claire.getByLabel('Nouvel objectif').fill('Trouver un métier moins physique');
	await claire.getByRole('button', { name: 'Ajouter l’objectif' }).click();
	await bruno.page.getByLabel('Nouvel objectif').fill('Gagner autant');
	await bruno.page.getByRole('button', { name: 'Ajouter l’objectif' }).click();
	await expect(objectifs(claire)).toHaveCount(2);
	await claire.getByRole('button', { name: 'Retirer Gagner autant' }).click();
	await expect(objectifs(bruno.page)).toHaveCount(1);
	await expect(bruno.page.getByLabel('Objectif 1')).toHaveValue('Trouver un métier moins physique');

	// Both type in the same rubric at once, each at their own end of it.
	const mine = claire.getByTestId('prep-situation');
	const theirs = bruno.page.getByTestId('prep-situation');
	await mine.click();
	await mine.pressSequentially('aide-soignante');
	await expect(theirs).toHaveValue('aide-soignante');
	// Each caret placed first: a caret moved while the other's letters arrive is a race of its own.
	await mine.press('Home');
	await theirs.click();
	await theirs.press('End');
	await Promise.all([mine.pressSequentially('Je suis '), theirs.pressSequentially(' de nuit')]);
	for (const field of [mine, theirs])
		await expect(field).toHaveValue('Je suis aide-soignante de nuit');

	// A tick undone by its author goes for the other too.
	await claire.getByRole('checkbox', { name: 'Reconversion' }).check();
	await expect(bruno.page.getByRole('checkbox', { name: 'Reconversion' })).toBeChecked();
	await claire.getByRole('button', { name: 'Annuler' }).click();
	await expect(bruno.page.getByRole('checkbox', { name: 'Reconversion' })).not.toBeChecked();

	const scan = await new AxeBuilder({ page: claire }).include('main').analyze();
	expect(
		scan.violations
			.filter((v) => v.impact === 'serious' || v.impact === 'critical')
			.map((v) => v.id)
	).toEqual([]);
	await claire.getByLabel('Mobilité (jusqu’où, déménagement possible ou non)').fill('30 km');
	await expectSaved(claire);
	await expectSaved(bruno.page);

	// The bilan's home shows the objectives; the action plan, the constraints.
	await bruno.page.goto(`/bilans/${bilanId}`);
	await expect(bruno.page.getByTestId('bilan-objectifs')).toHaveText(
		'Trouver un métier moins physique'
	);
	await openBoard(claire, await createBoard(claire, 'action-plan', `Plan ${Date.now()}`));
	const constraints = claire.getByTestId('prep-constraints');
	await expect(constraints.getByRole('definition')).toHaveText('30 km');
	await consultant.close();
	await bruno.close();
});
