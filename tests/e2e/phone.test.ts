import { expect, test, type Page } from '@playwright/test';
import { createBoard, signedIn } from './board-helpers';
import { bilanIdOf, DEMO } from './helpers';
import { fits, HEIGHT, PHONE } from './phone-helpers';

/**
 * Phone first: every page, for each role, on a 390 × 844 touch screen (an iPhone 12–15). Nothing
 * may be wider than the screen (no sideways scrolling), a board shows itself on the first screen,
 * and no page has a serious accessibility violation. Soft assertions: one run lists every page
 * that fails, not only the first.
 */

test.use(PHONE);

/** A board page: it fits, and its content starts on the first screen. */
async function boardFits(page: Page, path: string): Promise<void> {
	await fits(page, path);
	await expect(page.getByTestId('board-connection')).toHaveText('Connecté');
	const box = await page.locator('.live-board').boundingBox();
	expect.soft(box, `${path} shows its board`).not.toBeNull();
	// A séance another test runs on this bilan adds its bar, or its invitation, above the page:
	// not the board's doing.
	let seanceHeight = 0;
	for (const id of ['seance-bar', 'seance-invite']) {
		const shown = page.getByTestId(id);
		if (await shown.isVisible()) seanceHeight += (await shown.boundingBox())?.height ?? 0;
	}
	// At least the board's first 200 px (or all of it) on the first screen, without scrolling.
	if (box) {
		expect
			.soft(box.y - seanceHeight + Math.min(box.height, 200), `${path} board on screen`)
			.toBeLessThanOrEqual(HEIGHT);
	}
}

const KINDS = ['values', 'ikigai', 'timeline', 'action-plan', 'enquete-metier', 'canvas'] as const;

test('the login page fits a phone', async ({ page }) => {
	await fits(page, '/login');
});

test('the consultant’s record pages fit a phone', async ({ browser }) => {
	test.slow();
	const consultant = await signedIn(browser, DEMO.consultante);
	const page = consultant.page;
	const bilanId = await bilanIdOf(page, 'Bruno Bénéficiaire');
	for (const path of ['/', '/bilans', '/bilans/nouveau', `/bilans/${bilanId}`, '/compte']) {
		await fits(page, path);
	}
	for (const section of ['cloture', 'journal', 'presence', 'questionnaires', 'synthese']) {
		await fits(page, `/bilans/${bilanId}/${section}`);
	}
	await consultant.close();
});

test('the consultant’s boards fit a phone', async ({ browser }) => {
	test.slow();
	const consultant = await signedIn(browser, DEMO.consultante);
	const page = consultant.page;
	const boards = [];
	for (const kind of KINDS) boards.push(await createBoard(page, kind, `Téléphone ${kind}`));
	for (const path of boards) await boardFits(page, path);

	// A snapshot of a board, and the board's history.
	const first = boards[0]!;
	const saved = await page.request.post(`${first}?/snapshot`, {
		form: { label: 'Au téléphone' },
		headers: { origin: new URL(page.url()).origin }
	});
	expect(saved.status()).toBe(200);
	await fits(page, `${first}/comparer`);
	const snapshot = await page
		.getByRole('link', { name: 'Au téléphone' })
		.first()
		.getAttribute('href');
	await fits(page, snapshot!);
	await consultant.close();
});

test('the beneficiary’s pages fit a phone', async ({ browser }) => {
	test.slow();
	const consultant = await signedIn(browser, DEMO.consultante);
	const path = await createBoard(consultant.page, 'ikigai', 'Ikigai au téléphone');
	await consultant.close();
	const beneficiary = await signedIn(browser, DEMO.beneficiaire);
	const page = beneficiary.page;
	const bilanId = path.split('/')[2]!;
	for (const url of ['/', `/bilans/${bilanId}`, '/compte', `/bilans/${bilanId}/synthese`]) {
		await fits(page, url);
	}
	// Sharing the synthèse is the beneficiary's own decision: her page only.
	await fits(page, `/bilans/${bilanId}/cloture`);
	await fits(page, `/bilans/${bilanId}/partages`);
	await boardFits(page, path);
	await beneficiary.close();
});

test('the admin’s pages fit a phone', async ({ browser }) => {
	test.slow();
	const admin = await signedIn(browser, DEMO.admin);
	const page = admin.page;
	const bilanId = await bilanIdOf(page, 'Bruno Bénéficiaire');
	for (const path of [
		'/',
		'/bilans',
		`/bilans/${bilanId}`,
		'/equipe',
		'/equipe/conservation',
		'/equipe/qualite',
		'/compte'
	]) {
		await fits(page, path);
	}

	// The invitation the admin creates, and the page its link opens, signed out.
	await page.goto('/equipe');
	// Typed once hydrated: what is typed before can be wiped when Svelte takes over.
	await page.waitForLoadState('networkidle');
	await page.getByLabel('Prénom et nom').fill('Léa Téléphone');
	await page.getByLabel('Adresse e-mail').fill(`lea.${Date.now()}@exemple.fr`);
	await page.getByRole('button', { name: 'Créer l’invitation' }).click();
	const link = await page.locator('#invitation-link').inputValue();
	expect(link).toContain('/invitation/');
	await fits(page, '/equipe');
	await admin.close();
	const visitor = await browser.newContext();
	await fits(await visitor.newPage(), new URL(link).pathname);
	await visitor.close();
});
