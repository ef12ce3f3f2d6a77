import { test, type Page } from '@playwright/test';
import { fuzz, modeOf, pickOne, typeInto, type Actor, type KindDriver } from './fuzz-kit';

const ZONES = ['aime', 'doue', 'besoin', 'remunere', 'passion', 'mission', 'vocation', 'ikigai'];

/** Opens a random note in the board's editor (live view) or finds its row (outline). */
async function someNote(actor: Actor) {
	const { page } = actor;
	if ((await modeOf(page)) === 'live') {
		const note = await pickOne(actor, page.locator('[data-note]'));
		await note.click();
		return { live: true, note };
	}
	const row = await pickOne(actor, page.locator('section[data-zone] li[data-item-id]'));
	return { live: false, note: row };
}

/** The Ikigai: notes added, dragged or nudged, moved to a zone, typed into, recoloured, removed. */
const ikigai: KindDriver = {
	kind: 'ikigai',
	modes: ['live', 'outline'],
	ops: [
		{
			name: 'add note',
			weight: 3,
			async run({ page, rng }) {
				const text = rng.words(2);
				await page.locator('#note-new-text').fill(text);
				await page.locator('#note-new-zone').selectOption(rng.pick(ZONES));
				if (rng.chance(0.3)) {
					await page.locator('#note-new-colour').selectOption({ index: rng.int(4) });
				}
				await page.getByRole('button', { name: 'Ajouter la note' }).click();
				return text;
			}
		},
		{
			name: 'move note',
			weight: 4,
			async run(actor) {
				const { page, rng } = actor;
				if ((await modeOf(page)) === 'live') {
					const note = await pickOne(actor, page.locator('[data-note]'));
					if (rng.chance(0.5)) {
						const surface = await page
							.getByRole('group', { name: 'Diagramme Ikigai' })
							.boundingBox();
						const from = await note.boundingBox();
						if (!surface || !from) throw new Error('not visible');
						const to = {
							x: surface.x + 20 + rng.int(surface.width - 40),
							y: surface.y + 20 + rng.int(surface.height - 40)
						};
						await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
						await page.mouse.down();
						await page.mouse.move(to.x, to.y, { steps: 8 });
						await page.mouse.up();
						return `drag to ${Math.round(to.x)},${Math.round(to.y)}`;
					}
					await note.focus();
					const key = `${rng.chance(0.5) ? 'Shift+' : ''}${rng.pick(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'])}`;
					const times = 1 + rng.int(3);
					for (let i = 0; i < times; i++) await page.keyboard.press(key);
					return `${key}×${times}`;
				}
				const item = await pickOne(
					actor,
					page.locator('li[data-item-id]:has(select[id^="outline-zone-"])')
				);
				const zone = rng.pick(ZONES);
				await item.locator('select[id^="outline-zone-"]').selectOption(zone);
				await item.getByRole('button', { name: /^Déplacer/ }).click();
				return zone;
			}
		},
		{
			name: 'type',
			weight: 5,
			async run(actor) {
				const { live, note } = await someNote(actor);
				const field = live
					? actor.page.locator('#note-edit-text')
					: note
							.locator('input[id^="outline-text-"], [data-field] input, [data-field] textarea')
							.first();
				return typeInto(actor, field);
			}
		},
		{
			name: 'recolour',
			weight: 1,
			async run(actor) {
				const { live, note } = await someNote(actor);
				const select = live
					? actor.page.locator('#note-edit-colour')
					: note.locator('select:not([id])');
				const index = actor.rng.int(4);
				await select.selectOption({ index });
				return `colour ${index}`;
			}
		},
		{
			name: 'delete',
			weight: 2,
			async run(actor) {
				const { live, note } = await someNote(actor);
				const label = await note.getAttribute('data-item-label');
				const scope = live ? actor.page.locator('section.panel') : note;
				await scope.getByRole('button', { name: /^Supprimer/ }).click();
				return label ?? '';
			}
		},
		{
			name: 'close editor',
			weight: 1,
			async run({ page }) {
				await page.locator('section.panel').getByRole('button', { name: 'Fermer' }).click();
			}
		}
	],
	extract: (page: Page) =>
		page.evaluate(() => ({
			diagram: [...document.querySelectorAll<HTMLElement>('[data-note]')].map((note) => ({
				id: note.dataset.itemId,
				text: note.querySelector('.text')?.textContent,
				zone: note.querySelector('[data-testid="note-zone"]')?.textContent,
				at: `${note.style.left} ${note.style.top}`,
				background: note.style.background
			})),
			zones: [...document.querySelectorAll<HTMLElement>('section[data-zone]')].map((zone) => [
				zone.dataset.zone,
				[...zone.querySelectorAll<HTMLElement>('li[data-item-id]')].map((item) => ({
					id: item.dataset.itemId,
					text:
						item.querySelector<HTMLInputElement>('input, textarea')?.value ??
						item.querySelector('.text')?.textContent,
					colour: item.querySelector<HTMLSelectElement>('select:not([id])')?.value
				}))
			])
		}))
};

test('the Ikigai converges when two people add, drag, type, delete, undo, restore and go offline', async ({
	browser
}) => {
	await fuzz(browser, { driver: ikigai });
});
