import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { boardTogether, expectSaved } from './board-helpers';

async function addPiste(page: Page, title: string) {
	await page.getByLabel('Intitulé de la piste').fill(title);
	await page.getByRole('button', { name: 'Ajouter la piste' }).click();
	await expect(page.getByRole('heading', { name: title, level: 3 })).toBeVisible();
}

async function addAction(page: Page, piste: string, title: string, due = '') {
	const card = page.getByRole('article', { name: piste });
	await card.getByText('Ajouter une action').click();
	await card.getByLabel('Intitulé de l’action').fill(title);
	if (due) await card.getByLabel('Échéance').fill(due);
	await card.getByRole('button', { name: 'Ajouter l’action' }).click();
}

const actionCard = (page: Page, title: string) => page.getByRole('article', { name: title });

test('an action added offline syncs when the connection comes back', async ({ browser }) => {
	const { consultant, beneficiary, close } = await boardTogether(browser, 'action-plan', 'Plan');
	await addPiste(consultant, 'Devenir menuisier');
	await expect(beneficiary.getByRole('heading', { name: 'Devenir menuisier' })).toBeVisible();

	await beneficiary.context().setOffline(true);
	await expect(beneficiary.getByTestId('board-connection')).not.toHaveText('Connecté');
	await addAction(beneficiary, 'Devenir menuisier', 'Appeler un CFA');
	await expect(actionCard(beneficiary, 'Appeler un CFA')).toBeVisible();
	// Nothing is being sent: the status says where the change is kept.
	await expect(beneficiary.getByTestId('board-saved')).toHaveText(
		'Hors ligne — vos modifications sont gardées sur cet appareil et seront envoyées au retour de la connexion'
	);
	await expect(actionCard(consultant, 'Appeler un CFA')).toHaveCount(0);

	await beneficiary.context().setOffline(false);
	await expect(beneficiary.getByTestId('board-connection')).toHaveText('Connecté');
	await expect(actionCard(consultant, 'Appeler un CFA')).toBeVisible();
	await expectSaved(beneficiary);
	await close();
});

test('the action plan by keyboard only: status change seen live, overdue marked in words', async ({
	browser
}) => {
	const { consultant, beneficiary, close } = await boardTogether(browser, 'action-plan', 'Clavier');
	await addPiste(consultant, 'Reprendre des études');
	await addAction(consultant, 'Reprendre des études', 'Envoyer le dossier', '2020-01-15');
	await expect(actionCard(consultant, 'Envoyer le dossier')).toContainText('En retard');

	await beneficiary.getByRole('button', { name: 'Vue liste (clavier, lecteur d’écran)' }).click();
	const status = beneficiary.getByRole('combobox', { name: 'Statut de « Envoyer le dossier »' });
	await status.focus();
	await beneficiary.keyboard.type('En cours');
	await expect(status).toHaveValue('en-cours');
	await beneficiary.keyboard.press('Tab');

	const column = consultant.locator('[data-status="en-cours"]');
	await expect(column.getByRole('article', { name: 'Envoyer le dossier' })).toBeVisible();
	await expect(consultant.getByTestId('board-announcer')).toContainText(
		'Bruno Bénéficiaire a passé « Envoyer le dossier » à En cours.'
	);
	await expectSaved(beneficiary);
	await close();
});

test('notes typed by one appear in the other’s field while typing, with their caret', async ({
	browser
}) => {
	const { consultant, beneficiary, close } = await boardTogether(browser, 'action-plan', 'Direct');
	await addPiste(consultant, 'Devenir fleuriste');
	await addAction(consultant, 'Devenir fleuriste', 'Appeler un CFA');
	const notes = async (page: Page) => {
		const card = actionCard(page, 'Appeler un CFA');
		await card.locator('summary').click();
		return card.getByLabel('Notes');
	};
	const mine = await notes(consultant);
	const theirs = await notes(beneficiary);
	await mine.click();
	await mine.pressSequentially('Demander le calendrier');
	// Still typing (the field has the focus): nothing waits for a blur or a save.
	await expect(mine).toBeFocused();
	await expect(theirs).toHaveValue('Demander le calendrier');
	const caret = actionCard(beneficiary, 'Appeler un CFA').getByTestId('remote-caret');
	await expect(caret).toHaveAttribute('data-name', 'Claire Consultante');
	await expect(actionCard(beneficiary, 'Appeler un CFA')).toContainText(
		'Claire Consultante écrit ici'
	);
	// Typing is not announced keystroke by keystroke.
	await expect(beneficiary.getByTestId('board-announcer')).not.toContainText('modifié');
	await expectSaved(consultant);
	await close();
});

test('the action plan has no serious accessibility violation, in both views', async ({
	browser
}) => {
	// Axe scans of a full board take a while on a loaded machine.
	test.slow();
	const { consultant, close } = await boardTogether(browser, 'action-plan', 'Accessibilité');
	await addPiste(consultant, 'Ouvrir un café');
	await addAction(consultant, 'Ouvrir un café', 'Rencontrer la CCI', '2020-03-01');
	await expect(actionCard(consultant, 'Rencontrer la CCI')).toBeVisible();
	const scan = async () => {
		const results = await new AxeBuilder({ page: consultant }).analyze();
		return results.violations
			.filter((v) => v.impact === 'serious' || v.impact === 'critical')
			.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
	};
	expect(await scan()).toEqual([]);
	await consultant.getByRole('button', { name: 'Vue liste (clavier, lecteur d’écran)' }).click();
	await consultant.getByRole('button', { name: 'Par échéance' }).click();
	expect(await scan()).toEqual([]);
	await close();
});

test('the beneficiary’s home lists their boards and the overdue action, each one click away', async ({
	browser
}) => {
	const board = `Mon plan ${Date.now()}`;
	const { consultant, beneficiary, close } = await boardTogether(browser, 'action-plan', board);
	const title = `Relancer l’Apec ${Date.now()}`;
	await addPiste(consultant, 'Retour à l’emploi');
	await addAction(consultant, 'Retour à l’emploi', title, '2020-03-02');
	await expectSaved(consultant);
	const boardUrl = beneficiary.url();

	await beneficiary.goto('/');
	const todo = beneficiary.getByRole('list').filter({ hasText: title });
	await expect(todo.getByRole('listitem').filter({ hasText: title })).toContainText(
		'prévue le 2 mars 2020, en retard'
	);
	await todo.getByRole('link', { name: title }).click();
	await expect(beneficiary).toHaveURL(boardUrl);
	await expect(actionCard(beneficiary, title)).toBeVisible();

	await beneficiary.goto('/');
	await beneficiary.getByRole('link', { name: board, exact: true }).click();
	await expect(beneficiary).toHaveURL(boardUrl);
	await expect(actionCard(beneficiary, title)).toBeVisible();
	await close();
});
