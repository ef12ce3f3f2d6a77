import { expect, type Browser, type Locator, type Page } from '@playwright/test';
import { bilanIdOf, DEMO, loginAs, watchCsp } from './helpers';

/** A signed-in browser context, its page, and its way out. */
export interface Person {
	page: Page;
	/** The Content-Security-Policy violations its pages reported so far. */
	cspViolations(): string[];
	close(): Promise<void>;
}

/** A new browser context (its own cookies) signed in as `email`. */
export async function signedIn(browser: Browser, email: string): Promise<Person> {
	const context = await browser.newContext();
	const cspViolations = await watchCsp(context);
	const page = await context.newPage();
	await loginAs(page, email);
	return { page, cspViolations, close: () => context.close() };
}

/**
 * Creates a board in a demo bilan (by default the investigation one, Bruno's) through the JSON
 * API with the page's cookies, so each test has a board of its own. Returns the board page path.
 */
export async function createBoard(
	page: Page,
	kind: string,
	title: string,
	beneficiary = 'Bruno Bénéficiaire'
): Promise<string> {
	const bilanId = await bilanIdOf(page, beneficiary);
	// Like any script, the request names the app's origin (state-changing requests need it).
	const response = await page.request.post(`/api/v1/bilans/${bilanId}/boards`, {
		data: { kind, title },
		headers: { origin: new URL(page.url()).origin }
	});
	expect(response.status()).toBe(201);
	const { board } = (await response.json()) as { board: { id: string } };
	return `/bilans/${bilanId}/tableaux/${board.id}`;
}

/** Opens a board and waits until it shows its synced content. */
export async function openBoard(page: Page, path: string): Promise<void> {
	await page.goto(path);
	await expect(page.getByTestId('board-connection')).toHaveText('Connecté');
	await expect(page.getByText('Chargement du tableau…')).toHaveCount(0);
}

/** The consultant and the beneficiary, both on a new board of `kind`. */
export async function boardTogether(browser: Browser, kind: string, title: string) {
	const consultant = await signedIn(browser, DEMO.consultante);
	const beneficiary = await signedIn(browser, DEMO.beneficiaire);
	const path = await createBoard(consultant.page, kind, title);
	await openBoard(consultant.page, path);
	await openBoard(beneficiary.page, path);
	return {
		consultant: consultant.page,
		beneficiary: beneficiary.page,
		path,
		cspViolations: () => [...consultant.cspViolations(), ...beneficiary.cspViolations()],
		close: async () => {
			await consultant.close();
			await beneficiary.close();
		}
	};
}

/** Drags `source` onto `target` with the mouse in small steps, as a hand would. */
export async function dragWithMouse(page: Page, source: Locator, target: Locator): Promise<void> {
	await source.scrollIntoViewIfNeeded();
	const from = await source.boundingBox();
	const to = await target.boundingBox();
	if (!from || !to) throw new Error('drag source or target is not visible');
	await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
	await page.mouse.down();
	await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 10, { steps: 5 });
	await page.mouse.move(to.x + to.width / 2, to.y + Math.min(to.height / 2, 40), { steps: 20 });
	await page.mouse.up();
}

/** Whether the status says every change is stored on the server. */
export async function expectSaved(page: Page): Promise<void> {
	await expect(page.getByTestId('board-saved')).toHaveText('Enregistré');
}

/** An Ikigai note on the diagram, found by (part of) its text. */
export function ikigaiNote(page: Page, text: string): Locator {
	return page
		.getByRole('group', { name: 'Diagramme Ikigai' })
		.getByRole('button', { name: new RegExp(text) });
}

/** Adds an Ikigai note through the form, in `zone` (« Ce que j’aime » unless told). */
export async function addIkigaiNote(
	page: Page,
	text: string,
	zone = 'Ce que j’aime'
): Promise<void> {
	await page.getByLabel('Texte de la note', { exact: true }).fill(text);
	await page.getByLabel('Zone', { exact: true }).selectOption({ label: zone });
	await page.getByRole('button', { name: 'Ajouter la note' }).click();
}

/** Adds an experience to a career timeline through its form (savoir-faire « Accueil, Caisse »). */
export async function addExperience(
	page: Page,
	input: { lane: string; title: string; start: string; end: string; satisfaction: string }
) {
	await page.getByRole('button', { name: 'Ajouter une expérience' }).click();
	const form = page.getByRole('form', { name: 'Ajouter une expérience' });
	await form.getByLabel('Domaine').selectOption({ label: input.lane });
	await form.getByLabel('Intitulé (poste, formation, événement)').fill(input.title);
	await form.getByLabel('Début (mois et année)').fill(input.start);
	await form.getByLabel('Fin (mois et année)').fill(input.end);
	await form.getByLabel(/^Satisfaction de −5/).fill(input.satisfaction);
	await form.getByLabel('Savoir-faire (séparés par des virgules)').fill('Accueil, Caisse');
	await form.getByRole('button', { name: 'Ajouter l’expérience' }).click();
}
