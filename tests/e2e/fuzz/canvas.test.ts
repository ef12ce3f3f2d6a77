import { expect, test, type Locator, type Page } from '@playwright/test';
import { Skip, fuzz, modeOf, pickOne, type Actor, type KindDriver, type Mode } from './fuzz-kit';

/**
 * The free canvas (a tldraw island): shapes drawn with tldraw's tool shortcuts, notes and texts
 * typed, shapes moved by keys or dragged, deleted, relabelled. Everything goes through tldraw's
 * own UI, as a person would; the other operations (undo, snapshots, offline…) are the kit's.
 */

const CANVAS = '[data-testid="canvas-board"]';
/** The shapes tldraw draws (each shape's background layer, when it has one, is left out). */
const SHAPES = `${CANVAS} .tl-shape:not(.tl-shape-background)`;

interface Box {
	x: number;
	y: number;
	width: number;
	height: number;
}

/** The canvas of a page in the live view, mounted (Skip in the outline: nothing to draw on). */
async function canvasOf(actor: Actor): Promise<Box> {
	if ((await modeOf(actor.page)) !== 'live') throw new Skip('outline view');
	const canvas = actor.page.locator(CANVAS);
	await expect(canvas.locator('.tl-canvas')).toBeVisible();
	// The canvas (75 % of the window's height) fits in it, below the board's header.
	await canvas.scrollIntoViewIfNeeded();
	const box = await canvas.boundingBox();
	if (!box) throw new Error('canvas not visible');
	return box;
}

/**
 * A random point of the canvas away from tldraw's menus (top), style panel (right) and toolbar
 * (bottom), so that clicks land on the drawing surface.
 */
function spot(actor: Actor, box: Box): { x: number; y: number } {
	return {
		x: box.x + 80 + actor.rng.int(Math.max(1, box.width - 380)),
		y: box.y + 80 + actor.rng.int(Math.max(1, box.height - 240))
	};
}

/** Focuses the editor with the select tool and nothing selected (a click on an empty corner). */
async function focusEditor(page: Page, box: Box): Promise<void> {
	await page.mouse.click(box.x + box.width - 20, box.y + box.height - 80);
	await page.keyboard.press('Escape');
}

/** The rich-text field of the shape being edited, once it has the focus (else this throws). */
async function editing(page: Page): Promise<Locator> {
	const field = page.locator(`${CANVAS} [contenteditable="true"]`).first();
	await expect(field).toBeFocused({ timeout: 2_000 });
	return field;
}

/** Types a few words into the shape being edited, key by key, then leaves the editing. */
async function typeText(actor: Actor): Promise<string> {
	const { page, rng } = actor;
	const field = await editing(page);
	const text = rng.words(2);
	await field.pressSequentially(text, { delay: 10 + rng.int(30) });
	await page.keyboard.press('Escape');
	return `«${text}»`;
}

/** Clicks one of the drawn shapes (select tool): tldraw selects it. */
async function selectShape(actor: Actor, box: Box, selector = SHAPES): Promise<string> {
	const { page } = actor;
	await focusEditor(page, box);
	const shape = await pickOne(actor, page.locator(selector));
	const at = await shape.boundingBox();
	if (!at) throw new Skip('shape not drawn (culled)');
	const type = (await shape.getAttribute('data-shape-type')) ?? '?';
	await page.mouse.click(at.x + at.width / 2, at.y + at.height / 2);
	return type;
}

const canvas: KindDriver = {
	kind: 'canvas',
	modes: ['live', 'outline'],
	async ready(page) {
		await expect(page.locator(`${CANVAS} .tl-canvas`)).toBeVisible({ timeout: 30_000 });
	},
	ops: [
		{
			name: 'draw shape',
			weight: 3,
			async run(actor) {
				const { page, rng } = actor;
				const box = await canvasOf(actor);
				// r rectangle, o ellipse, a arrow (it may bind to the shapes at its ends), d pen.
				const key = rng.pick(['r', 'r', 'o', 'a', 'd']);
				const from = spot(actor, box);
				const to = { x: from.x + 40 + rng.int(160), y: from.y + 30 + rng.int(120) };
				await focusEditor(page, box);
				await page.keyboard.press(key);
				await page.mouse.move(from.x, from.y);
				await page.mouse.down();
				await page.mouse.move(to.x, to.y, { steps: 8 });
				await page.mouse.up();
				await page.keyboard.press('Escape');
				return `${key} ${Math.round(from.x)},${Math.round(from.y)}`;
			}
		},
		{
			name: 'add note or text',
			weight: 4,
			async run(actor) {
				const { page, rng } = actor;
				const box = await canvasOf(actor);
				const key = rng.pick(['n', 'n', 't']);
				const at = spot(actor, box);
				await focusEditor(page, box);
				await page.keyboard.press(key);
				await page.mouse.click(at.x, at.y);
				return `${key} ${await typeText(actor)}`;
			}
		},
		{
			name: 'edit text',
			weight: 3,
			async run(actor) {
				const { page } = actor;
				const box = await canvasOf(actor);
				await focusEditor(page, box);
				const shape = await pickOne(
					actor,
					page.locator(
						`${CANVAS} .tl-shape:is([data-shape-type="note"], [data-shape-type="text"], [data-shape-type="geo"]):not(.tl-shape-background)`
					)
				);
				const at = await shape.boundingBox();
				if (!at) throw new Skip('shape not drawn (culled)');
				await page.mouse.dblclick(at.x + at.width / 2, at.y + at.height / 2);
				await editing(page);
				// At the end of what is there (double-clicking may have selected a word).
				await page.keyboard.press('Control+End');
				return typeText(actor);
			}
		},
		{
			name: 'move',
			weight: 4,
			async run(actor) {
				const { page, rng } = actor;
				const box = await canvasOf(actor);
				if (rng.chance(0.5)) {
					const type = await selectShape(actor, box);
					const key = `${rng.chance(0.5) ? 'Shift+' : ''}${rng.pick(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'])}`;
					const times = 1 + rng.int(3);
					for (let i = 0; i < times; i++) await page.keyboard.press(key);
					return `${type} ${key}×${times}`;
				}
				await focusEditor(page, box);
				const shape = await pickOne(actor, page.locator(SHAPES));
				const from = await shape.boundingBox();
				if (!from) throw new Skip('shape not drawn (culled)');
				const to = spot(actor, box);
				await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
				await page.mouse.down();
				await page.mouse.move(to.x, to.y, { steps: 8 });
				await page.mouse.up();
				return `drag to ${Math.round(to.x)},${Math.round(to.y)}`;
			}
		},
		{
			name: 'delete',
			weight: 2,
			async run(actor) {
				const box = await canvasOf(actor);
				const type = await selectShape(actor, box);
				await actor.page.keyboard.press('Delete');
				return type;
			}
		}
	],
	async settle(page) {
		if ((await modeOf(page)) !== 'live') return;
		await canvas.ready!(page);
		// Leaves any text being edited (an empty text shape is then removed, for everyone).
		await page.keyboard.press('Escape');
		await page.keyboard.press('Escape');
	},
	extract: (page: Page, mode: Mode) =>
		mode === 'live'
			? page.evaluate((selector) => {
					const round = (value: string) => Math.round(Number.parseFloat(value || '0'));
					return [...document.querySelectorAll<HTMLElement>(selector)]
						.map((shape) => ({
							id: shape.dataset.shapeId,
							type: shape.dataset.shapeType,
							text: shape.textContent?.trim() ?? '',
							// Page space (tldraw moves the layer for the camera, not each shape).
							at: shape.style.transform,
							size: `${round(shape.style.width)}×${round(shape.style.height)}`
						}))
						.sort((a, b) => (a.id ?? '').localeCompare(b.id ?? ''));
				}, SHAPES)
			: page.evaluate(() => {
					const outline = document.querySelector('section[aria-labelledby="canvas-outline-title"]');
					return {
						count: outline?.querySelector('p')?.textContent,
						texts: [...(outline?.querySelectorAll('li') ?? [])].map((item) => [
							item.querySelector('.type')?.textContent,
							item.querySelector('.text')?.textContent
						])
					};
				})
};

test('the canvas converges when two people draw, type, move, delete, undo, restore and go offline', async ({
	browser
}) => {
	await fuzz(browser, { driver: canvas });
});
