import { expect, test, type Browser, type Page } from '@playwright/test';
import { addIkigaiNote, createBoard, ikigaiNote, openBoard, signedIn } from './board-helpers';
import { DEMO, loginAs } from './helpers';
import { startNetCut, type NetCut } from './net-cut';

/*
 * Offline for real: the browser reaches the app through a loopback proxy (`net-cut.ts`) that the
 * test cuts — the WebSocket and the page requests alike, not only the browser's idea of being
 * online. Each test has its own proxy port (4190–4199).
 */

const APP_PORT = Number(process.env.E2E_PORT ?? 4173);
const BOARD_DB_PREFIX = 'atelier-board-';

/** A browser context whose every request goes through `net`, signed in as `email`. */
async function throughProxy(browser: Browser, net: NetCut, email: string) {
	const context = await browser.newContext({ baseURL: net.url });
	const page = await context.newPage();
	await loginAs(page, email, net.url);
	// The service worker controls the pages from now on: what they load is kept for offline.
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
	});
	await expect
		.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null))
		.toBe(true);
	return { context, page };
}

/** Names of our IndexedDB databases in `page`'s origin. */
function boardDatabases(page: Page): Promise<string[]> {
	return page.evaluate(async (prefix) => {
		const all = await indexedDB.databases();
		return all.map((d) => d.name ?? '').filter((name) => name.startsWith(prefix));
	}, BOARD_DB_PREFIX);
}

/** The snapshot of an empty board, as the copy records it (`Y.encodeSnapshot`). */
const EMPTY_RECORD_BYTES = 2;

/** Size of the acknowledged state the board's copy recorded (`LocalCopy.remember`), 0 if none. */
function ackedRecordBytes(page: Page, boardId: string): Promise<number> {
	return page.evaluate(
		(name) =>
			new Promise<number>((resolve, reject) => {
				const open = indexedDB.open(name);
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					const read = db.transaction('custom').objectStore('custom').get('acked');
					read.onerror = () => reject(read.error);
					read.onsuccess = () => {
						db.close();
						resolve((read.result as ArrayBuffer | undefined)?.byteLength ?? 0);
					};
				};
			}),
		`${BOARD_DB_PREFIX}${boardId}`
	);
}

function pageCaches(page: Page): Promise<string[]> {
	return page.evaluate(async () =>
		(await caches.keys()).filter((name) => name.startsWith('atelier-pages-'))
	);
}

test('a half-open connection shows « Connexion perdue » within 10 s, then comes back', async ({
	browser
}) => {
	const net = await startNetCut(APP_PORT, 4190);
	const { context, page } = await throughProxy(browser, net, DEMO.consultante);
	try {
		const path = await createBoard(page, 'ikigai', 'Connexion coupée');
		await openBoard(page, path);

		net.blackhole();
		await expect(page.getByTestId('board-connection')).toHaveText('Connexion perdue', {
			timeout: 10_000
		});
		await addIkigaiNote(page, 'Pendant la coupure');
		await expect(page.getByTestId('board-saved')).toHaveText(
			'Hors ligne — vos modifications sont gardées sur cet appareil et seront envoyées au retour de la connexion'
		);

		net.restore();
		await expect(page.getByTestId('board-connection')).toHaveText('Connecté', { timeout: 20_000 });
		await expect(page.getByTestId('board-saved')).toHaveText('Enregistré');
	} finally {
		await context.close();
		await net.close();
	}
});

test('an edit made offline survives a reload offline, and reaches the other person once back', async ({
	browser
}) => {
	const net = await startNetCut(APP_PORT, 4191);
	const { context, page } = await throughProxy(browser, net, DEMO.consultante);
	const beneficiary = await signedIn(browser, DEMO.beneficiaire);
	try {
		const path = await createBoard(page, 'ikigai', 'Hors ligne pour de vrai');
		await openBoard(page, path);
		await openBoard(beneficiary.page, path);

		net.refuse();
		await expect(page.getByTestId('board-connection')).not.toHaveText('Connecté');
		await addIkigaiNote(page, 'Écrite hors ligne');
		await expect(ikigaiNote(page, 'Écrite hors ligne')).toBeVisible();
		await expect(page.getByTestId('board-saved')).toHaveText(/^Hors ligne — vos modifications/);

		// Reloaded with the network still down: the page comes from the service worker, the board
		// from the copy on this device, still unsaved.
		await page.reload();
		await expect(page.getByRole('heading', { name: 'Hors ligne pour de vrai' })).toBeVisible();
		await expect(ikigaiNote(page, 'Écrite hors ligne')).toBeVisible();
		await expect(page.getByTestId('board-saved')).toHaveText(/^Hors ligne — vos modifications/);
		await expect(ikigaiNote(beneficiary.page, 'Écrite hors ligne')).toHaveCount(0);

		// The tab is closed offline; the board is opened again once the network is back.
		await page.close();
		net.restore();
		const again = await context.newPage();
		await openBoard(again, path);
		await expect(again.getByTestId('board-saved')).toHaveText('Enregistré');
		await expect(ikigaiNote(beneficiary.page, 'Écrite hors ligne')).toBeVisible();

		// A copy the server acknowledged whole is known as saved offline too, once the copy has
		// recorded that state (`local-copy.ts`, a second after the last ack).
		const boardId = path.split('/').pop()!;
		await expect.poll(() => ackedRecordBytes(again, boardId)).toBeGreaterThan(EMPTY_RECORD_BYTES);
		net.refuse();
		await again.reload();
		await expect(ikigaiNote(again, 'Écrite hors ligne')).toBeVisible();
		await expect(again.getByTestId('board-saved')).toHaveText('Enregistré');
	} finally {
		await beneficiary.close();
		await context.close();
		await net.close();
	}
});

test('logging out wipes the boards kept on the device and the cached pages', async ({
	browser
}) => {
	const net = await startNetCut(APP_PORT, 4192);
	const { context, page } = await throughProxy(browser, net, DEMO.consultante);
	try {
		const path = await createBoard(page, 'ikigai', 'Ordinateur partagé');
		await openBoard(page, path);
		await addIkigaiNote(page, 'À effacer de cet appareil');
		await expect(page.getByTestId('board-saved')).toHaveText('Enregistré');
		const boardId = path.split('/').pop()!;
		await expect.poll(() => boardDatabases(page)).toContain(`${BOARD_DB_PREFIX}${boardId}`);
		await expect.poll(() => pageCaches(page)).not.toEqual([]);

		await page.getByRole('button', { name: 'Se déconnecter' }).click();
		await expect(page).toHaveURL(/\/login/);
		await expect.poll(() => boardDatabases(page)).toEqual([]);
		await expect.poll(() => pageCaches(page)).toEqual([]);
	} finally {
		await context.close();
		await net.close();
	}
});

test('a page shown without a session wipes what an earlier session left on the device', async ({
	browser
}) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	try {
		// As a session that ended without a logout (expired, or a browser closed) would leave it;
		// written from a response of the app that is not a page (no layout runs there).
		await page.goto('/healthz');
		await page.evaluate(
			(name) =>
				new Promise<void>((resolve, reject) => {
					const request = indexedDB.open(name);
					request.onsuccess = () => {
						request.result.close();
						resolve();
					};
					request.onerror = () => reject(request.error);
				}),
			`${BOARD_DB_PREFIX}left-behind`
		);
		expect(await boardDatabases(page)).toEqual([`${BOARD_DB_PREFIX}left-behind`]);
		await page.goto('/login');
		await expect.poll(() => boardDatabases(page)).toEqual([]);
	} finally {
		await context.close();
	}
});
