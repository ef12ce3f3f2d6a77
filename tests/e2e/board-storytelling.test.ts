import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { addExperience, createBoard, expectSaved, openBoard, signedIn } from './board-helpers';
import { DEMO } from './helpers';

// Nadia's bilan: no other spec keeps a timeline there, whose experiences the page would offer.
const NADIA = 'Nadia Bénéficiaire';
const story = (page: Page, title: string) => page.getByRole('article', { name: title });

test('stories told together from the timeline, their compétences gathered with evidence', async ({
	browser
}) => {
	const consultant = await signedIn(browser, DEMO.consultante);
	const nadia = await signedIn(browser, DEMO.beneficiaire2);
	const claire = consultant.page;
	const moment = `Chef d’équipe ${Date.now()}`;
	await openBoard(claire, await createBoard(claire, 'timeline', `Frise ${moment}`, NADIA));
	await addExperience(claire, {
		lane: 'Travail',
		title: moment,
		start: '2015-01',
		end: '2019-06',
		satisfaction: '4'
	});
	await expectSaved(claire);
	const path = await createBoard(claire, 'storytelling', `Récits ${moment}`, NADIA);
	await openBoard(claire, path);
	await openBoard(nadia.page, path);

	// A moment of the timeline told by one, a story of her own by the other, then deleted.
	await claire.getByRole('button', { name: `Raconter ce moment ${moment}` }).click();
	await expect(story(nadia.page, moment)).toContainText(`Tiré de la frise : ${moment}`);
	await nadia.page.getByLabel('Titre de l’histoire', { exact: true }).last().fill('Le salon');
	await nadia.page.getByRole('button', { name: 'Ajouter l’histoire' }).click();
	await expect(story(claire, 'Le salon')).toBeVisible();
	await claire.getByRole('button', { name: 'Supprimer l’histoire Le salon' }).click();
	await expect(story(nadia.page, 'Le salon')).toHaveCount(0);

	// Both write the action at once, each at their own end of it.
	const mine = story(claire, moment).getByLabel('Action : ce que j’ai fait');
	const theirs = story(nadia.page, moment).getByLabel('Action : ce que j’ai fait');
	await mine.click();
	await mine.pressSequentially('les plannings');
	await expect(theirs).toHaveValue('les plannings');
	// Each caret placed first: a caret moved while the other's letters arrive is a race of its own.
	await mine.press('Home');
	await theirs.click();
	await theirs.press('End');
	await Promise.all([mine.pressSequentially('J’ai refait '), theirs.pressSequentially(' de nuit')]);
	for (const field of [mine, theirs])
		await expect(field).toHaveValue('J’ai refait les plannings de nuit');

	// A compétence tagged shows in the portefeuille with its evidence; its removal undone.
	await story(nadia.page, moment).getByLabel('Ajouter en Savoir-être').fill('Sang-froid');
	await story(nadia.page, moment).getByRole('button', { name: 'Ajouter' }).nth(1).click();
	const portefeuille = claire.getByTestId('portefeuille');
	await expect(portefeuille).toContainText('Sang-froid');
	await expect(portefeuille.getByRole('link', { name: moment })).toBeVisible();
	await story(nadia.page, moment)
		.getByRole('button', { name: 'Retirer la compétence « Sang-froid »' })
		.click();
	await expect(portefeuille).toHaveCount(0);
	await nadia.page.getByRole('button', { name: 'Annuler' }).click();
	await expect(portefeuille.getByRole('link', { name: moment })).toBeVisible();
	const scan = await new AxeBuilder({ page: claire }).include('main').analyze();
	expect(
		scan.violations
			.filter((v) => v.impact === 'serious' || v.impact === 'critical')
			.map((v) => v.id)
	).toEqual([]);
	await expectSaved(claire);
	await expectSaved(nadia.page);
	await consultant.close();
	await nadia.close();
});
