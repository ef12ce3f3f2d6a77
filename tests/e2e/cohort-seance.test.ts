import { expect, test, type Page } from '@playwright/test';
import { signedIn } from './board-helpers';
import { DEMO } from './helpers';

/**
 * Issue 15, items 3 and 5, on the demo cohort: Claire starts a group séance, Bruno and Nadia
 * join; the roster shows all three, suivez-moi brings them to the group wall, Nadia's raised
 * hand reaches Claire. On the presentation screen, a participant's copy shows only with their
 * consent: Nadia refuses (the screen does not change), Bruno accepts (his copy, with his card,
 * is on the screen), then withdraws it (gone at once).
 */

const BRUNO = 'Bruno Bénéficiaire';
const NADIA = 'Nadia Bénéficiaire';

test('a group séance: roster, suivez-moi, raised hands, and the screen with consent', async ({
	browser
}) => {
	test.slow();
	const card = `Curiosité ${Math.random().toString(36).slice(2, 7)}`;
	const claire = await signedIn(browser, DEMO.consultante);
	const bruno = await signedIn(browser, DEMO.beneficiaire);
	const nadia = await signedIn(browser, DEMO.beneficiaire2);

	// Bruno writes in his copy before the séance.
	await bruno.page.goto('/cohortes');
	await bruno.page.getByRole('link', { name: 'Cohorte de printemps' }).click();
	await bruno.page.getByRole('link', { name: 'Ouvrir ma copie' }).click();
	await expect(bruno.page.getByTestId('board-connection')).toHaveText('Connecté');
	await bruno.page.getByLabel('Valeur', { exact: true }).fill(card);
	await bruno.page.getByRole('button', { name: 'Ajouter la carte' }).click();
	await expect(bruno.page.getByText(card)).toBeVisible();
	const cohortPage = bruno.page.url().replace(/\/tableaux\/.*$/, '');

	// Claire starts the group séance and is in it at once; the others join from the cohort page.
	await claire.page.goto(cohortPage);
	// A retry finds the séance its first attempt left running: Claire ends it before hers.
	const leftRunning = claire.page.getByRole('button', { name: 'Terminer la séance de groupe' });
	if (await leftRunning.isVisible()) await leftRunning.click();
	await claire.page
		.getByLabel('Séance à démarrer')
		.selectOption({ label: 'Une séance non prévue, maintenant' });
	await claire.page.getByRole('button', { name: 'Démarrer la séance de groupe' }).click();
	const claireBar = claire.page.getByTestId('seance-bar');
	await expect(claireBar.getByRole('button', { name: 'Ramener tout le monde' })).toBeVisible();
	for (const page of [bruno.page, nadia.page]) {
		await page.goto(cohortPage);
		await expect(page.getByTestId('seance-invite')).toContainText('Séance en cours');
		// « Rejoindre » works once the page is hydrated.
		await page.waitForLoadState('networkidle');
		await page.getByRole('button', { name: 'Rejoindre' }).click();
		await expect(page.getByTestId('seance-bar')).toBeVisible();
	}

	await claireBar.getByRole('button', { name: 'Détails' }).click();
	const roster = claire.page.getByTestId('seance-roster').getByRole('listitem');
	await expect(roster).toHaveCount(3);
	for (const name of ['Claire Consultante', BRUNO, NADIA]) {
		await expect(roster.filter({ hasText: name })).toHaveCount(1);
	}

	// Suivez-moi: Claire opens the group wall, Bruno and Nadia are brought there.
	await claire.page.getByRole('link', { name: 'Mur du groupe' }).click();
	for (const page of [bruno.page, nadia.page]) {
		await expect(page).toHaveURL(`${cohortPage}/mur`);
	}

	// Nadia raises her hand: it reaches Claire.
	await nadia.page.getByTestId('seance-bar').getByRole('button', { name: 'Lever la main' }).click();
	await expect(claire.page.getByTestId('seance-hands').getByRole('listitem')).toHaveText([
		new RegExp(NADIA)
	]);

	// The presentation screen follows Claire onto the wall.
	const screen = await claire.page.context().newPage();
	await screen.goto(`${cohortPage}/ecran`);
	await expect(screen.getByTestId('screen-board-title')).toHaveText('Mur du groupe');

	// In the gallery, Claire asks Nadia, who refuses: the screen does not change.
	await claire.page.goto(cohortPage);
	// Clicked once hydrated: a click while the router starts can be lost (seen in CI).
	await claire.page.waitForLoadState('networkidle');
	await claire.page.getByRole('link', { name: 'Galerie' }).click();
	const show = (name: string) =>
		claire.page.getByRole('button', {
			name: `Montrer à l’écran l’exercice de ${name} (avec son accord)`
		});
	await show(NADIA).click();
	const ask = (page: Page) =>
		page.getByRole('dialog', {
			name: 'L’animateur·rice souhaite montrer votre exercice au groupe'
		});
	await expect(ask(nadia.page)).toBeVisible();
	await expect(ask(bruno.page)).toBeHidden();
	await ask(nadia.page).getByRole('button', { name: 'Refuser' }).click();
	await expect(claire.page.getByTestId('screen-answer')).toHaveText(
		`${NADIA} a refusé : l’écran ne change pas.`
	);
	// Claire is on the gallery, no board: the screen waits, and shows nothing of Nadia's.
	await expect(screen.getByTestId('screen-state')).toBeVisible();
	await expect(screen.getByText(`Copie de ${NADIA}`)).toHaveCount(0);

	// Bruno accepts: his copy, with his card, is on the screen, read-only.
	await show(BRUNO).click();
	await ask(bruno.page).getByRole('button', { name: 'Accepter' }).click();
	await expect(claire.page.getByTestId('screen-answer')).toHaveText(
		`${BRUNO} a accepté : son exercice est à l’écran.`
	);
	await expect(screen.getByText(`Copie de ${BRUNO}`)).toBeVisible();
	await expect(screen.getByText(card)).toBeVisible();

	// Bruno withdraws it: the screen leaves his copy at once.
	await bruno.page.getByRole('button', { name: 'Retirer de l’écran' }).click();
	await expect(screen.getByText(card)).toHaveCount(0);
	await expect(screen.getByText(`Copie de ${BRUNO}`)).toHaveCount(0);

	// Claire ends the séance; the screen says so.
	await claire.page.goto(cohortPage);
	await claire.page.getByRole('button', { name: 'Terminer la séance de groupe' }).click();
	await expect(screen.getByTestId('screen-state')).toHaveText('La séance est terminée.');

	await claire.close();
	await bruno.close();
	await nadia.close();
});
