import { expect, test, type Page } from '@playwright/test';
import {
	ISLAND_KEY,
	canvasLeaks,
	canvasOnlyFiles,
	loadManifest
} from '../../bench/bundle-manifest.ts';
import { boardTogether, createBoard, expectSaved, openBoard, signedIn } from './board-helpers';
import { IMAGES } from '../helpers/images';
import { DEMO, bilanIdOf } from './helpers';

const manifest = loadManifest();
const islandFile = manifest[ISLAND_KEY]!.file;

/** The tldraw canvas of the page, once mounted. */
async function canvasOf(page: Page) {
	const canvas = page.getByTestId('canvas-board');
	await expect(canvas.locator('.tl-canvas')).toBeVisible({ timeout: 30_000 });
	return canvas;
}

/** Draws with a tool chosen by its tldraw shortcut, dragging from `from` to `to` (canvas px). */
async function draw(page: Page, key: string, from: [number, number], to: [number, number]) {
	const canvas = await canvasOf(page);
	const box = (await canvas.boundingBox())!;
	// Focus the editor without drawing (select tool), then pick the tool.
	await page.mouse.click(box.x + box.width - 20, box.y + box.height - 80);
	await page.keyboard.press(key);
	await page.mouse.move(box.x + from[0], box.y + from[1]);
	await page.mouse.down();
	await page.mouse.move(box.x + to[0], box.y + to[1], { steps: 12 });
	await page.mouse.up();
}

function shapes(page: Page, type: string) {
	return page.getByTestId('canvas-board').locator(`.tl-shape[data-shape-type="${type}"]`);
}

test('two people draw on the same canvas and see each other’s shapes', async ({ browser }) => {
	// Two tldraw editors in one browser: give the machine time.
	test.slow();
	const { consultant, beneficiary, cspViolations, close } = await boardTogether(
		browser,
		'canvas',
		'Carte mentale'
	);
	try {
		await draw(consultant, 'r', [150, 150], [320, 260]);
		await expect(shapes(consultant, 'geo')).toHaveCount(1);
		await expect(shapes(beneficiary, 'geo')).toHaveCount(1);
		await expectSaved(consultant);

		await draw(beneficiary, 'o', [400, 200], [520, 300]);
		await expect(shapes(consultant, 'geo')).toHaveCount(2);

		// The page's buttons, tldraw's own and Ctrl+Z share one history: one's own changes,
		// one step at a time, for everyone.
		const pageButton = (name: string) =>
			consultant.getByRole('button', { name, exact: true, description: /Ctrl/ });
		await pageButton('Annuler').click();
		await expect(shapes(consultant, 'geo')).toHaveCount(1);
		await expect(shapes(beneficiary, 'geo')).toHaveCount(1);
		await pageButton('Rétablir').click();
		await expect(shapes(beneficiary, 'geo')).toHaveCount(2);
		await consultant.getByTestId('quick-actions.undo').click();
		await expect(shapes(beneficiary, 'geo')).toHaveCount(1);
		await consultant.getByTestId('quick-actions.redo').click();
		await expect(shapes(beneficiary, 'geo')).toHaveCount(2);
		await consultant.keyboard.press('Control+z');
		await expect(shapes(beneficiary, 'geo')).toHaveCount(1);
		// Nothing more of the consultant's to undo: the beneficiary's ellipse stays.
		await consultant.keyboard.press('Control+z');
		await expect(pageButton('Annuler')).toBeDisabled();
		await expect(shapes(consultant, 'geo')).toHaveCount(1);
		await consultant.keyboard.press('Control+Shift+z');
		await expect(shapes(beneficiary, 'geo')).toHaveCount(2);

		// Still there after a reload: stored on the server.
		await beneficiary.reload();
		await expect(beneficiary.getByTestId('board-connection')).toHaveText('Connecté');
		await expect(shapes(beneficiary, 'geo')).toHaveCount(2);

		// The outline view lists the canvas without tldraw.
		await beneficiary.getByRole('button', { name: /Vue liste/ }).click();
		await expect(beneficiary.getByText('Éléments sur le tableau : 2')).toBeVisible();
		await beneficiary.getByRole('button', { name: 'Vue tableau' }).click();
		await expect(shapes(beneficiary, 'geo')).toHaveCount(2);
		// tldraw, its fonts, icons and translations, the sync socket: all within the page's CSP.
		expect(cspViolations()).toEqual([]);
	} finally {
		await close();
	}
});

test('an image and a link placed on the canvas stay within the page’s CSP', async ({ browser }) => {
	const person = await signedIn(browser, DEMO.consultante);
	const page = person.page;
	try {
		await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
		await openBoard(page, await createBoard(page, 'canvas', 'Images et liens'));
		const canvas = await canvasOf(page);
		const box = (await canvas.boundingBox())!;
		// Dropped like a file from the desktop: uploaded, then shown from /api.
		const files = await page.evaluateHandle((base64) => {
			const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
			const transfer = new DataTransfer();
			transfer.items.add(new File([bytes], 'point.png', { type: 'image/png' }));
			return transfer;
		}, Buffer.from(IMAGES.png).toString('base64'));
		await canvas.locator('.tl-canvas').dispatchEvent('drop', {
			dataTransfer: files,
			clientX: box.x + 200,
			clientY: box.y + 200
		});
		// While the uploaded URL loads, tldraw keeps showing the local blob: in a second <img>.
		const image = shapes(page, 'image').locator('img[src^="/api/v1/boards/"]');
		await expect(image).toHaveCount(1);
		await expect(shapes(page, 'image')).toHaveCount(1);
		await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(3);
		// A pasted link becomes a bookmark; no other site is contacted or framed.
		await page.mouse.click(box.x + box.width - 20, box.y + box.height - 80);
		const links = ['https://www.francetravail.fr/', 'https://www.youtube.com/watch?v=x'];
		for (const [i, link] of links.entries()) {
			await page.evaluate((text) => navigator.clipboard.writeText(text), link);
			await page.keyboard.press('Control+v');
			await expect(shapes(page, 'bookmark')).toHaveCount(i + 1);
		}
		await expect(shapes(page, 'embed')).toHaveCount(0);
		await page.reload();
		await expect(shapes(page, 'image')).toHaveCount(1);
		expect(person.cspViolations()).toEqual([]);
	} finally {
		await person.close();
	}
});

test('a bilan’s canvas has the image button; a cohort’s, whose boards store no image, has none', async ({
	browser
}) => {
	const suffix = Math.random().toString(36).slice(2, 7);
	const claire = await signedIn(browser, DEMO.consultante);
	const page = claire.page;
	try {
		await openBoard(page, await createBoard(page, 'canvas', `Avec images ${suffix}`));
		await canvasOf(page);
		await expect(page.getByTestId('tools.asset')).toBeVisible();

		// A cohort of its own (the demo cohort stays as the other specs expect it), with a canvas
		// exercise Claire prepares.
		const name = `Cohorte libre ${suffix}`;
		await page.goto('/cohortes');
		// Typed once hydrated: what is typed before can be wiped when Svelte takes over.
		await page.waitForLoadState('networkidle');
		await page.getByLabel('Nom de la cohorte').fill(name);
		await page.getByLabel('Date de début').fill('2026-11-30');
		await page.getByRole('button', { name: 'Créer la cohorte' }).click();
		await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
		await page.waitForLoadState('networkidle');
		await page.getByLabel('Type de tableau').selectOption({ label: 'Tableau libre' });
		await page.getByLabel('Titre', { exact: true }).fill(`Libre ${suffix}`);
		await page.getByLabel(/Le préparer d’abord/).check();
		await page.getByRole('button', { name: 'Créer', exact: true }).click();
		await page.getByRole('link', { name: 'Préparer' }).click();
		await canvasOf(page);
		await expect(page.getByTestId('tools.select')).toBeVisible();
		await expect(page.getByTestId('tools.asset')).toHaveCount(0);
		await expect(page.getByTestId('tools.more.asset')).toHaveCount(0);
	} finally {
		await claire.close();
	}
});

test('the build loads React and tldraw only from the canvas view, dynamically', () => {
	expect(canvasLeaks(manifest)).toEqual([]);
	expect(canvasOnlyFiles(manifest).js).toContain(islandFile);
});

test('pages without a canvas request no tldraw or React code', async ({ browser }) => {
	const person = await signedIn(browser, DEMO.consultante);
	const page = person.page;
	const requested: string[] = [];
	page.on('request', (request) => requested.push(new URL(request.url()).pathname));
	const canvasOnly = canvasOnlyFiles(manifest);
	const forbidden = [...canvasOnly.js, ...canvasOnly.css].map((file) => `/${file}`);
	try {
		const valuesPath = await createBoard(page, 'values', 'Valeurs sans React');
		const canvasPath = await createBoard(page, 'canvas', 'Tableau avec React');
		await openBoard(page, valuesPath);
		await expect(page.getByRole('heading', { name: 'Valeurs sans React' })).toBeVisible();
		await page.goto(`/bilans/${await bilanIdOf(page, 'Bruno Bénéficiaire')}`);
		await page.waitForLoadState('networkidle');
		expect(requested.filter((path) => forbidden.includes(path))).toEqual([]);

		// The same check sees the island when a canvas board opens (so it does look).
		await openBoard(page, canvasPath);
		await canvasOf(page);
		expect(requested).toContain(`/${islandFile}`);
	} finally {
		await person.close();
	}
});
