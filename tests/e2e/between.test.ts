import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { createBoard, expectSaved, openBoard, signedIn } from './board-helpers';
import { DEMO } from './helpers';

test('between séances: the consultant’s change is news on the beneficiary’s home and board, once', async ({
	browser
}) => {
	// Two or three people's pages, two accessibility scans: give the machine time.
	test.slow();
	const consultant = await signedIn(browser, DEMO.consultante);
	const beneficiary = await signedIn(browser, DEMO.beneficiaire);
	const title = `Plan entre deux séances ${Date.now()}`;
	const path = await createBoard(consultant.page, 'action-plan', title);
	// The beneficiary looked at the board once, empty.
	await openBoard(beneficiary.page, path);
	await beneficiary.page.goto('/');

	await openBoard(consultant.page, path);
	await consultant.page.getByLabel('Intitulé de la piste').fill('Devenir ébéniste');
	await consultant.page.getByRole('button', { name: 'Ajouter la piste' }).click();
	await expectSaved(consultant.page);
	// The change log is written a moment after the commit (within two seconds).
	await expect(async () => {
		await beneficiary.page.reload();
		await expect(beneficiary.page.getByRole('listitem').filter({ hasText: title })).toContainText(
			'Nouveautés',
			{ timeout: 1000 }
		);
	}).toPass({ timeout: 15_000 });

	// One click from the home page to the board, where the change is listed and marked.
	await beneficiary.page.getByRole('link', { name: title }).click();
	await expect(beneficiary.page.getByTestId('board-connection')).toHaveText('Connecté');
	const news = beneficiary.page.getByRole('region', { name: /Depuis votre dernière visite/ });
	await expect(news.getByRole('listitem')).toHaveText([
		/Claire Consultante a ajouté la piste « Devenir ébéniste »/
	]);
	const piste = beneficiary.page.getByRole('article', { name: 'Devenir ébéniste', exact: true });
	await expect(piste).toHaveAttribute('data-news', 'added');
	expect((await new AxeBuilder({ page: beneficiary.page }).analyze()).violations).toEqual([]);

	await news.getByRole('button', { name: 'J’ai vu' }).click();
	await expect(news).toHaveCount(0);
	await expect(piste).not.toHaveAttribute('data-news');

	// A question about it for the next rendez-vous, which the consultant finds on her agenda.
	await piste.getByRole('heading', { name: 'Devenir ébéniste' }).click();
	const panel = beneficiary.page.getByRole('region', { name: 'Questions et commentaires' });
	const question = `Combien dure la formation ? (${title})`;
	await panel.getByLabel('Votre commentaire').fill(question);
	await panel.getByLabel('C’est une question pour le prochain rendez-vous').check();
	await panel.getByRole('button', { name: 'Publier' }).click();
	await expect(panel.getByRole('status')).toHaveText('Votre commentaire est publié.');
	await consultant.page.goto(path.split('/tableaux/')[0]!);
	const asked = consultant.page
		.getByRole('region', { name: 'Questions ouvertes' })
		.getByRole('listitem')
		.filter({ hasText: question });
	await expect(asked).toContainText('« Devenir ébéniste »');

	// Seen: no news on the next visit, nor on the home page.
	await beneficiary.page.goto('/');
	await expect(beneficiary.page.getByRole('listitem').filter({ hasText: title })).not.toContainText(
		'Nouveautés'
	);
	await beneficiary.page.getByRole('link', { name: title }).click();
	await expect(
		beneficiary.page.getByRole('article', { name: 'Devenir ébéniste', exact: true })
	).toBeVisible();
	await expect(
		beneficiary.page.getByRole('region', { name: /Depuis votre dernière visite/ })
	).toHaveCount(0);
	await consultant.close();
	await beneficiary.close();
});
