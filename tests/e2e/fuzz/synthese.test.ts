import { test, type Page } from '@playwright/test';
import { bilanIdOf } from '../helpers';
import { fuzz, typeInto, type KindDriver } from './fuzz-kit';

/** The synthèse: five live text sections; typing, deleting, undo, redo and going offline. */
const synthese: KindDriver = {
	kind: 'synthese',
	modes: ['outline'],
	ops: [
		{
			name: 'type',
			weight: 6,
			async run(actor) {
				const fields = actor.page.locator('[data-field] textarea');
				const index = actor.rng.int(await fields.count());
				return `section ${index} ${await typeInto(actor, fields.nth(index))}`;
			}
		}
	],
	extract: (page: Page) =>
		page.evaluate(() =>
			[...document.querySelectorAll<HTMLElement>('[data-field]')].map((field) => [
				field.dataset.field,
				field.querySelector('textarea')?.value
			])
		)
};

test('the synthèse converges when three people type, undo and go offline at once', async ({
	browser
}) => {
	await fuzz(browser, {
		driver: synthese,
		people: 3,
		open: async (page) => `/bilans/${await bilanIdOf(page, 'Bruno Bénéficiaire')}/synthese`
	});
});
