import { expect, test, type WebSocketRoute } from '@playwright/test';
import {
	addIkigaiNote,
	createBoard,
	expectSaved,
	ikigaiNote,
	openBoard,
	signedIn
} from './board-helpers';
import { DEMO } from './helpers';

/** `MESSAGE_PING` (`sync-protocol.ts`): let through, or the page would take the socket for lost. */
const PING = 101;
/** `CLOSE.outdated` (`sync-protocol.ts`). */
const OUTDATED = 4426;

test('a page older than the server is told to reload, and the reloaded page sends what it kept', async ({
	browser
}) => {
	const person = await signedIn(browser, DEMO.consultante);
	const { page } = person;
	try {
		const path = await createBoard(page, 'ikigai', 'Nouvelle version');
		// The page's socket goes through the test, which can hold the page's changes back and close
		// it as the server does for a page built for an older version of the board's kind.
		let socket: WebSocketRoute | undefined;
		let holding = false;
		await page.routeWebSocket(/\/yjs\//, (ws) => {
			socket = ws;
			const server = ws.connectToServer();
			ws.onMessage((message) => {
				const bytes = typeof message === 'string' ? Buffer.from(message) : message;
				if (!holding || (bytes.length === 1 && bytes[0] === PING)) server.send(message);
			});
		});
		await openBoard(page, path);

		holding = true;
		await addIkigaiNote(page, 'Gardée sur l’appareil');
		await expect(ikigaiNote(page, 'Gardée sur l’appareil')).toBeVisible();
		await expect(page.getByTestId('board-saved')).not.toHaveText('Enregistré');
		await socket!.close({ code: OUTDATED, reason: 'client outdated: reload' });
		await expect(page.getByTestId('board-connection')).toHaveText(
			'Une nouvelle version d’Atelier est disponible : rechargez la page pour continuer.'
		);

		// The new page: the change kept on the device reaches the server.
		holding = false;
		await page.getByRole('button', { name: 'Recharger la page' }).click();
		await expect(ikigaiNote(page, 'Gardée sur l’appareil')).toBeVisible();
		await expectSaved(page);
		const other = await signedIn(browser, DEMO.beneficiaire);
		try {
			await openBoard(other.page, path);
			await expect(ikigaiNote(other.page, 'Gardée sur l’appareil')).toBeVisible();
		} finally {
			await other.close();
		}
	} finally {
		await person.close();
	}
});
