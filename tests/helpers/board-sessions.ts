import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { Awareness } from 'y-protocols/awareness';
import type { BoardKind } from '../../src/lib/boards/kind.ts';
import { BoardSession } from '../../src/lib/boards/session.svelte.ts';

/** One client of a board in a binding test: its session and what to clean up. */
export interface TestClient {
	doc: Y.Doc;
	awareness: Awareness;
	session: BoardSession;
}

/**
 * Clients of one board whose document updates and presence are exchanged at once, as the sync
 * server would relay them. Call `destroy()` after the test: each awareness runs a timer.
 */
export function linkedSessions(
	kind: BoardKind,
	people: readonly { name: string; readOnly?: boolean }[]
): { clients: TestClient[]; destroy(): void } {
	const origin = new Y.Doc();
	kind.init(origin);
	const initial = Y.encodeStateAsUpdate(origin);
	const clients = people.map(({ name, readOnly = false }) => {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, initial, 'server');
		const awareness = new Awareness(doc);
		const session = new BoardSession({
			doc,
			awareness,
			roots: kind.schema.roots,
			user: { name, colour: '#1f5f8b' },
			readOnly: () => readOnly
		});
		return { doc, awareness, session };
	});
	for (const from of clients) {
		for (const to of clients) {
			if (from === to) continue;
			from.doc.on('update', (update: Uint8Array, source: unknown) => {
				if (source !== 'remote') Y.applyUpdate(to.doc, update, 'remote');
			});
			const share = () =>
				awarenessProtocol.applyAwarenessUpdate(
					to.awareness,
					awarenessProtocol.encodeAwarenessUpdate(from.awareness, [from.doc.clientID]),
					'remote'
				);
			from.awareness.on('update', share);
			share();
		}
	}
	return {
		clients,
		destroy: () => {
			for (const client of clients) {
				client.session.destroy();
				client.awareness.destroy();
			}
		}
	};
}
