import { expect, test } from '@playwright/test';
import { boardTogether, createBoard, openBoard, signedIn } from './board-helpers';
import { bilanIdOf, DEMO } from './helpers';

test('the consultant adds a board from the bilan page and finds it listed', async ({ browser }) => {
	const consultant = await signedIn(browser, DEMO.consultante);
	const page = consultant.page;
	const bilanId = await bilanIdOf(page, 'Bruno Bénéficiaire');
	await page.goto(`/bilans/${bilanId}`);
	// Hydrated first: a click on the disclosure before Svelte takes over can be undone (seen in CI).
	await page.waitForLoadState('networkidle');
	const section = page.getByRole('region', { name: 'Tableaux' });
	await section.getByText('Ajouter un tableau').click();
	await section.getByLabel('Type de tableau').selectOption({ label: 'Ikigai' });
	// A title of this run's own: a retry adds a second board to the same bilan.
	const title = `Ikigai de la séance ${Date.now()}`;
	await section.getByLabel('Titre du tableau').fill(title);
	await section.getByRole('button', { name: 'Créer le tableau' }).click();

	await expect(page).toHaveURL(new RegExp(`/bilans/${bilanId}/tableaux/`));
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
	await expect(page.getByTestId('board-connection')).toHaveText('Connecté');

	await page.getByRole('link', { name: 'Retour au bilan' }).click();
	const row = page.getByRole('row', { name: title });
	await expect(row).toContainText('Ikigai');
	await consultant.close();
});

test('an empty title is refused with a message next to the field', async ({ browser }) => {
	const consultant = await signedIn(browser, DEMO.consultante);
	const page = consultant.page;
	await page.goto(`/bilans/${await bilanIdOf(page, 'Bruno Bénéficiaire')}`);
	// Hydrated first: hydration sets the disclosure's `open` from the page's state (closed), which
	// closed it again when CI's click came before.
	await page.waitForLoadState('networkidle');
	const section = page.getByRole('region', { name: 'Tableaux' });
	await section.getByText('Ajouter un tableau').click();
	await section.getByRole('button', { name: 'Créer le tableau' }).click();
	await expect(section.getByLabel('Titre du tableau')).toHaveAttribute('aria-invalid', 'true');
	await expect(section).toContainText('Donnez un titre au tableau');
	await consultant.close();
});

test('an admin sees nothing of the boards, and cannot open one', async ({ browser }) => {
	const { path, close } = await boardTogether(browser, 'values', 'Confidentiel');
	const admin = await signedIn(browser, DEMO.admin);
	const bilanId = await bilanIdOf(admin.page, 'Bruno Bénéficiaire');
	await admin.page.goto(`/bilans/${bilanId}`);
	await expect(admin.page.getByRole('heading', { level: 1 })).toBeVisible();
	await expect(admin.page.getByRole('region', { name: 'Tableaux' })).toHaveCount(0);
	await expect(admin.page.getByText('Confidentiel')).toHaveCount(0);
	const response = await admin.page.goto(path);
	expect(response?.status()).toBe(404);
	await admin.close();
	await close();
});

test('both people see who is on the board', async ({ browser }) => {
	const { consultant, beneficiary, close } = await boardTogether(browser, 'values', 'Présence');
	const people = beneficiary.getByRole('list', { name: 'Personnes sur ce tableau' });
	await expect(people.getByRole('listitem')).toHaveCount(2);
	await expect(people).toContainText('Bruno Bénéficiaire (vous)');
	await expect(people).toContainText('Claire Consultante');
	await expect(
		consultant.getByRole('list', { name: 'Personnes sur ce tableau' }).getByRole('listitem')
	).toHaveCount(2);
	await close();
});

test('signing out in another tab tells the open board at once', async ({ browser }) => {
	const bruno = await signedIn(browser, DEMO.beneficiaire);
	await openBoard(bruno.page, await createBoard(bruno.page, 'values', 'Avant de partir'));
	const tab = await bruno.page.context().newPage();
	await tab.goto('/');
	await tab.getByRole('button', { name: 'Se déconnecter' }).click();
	await expect(tab).toHaveURL(/\/login$/);
	// Well before the periodic re-check (30 s): the logout closed the board's socket itself.
	await expect(bruno.page.getByTestId('board-connection')).toHaveText(
		'Session terminée : reconnectez-vous.'
	);
	await expect(bruno.page.getByRole('button', { name: 'Recharger la page' })).toBeVisible();
	await bruno.close();
});
