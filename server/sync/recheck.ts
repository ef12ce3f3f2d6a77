import { CLOSE, FORBIDDEN_REASON } from '../../src/lib/boards/sync-protocol.ts';
import type { RecheckScope } from '../../src/lib/server/board-writer.ts';
import type { AuthorizeMany, BoardAuthorization } from './authorize.ts';
import type { ClientConnection } from './connection.ts';

/** (session, board) pairs per re-check statement: bounds how long one holds PGlite (one statement at a time). */
const RECHECK_CHUNK = 200;

export interface ReauthorizeOptions {
	/** The upgrade's own check (`authorizeBoards`): many (session, board) pairs, in order. */
	authorize: AuthorizeMany;
	log(message: string, context?: Record<string, unknown>): void;
	/** True once the server is closing: the chunks left are skipped. */
	stopped(): boolean;
}

/** True when `connection` is one of those `scope` names (by its user, or by its board). */
export function inScope(connection: ClientConnection, scope: RecheckScope): boolean {
	return Boolean(
		scope.userIds?.includes(connection.user.id) || scope.boardIds?.includes(connection.boardId)
	);
}

/**
 * Runs the upgrade's authorization again for open connections and applies the answers: a session
 * ended closes with 4401, a deleted board with 4404, a lost access with 4403 — and so does a
 * connection that may only read now (its bilan was closed): its client learns at once that it is
 * read-only (`connection.svelte.ts`), instead of at its next edit. A connection that may write
 * again is simply allowed to.
 *
 * One statement per `RECHECK_CHUNK` (session, board) pairs, whatever the number of connections,
 * with a turn of the event loop between statements: PGlite runs one statement at a time, so one
 * huge statement would hold every board's commits meanwhile.
 */
export async function reauthorize(
	connections: Iterable<ClientConnection>,
	options: ReauthorizeOptions
): Promise<void> {
	const groups = new Map<string, ClientConnection[]>();
	for (const connection of connections) {
		const key = `${connection.sessionToken}\n${connection.boardId}`;
		const group = groups.get(key);
		if (group) group.push(connection);
		else groups.set(key, [connection]);
	}
	const all = [...groups.values()];
	for (let at = 0; at < all.length && !options.stopped(); at += RECHECK_CHUNK) {
		if (at > 0) await new Promise((resolve) => setImmediate(resolve));
		await recheckGroups(all.slice(at, at + RECHECK_CHUNK), options);
	}
}

/** Re-checks groups of connections sharing a session and a board. */
async function recheckGroups(
	groups: ClientConnection[][],
	options: ReauthorizeOptions
): Promise<void> {
	let answers: BoardAuthorization[];
	try {
		answers = await options.authorize(
			groups.map(([first]) => ({ token: first!.sessionToken, boardId: first!.boardId }))
		);
	} catch (error) {
		// The database is briefly away: keep the connections, check again next round.
		options.log('session re-check failed', { error: String(error) });
		return;
	}
	groups.forEach((connections, i) => {
		const auth = answers[i]!;
		for (const connection of connections) {
			if (auth.status === 200) {
				if (auth.readOnly && !connection.readOnly)
					connection.close(CLOSE.forbidden, FORBIDDEN_REASON.nowReadOnly);
				else connection.readOnly = auth.readOnly;
			} else if (auth.status === 401) connection.close(CLOSE.unauthenticated, 'session ended');
			else if (auth.status === 404) connection.close(CLOSE.gone, 'board deleted');
			else connection.close(CLOSE.forbidden, FORBIDDEN_REASON.revoked);
		}
	});
}
