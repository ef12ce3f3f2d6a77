import { test, type Locator, type Page } from '@playwright/test';
import {
	fuzz,
	openDetails,
	pickOne,
	Skip,
	typeInto,
	type Actor,
	type KindDriver
} from './fuzz-kit';

const STATUSES = ['a-faire', 'en-cours', 'fait', 'abandonne'];

const somePiste = (actor: Actor) => pickOne(actor, actor.page.locator('article[data-piste]'));
const someAction = (actor: Actor) => pickOne(actor, actor.page.locator('article[data-action]'));

/** The piste's or action's "Modifier" panel, opened. */
async function editPanel(item: Locator): Promise<Locator> {
	const details = item
		.locator('details')
		.filter({ has: item.page().locator('summary', { hasText: /^Modifier/ }) });
	await openDetails(details.first());
	return details.first();
}

/**
 * The action plan: pistes and actions added, reordered, moved between statuses, typed into,
 * arguments added and removed, pistes and actions removed.
 */
const actionPlan: KindDriver = {
	kind: 'action-plan',
	modes: ['live', 'outline'],
	ops: [
		{
			name: 'add piste',
			weight: 2,
			async run({ page, rng }) {
				const title = rng.words(2);
				await page.locator('#new-piste-title').fill(title);
				await page.locator('#new-piste-priority').selectOption({ index: rng.int(2) });
				await page.getByRole('button', { name: 'Ajouter la piste' }).click();
				return title;
			}
		},
		{
			name: 'add action',
			weight: 3,
			async run(actor) {
				const piste = await somePiste(actor);
				const title = actor.rng.words(2);
				await openDetails(piste.locator('details.add'));
				await piste.locator('input[id^="new-action-title-"]').fill(title);
				if (actor.rng.chance(0.4)) {
					await piste
						.locator('input[id^="new-action-due-"]')
						.fill(`202${actor.rng.int(9)}-0${1 + actor.rng.int(9)}-1${actor.rng.int(9)}`);
				}
				await piste.getByRole('button', { name: 'Ajouter l’action' }).click();
				return title;
			}
		},
		{
			name: 'argument',
			weight: 2,
			async run(actor) {
				const piste = await somePiste(actor);
				const remove = piste.locator('.arguments li button');
				if (actor.rng.chance(0.3) && (await remove.count()) > 0) {
					await remove.nth(actor.rng.int(await remove.count())).click();
					return 'removed';
				}
				const side = actor.rng.pick(['pros', 'cons']);
				const text = actor.rng.words(2);
				await piste.locator(`input[id^="argument-${side}-"]`).fill(text);
				await piste.locator(`input[id^="argument-${side}-"]`).press('Enter');
				return `${side} ${text}`;
			}
		},
		{
			name: 'status',
			weight: 3,
			async run(actor) {
				const action = await someAction(actor);
				const status = actor.rng.pick(STATUSES);
				await action.getByRole('combobox', { name: /^Statut/ }).selectOption(status);
				return status;
			}
		},
		{
			name: 'move piste',
			weight: 1,
			async run(actor) {
				const panel = await editPanel(await somePiste(actor));
				const button = panel.getByRole('button', {
					name: new RegExp(`^${actor.rng.pick(['Monter', 'Descendre'])}`)
				});
				if (!(await button.isEnabled())) throw new Skip('at the end already');
				await button.click();
				return (await button.textContent()) ?? '';
			}
		},
		{
			name: 'type',
			weight: 6,
			async run(actor) {
				const onPiste = actor.rng.chance(0.5);
				const item = await (onPiste ? somePiste(actor) : someAction(actor));
				const panel = await editPanel(item);
				const ids = onPiste
					? ['piste-title-input-', 'piste-description-']
					: ['action-title-input-', 'action-notes-'];
				const id = actor.rng.pick(ids);
				const field = panel.locator(`[id^="${id}"]`);
				return `${id} ${await typeInto(actor, field)}`;
			}
		},
		{
			name: 'delete',
			weight: 2,
			async run(actor) {
				const onPiste = actor.rng.chance(0.3);
				const item = await (onPiste ? somePiste(actor) : someAction(actor));
				const panel = await editPanel(item);
				await panel.getByRole('button', { name: /^Supprimer (la piste|l’action)/ }).click();
				return onPiste ? 'piste' : 'action';
			}
		}
	],
	// The actions by status on every page (a page's choice of sub-view is its own).
	async settle(page: Page) {
		await page.getByRole('button', { name: 'Par statut' }).click();
	},
	extract: (page: Page) =>
		page.evaluate(() => {
			const text = (element: Element | null | undefined) => {
				if (!element) return null;
				const copy = element.cloneNode(true) as Element;
				copy.querySelectorAll('.badge, .visually-hidden').forEach((node) => node.remove());
				return copy.textContent?.replace(/\s+/g, ' ').trim() ?? '';
			};
			const value = (root: Element, selector: string) =>
				root.querySelector<HTMLInputElement>(selector)?.value ?? null;
			return {
				pistes: [...document.querySelectorAll<HTMLElement>('article[data-piste]')].map((piste) => ({
					id: piste.dataset.piste,
					title: text(piste.querySelector('h3')),
					titleField: value(piste, '[id^="piste-title-input-"]'),
					priority: text(piste.querySelector('.priority')),
					description: value(piste, '[id^="piste-description-"]'),
					arguments: [...piste.querySelectorAll('.arguments section')].map((side) =>
						[...side.querySelectorAll('li > span')].map(text)
					),
					actions: [...piste.querySelectorAll('ul.actions > li')].map(text)
				})),
				columns: [...document.querySelectorAll<HTMLElement>('[data-status]')].map((column) => [
					column.dataset.status,
					[...column.querySelectorAll<HTMLElement>('article[data-action]')].map((action) => ({
						id: action.dataset.action,
						title: text(action.querySelector('h4')),
						titleField: value(action, '[id^="action-title-input-"]'),
						meta: text(action.querySelector('.meta')),
						due: text(action.querySelector('.due')),
						notes: value(action, '[id^="action-notes-"]')
					}))
				])
			};
		})
};

test('the action plan converges when three people add, reorder, type, delete, undo, restore and go offline', async ({
	browser
}) => {
	await fuzz(browser, { driver: actionPlan, people: 3 });
});
