import { test, type Page } from '@playwright/test';
import { fuzz, modeOf, pickOne, Skip, typeInto, type Actor, type KindDriver } from './fuzz-kit';

const LANES = ['travail', 'formation', 'perso'];

/** Opens a random experience in the form (a bar on the chart, or "Modifier" in the list). */
async function editSome(actor: Actor) {
	const { page } = actor;
	const open = page.locator('form.panel');
	if ((await open.count()) > 0 && actor.rng.chance(0.5)) {
		if ((await open.locator('[id^="edit-"]').count()) > 0) return open;
	}
	if ((await modeOf(page)) === 'live') {
		await (await pickOne(actor, page.locator('.chart button[data-item-id]'))).click();
	} else {
		await (await pickOne(actor, page.getByRole('button', { name: /^Modifier / }))).click();
	}
	const form = page.locator('form.panel');
	if ((await form.locator('[id^="edit-"]').count()) === 0) throw new Skip('no experience form');
	return form;
}

/** Saves the form when it has a "Enregistrer" button (fields typed live need none). */
async function save(actor: Actor) {
	const button = actor.page.locator('form.panel').getByRole('button', { name: 'Enregistrer' });
	if ((await button.count()) > 0) await button.click();
}

/**
 * The timeline: experiences added, moved (lane, dates), typed into, their satisfaction, key
 * moment and skills changed, removed.
 */
const timeline: KindDriver = {
	kind: 'timeline',
	modes: ['live', 'outline'],
	ops: [
		{
			name: 'add',
			weight: 3,
			async run({ page, rng }) {
				const close = page.locator('form.panel').getByRole('button', { name: 'Fermer' });
				if ((await close.count()) > 0) await close.click();
				await page.getByRole('button', { name: 'Ajouter une expérience' }).click();
				const title = rng.words(2);
				const year = 1990 + rng.int(30);
				await page.locator('#new-lane').selectOption({ index: rng.int(LANES.length) });
				await page.locator('#new-name').fill(title);
				await page.locator('#new-start').fill(`${year}-0${1 + rng.int(9)}`);
				await page.locator('#new-end').fill(`${year + rng.int(5)}-1${rng.int(3)}`);
				await page.locator('#new-satisfaction').fill(String(rng.int(11) - 5));
				await page.getByRole('button', { name: 'Ajouter l’expérience' }).click();
				return title;
			}
		},
		{
			name: 'type',
			weight: 5,
			async run(actor) {
				const form = await editSome(actor);
				const which = actor.rng.pick(['name', 'organisation', 'description']);
				const detail = await typeInto(actor, form.locator(`[id$="-${which}"]`).first());
				if (actor.rng.chance(0.7)) await save(actor);
				return `${which} ${detail}`;
			}
		},
		{
			name: 'move',
			weight: 3,
			async run(actor) {
				const form = await editSome(actor);
				const lane = actor.rng.int(LANES.length);
				await form.locator('select[id$="-lane"]').selectOption({ index: lane });
				const key = actor.rng.pick(['ArrowLeft', 'ArrowRight']);
				await form.locator('input[type=range]').focus();
				await actor.page.keyboard.press(key);
				await save(actor);
				return `lane ${lane}, satisfaction ${key}`;
			}
		},
		{
			name: 'skill',
			weight: 1,
			async run(actor) {
				const form = await editSome(actor);
				const field = form.locator('input[id$="-skill-savoirFaire"]');
				await field.fill(actor.rng.words(1));
				await field.press('Enter');
			}
		},
		{
			name: 'key moment',
			weight: 1,
			async run(actor) {
				const button = await pickOne(
					actor,
					actor.page.getByRole('button', { name: /^Moment clé/ })
				);
				await button.click();
			}
		},
		{
			name: 'delete',
			weight: 2,
			async run(actor) {
				const form = await editSome(actor);
				await form.getByRole('button', { name: 'Supprimer l’expérience' }).click();
			}
		}
	],
	extract: (page: Page) =>
		page.evaluate(() => {
			const text = (element: Element) => {
				const copy = element.cloneNode(true) as Element;
				copy.querySelectorAll('.badge, .visually-hidden, button').forEach((node) => node.remove());
				return copy.textContent?.replace(/\s+/g, ' ').trim() ?? '';
			};
			return {
				chart: [...document.querySelectorAll<HTMLElement>('.chart button[data-item-id]')].map(
					(bar) => [bar.dataset.itemId, bar.getAttribute('aria-label'), text(bar)]
				),
				list: [...document.querySelectorAll<HTMLElement>('article[data-item-id]')].map(
					(article) => [article.dataset.itemId, text(article)]
				)
			};
		})
};

test('the timeline converges when two people add, move, type, delete, undo, restore and go offline', async ({
	browser
}) => {
	await fuzz(browser, { driver: timeline });
});
