import { test, type Page } from '@playwright/test';
import { dragWithMouse } from '../board-helpers';
import { fuzz, modeOf, pickOne, Skip, typeInto, type KindDriver } from './fuzz-kit';

/**
 * The value cards: cards added, moved between piles (dragged on the board, "Déplacer" or up and
 * down in the list), ranked, unranked and reordered, their "why" typed, satisfaction set.
 */
const values: KindDriver = {
	kind: 'values',
	modes: ['live', 'outline'],
	ops: [
		{
			name: 'add card',
			weight: 2,
			async run({ page, rng }) {
				const label = rng.words(2);
				await page.locator('#new-card-label').fill(label);
				if (rng.chance(0.5)) await page.locator('#new-card-description').fill(rng.words(3));
				await page.getByRole('button', { name: 'Ajouter la carte' }).click();
				return label;
			}
		},
		{
			name: 'move card',
			weight: 4,
			async run(actor) {
				const { page, rng } = actor;
				if ((await modeOf(page)) === 'live') {
					const card = await pickOne(actor, page.locator('ul[data-place] > li'));
					const piles = page.locator('ul[data-place]');
					const target = piles.nth(rng.int(await piles.count()));
					const label = await card.getAttribute('aria-label');
					await dragWithMouse(page, card, target);
					return `drag ${label} → ${await target.getAttribute('data-place')}`;
				}
				const item = await pickOne(
					actor,
					page.locator('li[data-item-id]:has(select[id^="outline-card-"])')
				);
				const select = item.locator('select[id^="outline-card-"]');
				if (rng.chance(0.4)) {
					const button = item.getByRole('button', { name: rng.pick(['Monter', 'Descendre']) });
					if (!(await button.isEnabled())) throw new Skip('at the end already');
					await button.click();
					return `${await button.textContent()}`;
				}
				const options = await select
					.locator('option')
					.evaluateAll((all) => all.map((option) => (option as HTMLOptionElement).value));
				const place = rng.pick(options);
				await select.selectOption(place);
				await item.getByRole('button', { name: /^Déplacer/ }).click();
				return `${await item.getAttribute('data-item-label')} → ${place}`;
			}
		},
		{
			name: 'rank',
			weight: 2,
			async run({ page, rng }) {
				const select = page.locator('#top-candidate');
				if ((await select.count()) === 0) throw new Skip('no candidate');
				const options = await select
					.locator('option')
					.evaluateAll((all) => all.map((option) => (option as HTMLOptionElement).value));
				const id = rng.pick(options);
				await select.selectOption(id);
				await page.locator('.add').getByRole('button', { name: 'Ajouter au classement' }).click();
				return id;
			}
		},
		{
			name: 'reorder or unrank',
			weight: 2,
			async run(actor) {
				const item = await pickOne(actor, actor.page.locator('ol.ranked > li'));
				const which = actor.rng.pick(['Monter', 'Descendre', 'Retirer du classement']);
				const button = item.getByRole('button', { name: new RegExp(`^${which}`) });
				if (!(await button.isEnabled())) throw new Skip('at the end already');
				await button.click();
				return `${which} ${await item.getAttribute('data-item-label')}`;
			}
		},
		{
			name: 'type why',
			weight: 4,
			async run(actor) {
				const field = await pickOne(actor, actor.page.locator('ol.ranked textarea'));
				return typeInto(actor, field);
			}
		},
		{
			name: 'satisfaction',
			weight: 1,
			async run(actor) {
				const slider = await pickOne(actor, actor.page.locator('ol.ranked input[type=range]'));
				const key = actor.rng.pick(['ArrowRight', 'ArrowLeft', 'Home', 'End', 'PageUp']);
				await slider.focus();
				await actor.page.keyboard.press(key);
				return key;
			}
		},
		{
			name: 'pile mode',
			weight: 0.5,
			async run({ page, rng }) {
				const select = page.locator('.mode select');
				if ((await select.count()) === 0) throw new Skip('cards ranked already');
				const mode = rng.pick(['five', 'three']);
				await select.selectOption(mode);
				return mode;
			}
		}
	],
	extract: (page: Page) =>
		page.evaluate(() => {
			const text = (element: Element | null) => {
				if (!element) return null;
				const copy = element.cloneNode(true) as Element;
				copy.querySelectorAll('.badge, .visually-hidden').forEach((node) => node.remove());
				return copy.textContent?.replace(/\s+/g, ' ').trim() ?? '';
			};
			return {
				piles: [...document.querySelectorAll<HTMLElement>('ul[data-place]')].map((pile) => [
					pile.dataset.place,
					[...pile.children].map(text)
				]),
				outline: [...document.querySelectorAll('section[aria-labelledby^="outline-"]')].map(
					(section) => [
						section.getAttribute('aria-labelledby'),
						[...section.querySelectorAll<HTMLElement>('li[data-item-id]')].map(
							(item) => `${item.dataset.itemLabel} ${text(item.querySelector('.rank'))}`
						)
					]
				),
				top: [...document.querySelectorAll<HTMLElement>('ol.ranked > li')].map((item) => ({
					label: item.dataset.itemLabel,
					rank: text(item.querySelector('.rank')),
					why: item.querySelector('textarea')?.value,
					satisfaction: item.querySelector('input[type=range]')?.getAttribute('aria-valuetext'),
					gap: text(item.querySelector('.gap-text'))
				})),
				pileMode: document.querySelector<HTMLSelectElement>('.mode select')?.value ?? null
			};
		})
};

test('the value cards converge when two people sort, rank, type, undo, restore and go offline', async ({
	browser
}) => {
	await fuzz(browser, { driver: values });
});
