import {
	expect,
	test,
	type Browser,
	type BrowserContext,
	type Locator,
	type Page
} from '@playwright/test';
import { createBoard, signedIn, type Person } from '../board-helpers';
import { DEMO } from '../helpers';
import { seededRandom } from '../../helpers/random';

/**
 * Convergence in the browser (issue 12): two or three signed-in browser contexts run seeded
 * random sequences of a board kind's operations through its UI, at the same time; once every
 * page says « Enregistré », each page's rendered board (in each view, without reloading) must
 * equal what a page opened afterwards renders. Operations may fail for good reasons (the item
 * was just deleted by the other, a limit): they are logged and skipped; only convergence (and
 * no uncaught error in a page) is asserted.
 *
 * `FUZZ_SEED=<n>` reruns one seed, `FUZZ_STEPS=<n>` sets each person's number of operations.
 * The seed fixes each person's choices, not how the two sequences interleave in time.
 */

/** Seeded choices, enough to replay a sequence of operations. */
export class Rng {
	readonly next: () => number;
	constructor(seed: number) {
		this.next = seededRandom(seed);
	}
	/** An integer in [0, n). */
	int(n: number): number {
		return Math.floor(this.next() * n);
	}
	chance(p: number): boolean {
		return this.next() < p;
	}
	pick<T>(items: readonly T[]): T {
		if (items.length === 0) throw new Skip('nothing to choose from');
		return items[this.int(items.length)]!;
	}
	/** A few words, accents included (the fields take any text). */
	words(max = 3): string {
		const count = 1 + this.int(max);
		return Array.from({ length: count }, () => this.pick(WORDS)).join(' ');
	}
}

const WORDS = [
	'écoute',
	'bois',
	'Léa',
	'œuvre',
	'été',
	'ça',
	'soin',
	'jardin',
	'CAP',
	'zèle',
	'ok'
];

/** An operation that cannot be done now (nothing to act on, offline…): not a failure. */
export class Skip extends Error {}

export const FUZZ_STEPS = Number(process.env.FUZZ_STEPS ?? 8);
export const FUZZ_SEED = process.env.FUZZ_SEED
	? Number(process.env.FUZZ_SEED)
	: Math.floor(Math.random() * 2 ** 32);

/** One person on the board: their context, page and own sequence of choices. */
export interface Actor {
	name: string;
	page: Page;
	context: BrowserContext;
	rng: Rng;
	offline: boolean;
}

/** What the people share during one run: the board's address and the snapshots taken. */
export interface Run {
	path: string;
	snapshots: string[];
	count: number;
}

export interface Op {
	name: string;
	weight: number;
	/** Returns a few words for the log (what was picked). Throws Skip when not possible now. */
	run(actor: Actor, run: Run): Promise<string | void>;
}

export type Mode = 'live' | 'outline';

/** A board kind as the fuzzer drives it. */
export interface KindDriver {
	kind: string;
	ops: Op[];
	/** The views to compare (the synthèse has one). */
	modes: readonly Mode[];
	/** The rendered items of `page` in its current view, as plain data (runs in the page). */
	extract(page: Page, mode: Mode): Promise<unknown>;
	/** Puts a page into a comparable state (a sub-view choice, an editor closed…). */
	settle?(page: Page): Promise<void>;
	/** Waits, once the page is connected, until the board can be used (a canvas mounted…). */
	ready?(page: Page): Promise<void>;
}

export interface FuzzOptions {
	driver: KindDriver;
	people?: 2 | 3;
	/** Opens (or creates) the board for the first person; returns its path. */
	open?: (page: Page) => Promise<string>;
	steps?: number;
	seed?: number;
}

/** Runs one fuzz: sign in, open the board everywhere, run the sequences, then compare. */
export async function fuzz(browser: Browser, options: FuzzOptions): Promise<void> {
	const { driver } = options;
	const seed = options.seed ?? FUZZ_SEED;
	const steps = options.steps ?? FUZZ_STEPS;
	// Signing in and comparing take about a minute on a loaded machine; then a few seconds a step.
	test.setTimeout(90_000 + steps * 4_000);
	const log: string[] = [`kind=${driver.kind} FUZZ_SEED=${seed} FUZZ_STEPS=${steps}`];
	const errors: string[] = [];
	const persons: Person[] = [];
	const began = performance.now();
	try {
		const accounts = [DEMO.consultante, DEMO.beneficiaire, DEMO.consultante];
		const names = ['consultante', 'beneficiaire', 'consultante-2'];
		const count = options.people ?? 2;
		persons.push(
			...(await Promise.all(accounts.slice(0, count).map((email) => signedIn(browser, email))))
		);
		const path = options.open
			? await options.open(persons[0]!.page)
			: await createBoardFor(persons[0]!.page, driver.kind);
		const actors: Actor[] = persons.map((person, i) => ({
			name: names[i]!,
			page: person.page,
			context: person.page.context(),
			rng: new Rng(seed + i * 7919),
			offline: false
		}));
		for (const actor of actors) {
			actor.page.on('pageerror', (error) => {
				errors.push(`${actor.name}: ${error.message}`);
				// In the log too, where it happened among the operations, with where in the code.
				const where = error.stack?.split('\n').slice(1, 4).join(' | ') ?? '';
				log.push(`!! ${actor.name} page error: ${error.message} ${where}`);
			});
			await openLive(actor.page, path);
			await driver.ready?.(actor.page);
			// Quick failures for operations that cannot happen; the final checks wait longer.
			actor.page.setDefaultTimeout(3_000);
		}
		log.push(`— ${count} people on ${path} after ${Math.round(performance.now() - began)} ms`);
		const run: Run = { path, snapshots: [], count: 0 };
		await Promise.all(actors.map((actor) => sequence(driver, actor, run, steps, log)));
		log.push(`— quiescence after ${Math.round(performance.now() - began)} ms`);
		await quiesce(actors);
		log.push(`— saved after ${Math.round(performance.now() - began)} ms`);
		await compare(browser, driver, actors, path, persons);
		log.push(`— compared after ${Math.round(performance.now() - began)} ms`);
		expect(errors, 'uncaught errors in the pages').toEqual([]);
		await test.info().attach('fuzz-log', { body: log.join('\n'), contentType: 'text/plain' });
		if (process.env.FUZZ_LOG) console.log(log.join('\n'));
	} catch (error) {
		const text = log.join('\n');
		console.error(`\nFuzz failed — rerun with FUZZ_SEED=${seed} FUZZ_STEPS=${steps}\n${text}\n`);
		await test.info().attach('fuzz-log', { body: text, contentType: 'text/plain' });
		if (errors.length > 0) console.error(`page errors:\n${errors.join('\n')}`);
		throw error;
	} finally {
		for (const person of persons) await person.close();
	}
}

function createBoardFor(page: Page, kind: string): Promise<string> {
	return createBoard(page, kind, `Fuzz ${kind} ${Date.now()}`);
}

async function openLive(page: Page, path: string): Promise<void> {
	await page.goto(path);
	await expect(page.getByTestId('board-connection')).toHaveText('Connecté');
	await expect(page.getByText('Chargement du tableau…')).toHaveCount(0);
}

async function sequence(driver: KindDriver, actor: Actor, run: Run, steps: number, log: string[]) {
	const ops = [...driver.ops, ...commonOps(driver)];
	const total = ops.reduce((sum, op) => sum + op.weight, 0);
	for (let step = 0; step < steps; step++) {
		let roll = actor.rng.next() * total;
		const op = ops.find((candidate) => (roll -= candidate.weight) < 0) ?? ops[0]!;
		const at = `${actor.name}#${step} ${op.name}`;
		try {
			const began = Date.now();
			const detail = await op.run(actor, run);
			log.push(`${at}${detail ? ` ${detail}` : ''} (${Date.now() - began} ms)`);
		} catch (error) {
			const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
			log.push(`${at} — skipped (${reason})`);
			await recover(actor.page);
		}
	}
}

/** After a refused or impossible operation: no menu, field or drag left half-done. */
async function recover(page: Page): Promise<void> {
	await page.mouse.up().catch(() => {});
	await page.keyboard.press('Escape').catch(() => {});
	await blur(page);
}

export async function blur(page: Page): Promise<void> {
	await page
		.evaluate(() => (document.activeElement as HTMLElement | null)?.blur?.())
		.catch(() => {});
}

/** Undo, redo, view switch, snapshot, restore, offline: what every board page offers. */
function commonOps(driver: KindDriver): Op[] {
	const boardPage = driver.modes.length > 1;
	const ops: Op[] = [
		{ name: 'undo', weight: 2, run: (actor) => history(actor, 'undo') },
		{ name: 'redo', weight: 1, run: (actor) => history(actor, 'redo') },
		{
			name: 'offline',
			weight: 1,
			async run(actor) {
				actor.offline = !actor.offline;
				await actor.context.setOffline(actor.offline);
				return actor.offline ? 'off' : 'back on';
			}
		}
	];
	if (!boardPage) return ops;
	return [
		...ops,
		{
			name: 'view',
			weight: 1,
			async run(actor) {
				const next = (await modeOf(actor.page)) === 'live' ? 'outline' : 'live';
				await setMode(actor.page, next);
				return next;
			}
		},
		{ name: 'snapshot', weight: 1.5, run: takeSnapshot },
		{ name: 'restore', weight: 1.5, run: restoreSnapshot }
	];
}

async function history(actor: Actor, which: 'undo' | 'redo'): Promise<string> {
	const { page, rng } = actor;
	if (rng.chance(0.5)) {
		const button = page.getByRole('button', { name: which === 'undo' ? 'Annuler' : 'Rétablir' });
		if (!(await button.first().isEnabled())) throw new Skip(`nothing to ${which}`);
		await button.first().click();
		return 'button';
	}
	// The keys, wherever the focus is (a text field undoes through the same session).
	const keys = which === 'undo' ? 'Control+z' : rng.pick(['Control+Shift+z', 'Control+y']);
	await page.keyboard.press(keys);
	return keys;
}

export async function modeOf(page: Page): Promise<Mode> {
	const live = page.getByRole('button', { name: 'Vue tableau' });
	return (await live.getAttribute('aria-pressed')) === 'true' ? 'live' : 'outline';
}

export async function setMode(page: Page, mode: Mode): Promise<void> {
	const name = mode === 'live' ? 'Vue tableau' : 'Vue liste (clavier, lecteur d’écran)';
	const button = page.getByRole('button', { name, exact: true });
	await button.click();
	await expect(button).toHaveAttribute('aria-pressed', 'true');
}

async function takeSnapshot(actor: Actor, run: Run): Promise<string> {
	if (actor.offline) throw new Skip('offline');
	const { page } = actor;
	const label = `Fuzz ${actor.name} ${++run.count}`;
	const details = page.locator('details', { has: page.locator('#snapshot-label') });
	if (!(await details.evaluate((element) => (element as HTMLDetailsElement).open))) {
		await details.locator('summary').click();
	}
	await page.locator('#snapshot-label').fill(label);
	await page.getByRole('button', { name: 'Enregistrer dans le dossier' }).click();
	await expect(page.getByText(`C’est enregistré dans le dossier : « ${label} ».`)).toBeVisible({
		timeout: 10_000
	});
	run.snapshots.push(label);
	return label;
}

/** Goes back to a snapshot from another tab of the same person: the board page stays open. */
async function restoreSnapshot(actor: Actor, run: Run): Promise<string> {
	if (actor.offline) throw new Skip('offline');
	const label = actor.rng.pick(run.snapshots);
	const tab = await actor.context.newPage();
	try {
		tab.setDefaultTimeout(10_000);
		await tab.goto(`${run.path}/comparer`);
		await tab.getByRole('link', { name: label, exact: true }).click();
		await tab.getByRole('button', { name: 'Revenir à cette version…' }).click();
		await tab.getByRole('button', { name: 'Oui, revenir à cette version' }).click();
		await expect(tab.getByText('a repris le contenu')).toBeVisible({ timeout: 10_000 });
	} finally {
		await tab.close();
	}
	return label;
}

/** One of the elements `locator` matches, at random (Skip when there is none). */
export async function pickOne(actor: Actor, locator: Locator): Promise<Locator> {
	const count = await locator.count();
	if (count === 0) throw new Skip('none here');
	return locator.nth(actor.rng.int(count));
}

/** Opens a `<details>` (an edit or add panel) unless it is open already. */
export async function openDetails(details: Locator): Promise<void> {
	if (!(await details.evaluate((element) => (element as HTMLDetailsElement).open))) {
		await details.locator('summary').click();
	}
}

/**
 * Types into a text field at a random caret (sometimes over a selection, sometimes deleting),
 * key by key so two people's typing interleaves. A field that is not live (a plain input saved
 * on `change`) is left with Tab, which saves it.
 */
export async function typeInto(actor: Actor, field: Locator): Promise<string> {
	const { page, rng } = actor;
	await field.focus();
	const length = await field.evaluate((element) => (element as HTMLInputElement).value.length);
	const start = rng.int(length + 1);
	const end = rng.chance(0.2) ? Math.min(length, start + 1 + rng.int(6)) : start;
	await field.evaluate(
		(element, [from, to]) => (element as HTMLInputElement).setSelectionRange(from!, to!),
		[start, end]
	);
	// A key up tells the field where its caret is (it keeps it relative to the text).
	await page.keyboard.press('Shift');
	let detail: string;
	if (rng.chance(0.25) && length > 0) {
		const count = 1 + rng.int(4);
		for (let i = 0; i < count; i++) await page.keyboard.press('Backspace', { delay: 15 });
		detail = `at ${start}-${end} ⌫×${count}`;
	} else {
		const text = rng.words(2) + ' ';
		await field.pressSequentially(text, { delay: 10 + rng.int(30) });
		detail = `at ${start}-${end} «${text}»`;
	}
	const live = await field.evaluate((element) => element.closest('[data-field]') !== null);
	if (!live || rng.chance(0.5)) await page.keyboard.press('Tab');
	return detail;
}

async function quiesce(actors: Actor[]): Promise<void> {
	for (const actor of actors) {
		actor.offline = false;
		await actor.context.setOffline(false);
		await actor.page.mouse.up().catch(() => {});
		await blur(actor.page);
	}
	for (const actor of actors) {
		await expect(actor.page.getByTestId('board-connection'), `${actor.name} connected`).toHaveText(
			'Connecté',
			{ timeout: 30_000 }
		);
		await expect(actor.page.getByTestId('board-saved'), `${actor.name} saved`).toHaveText(
			'Enregistré',
			{ timeout: 30_000 }
		);
	}
}

/**
 * A page opened now (a new context: nothing cached) is the reference; every person's page, as
 * it is, must render the same items, in each view.
 */
async function compare(
	browser: Browser,
	driver: KindDriver,
	actors: Actor[],
	path: string,
	persons: Person[]
): Promise<void> {
	const witness = await signedIn(browser, DEMO.consultante);
	persons.push(witness);
	await openLive(witness.page, path);
	await driver.ready?.(witness.page);
	const pages = [{ name: 'fresh page', page: witness.page }, ...actors];
	for (const mode of driver.modes) {
		for (const { page } of pages) {
			if (driver.modes.length > 1) await setMode(page, mode);
			await driver.settle?.(page);
		}
		await expect(async () => {
			const expected = await driver.extract(witness.page, mode);
			for (const actor of actors) {
				expect(await driver.extract(actor.page, mode), `${actor.name}, ${mode} view`).toEqual(
					expected
				);
			}
		}).toPass({ timeout: 15_000 });
	}
}
