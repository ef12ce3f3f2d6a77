import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { createBoard, expectSaved, openBoard, signedIn } from './board-helpers';
import { bilanIdOf, DEMO } from './helpers';

test('the beneficiary’s question on an item is on the consultant’s next rendez-vous until resolved', async ({
	browser
}) => {
	const consultant = await signedIn(browser, DEMO.consultante);
	const beneficiary = await signedIn(browser, DEMO.beneficiaire);
	const admin = await signedIn(browser, DEMO.admin);
	// Names of its own: a retry, or another test of the demo bilan, leaves other comments.
	const stamp = Date.now();
	const piste = `Ébénisterie ${stamp}`;
	const question = `Faut-il un CAP, @Claire ? (${stamp})`;
	const path = await createBoard(consultant.page, 'action-plan', `Plan commenté ${stamp}`);
	const bilanId = await bilanIdOf(consultant.page, 'Bruno Bénéficiaire');

	// Bruno adds a piste, picks it on the board, and asks his question about it.
	const page = beneficiary.page;
	await openBoard(page, path);
	await page.getByLabel('Intitulé de la piste').fill(piste);
	await page.getByRole('button', { name: 'Ajouter la piste' }).click();
	await expectSaved(page);
	await page.getByRole('heading', { name: piste }).click();
	const panel = page.getByRole('region', { name: 'Questions et commentaires' });
	await expect(panel.getByRole('radio', { name: `L’élément choisi : « ${piste} »` })).toBeChecked();
	await panel.getByLabel('Votre commentaire').fill(question);
	await panel.getByLabel('C’est une question pour le prochain rendez-vous').check();
	await panel.getByRole('button', { name: 'Publier' }).click();
	const thread = panel.getByRole('article', { name: `Sur « ${piste} »` });
	await expect(thread).toBeFocused();
	await expect(thread).toContainText(question);
	await expect(thread).toContainText('Question pour le prochain rendez-vous');
	await expect(thread.locator('mark')).toHaveText('@Claire');
	await expect(panel.getByRole('status')).toHaveText('Votre commentaire est publié.');
	// The form is empty again, still about the same item.
	await expect(panel.getByLabel('Votre commentaire')).toHaveValue('');
	await expect(
		panel.getByLabel('C’est une question pour le prochain rendez-vous')
	).not.toBeChecked();
	await expect(panel.getByRole('radio', { name: `L’élément choisi : « ${piste} »` })).toBeChecked();
	expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
	// On a phone the panel fits the screen's width.
	await page.setViewportSize({ width: 390, height: 800 });
	const fits = await panel.evaluate((element) => {
		const box = element.getBoundingClientRect();
		return box.right <= 390 && element.scrollWidth <= element.clientWidth;
	});
	expect(fits).toBe(true);

	// Claire finds it with her next rendez-vous, and follows it to its thread.
	await consultant.page.goto(`/bilans/${bilanId}`);
	const rdv = consultant.page.getByRole('region', { name: 'Rendez-vous', exact: true });
	const open = rdv.getByRole('region', { name: 'Questions ouvertes' }).getByRole('listitem');
	const mine = open.filter({ hasText: question });
	await expect(mine).toContainText(`« ${piste} »`);
	await expect(mine).toContainText('Bruno Bénéficiaire');
	await mine.getByRole('link', { name: /^Voir la question/ }).click();
	await expect(consultant.page.getByTestId('board-connection')).toHaveText('Connecté');
	const hers = consultant.page.getByRole('article', { name: `Sur « ${piste} »` });
	await expect(hers).toContainText('Attend votre réponse');

	// She answers and resolves it: it leaves the agenda.
	await hers.getByText('Répondre').click();
	await hers.getByLabel('Votre réponse').fill('Pas forcément, voyons cela lundi.');
	await hers.getByRole('button', { name: 'Envoyer la réponse' }).click();
	await expect(hers.getByRole('list', { name: 'Réponses' })).toContainText('Pas forcément');
	await hers.getByRole('button', { name: 'Marquer comme résolu' }).click();
	await expect(hers).toContainText('Résolu par Claire Consultante');
	await expect(hers.getByRole('button', { name: 'Rouvrir' })).toBeVisible();
	await consultant.page.goto(`/bilans/${bilanId}`);
	await expect(
		consultant.page.getByRole('heading', { name: 'Rendez-vous', exact: true })
	).toBeVisible();
	await expect(consultant.page.getByText(question)).toHaveCount(0);

	// An admin sees the bilan, never its questions.
	await admin.page.goto(`/bilans/${bilanId}`);
	await expect(admin.page.getByRole('heading', { name: 'Rendez-vous', exact: true })).toBeVisible();
	await expect(admin.page.getByRole('region', { name: 'Questions ouvertes' })).toHaveCount(0);

	await admin.close();
	await consultant.close();
	await beneficiary.close();
});
