/**
 * The board sync protocol, shared by the server (`server/sync/`) and the browser client
 * (`connection.svelte.ts`). It is the y-websocket protocol (y-protocols sync + awareness) plus one
 * message of ours, the ack. See `server/CONTEXT.md` for the guarantees behind it.
 *
 * Every frame is binary and starts with a varUint message type (lib0 encoding).
 */

/** y-protocols sync: then a varUint sub-type (0 step 1, 1 step 2, 2 update) and a varUint8Array. */
export const MESSAGE_SYNC = 0;
/** y-protocols awareness: then a varUint8Array awareness update. */
export const MESSAGE_AWARENESS = 1;
/** y-protocols auth: sent by nobody here (refusals are close codes), listed for completeness. */
export const MESSAGE_AUTH = 2;
/** Asks the other side for every awareness state it holds. */
export const MESSAGE_QUERY_AWARENESS = 3;
/**
 * Ours, server → client only, when the connection URL carries `acks=1`: `[100, varUint seq]`,
 * one per sync step 2 / update frame the client sent, in the same order, sent once that write is
 * committed to the database (`seq` is the board's log sequence that contains it).
 */
export const MESSAGE_ACK = 100;
/**
 * Ours, client → server: `[101]`, a heartbeat. The server answers each with a pong. Our browser
 * client pings every `PING_INTERVAL_MS` while connected and gives a socket up as lost when a
 * ping got no frame back within `PONG_TIMEOUT_MS`: a half-open connection (packets silently
 * dropped) would otherwise look open for minutes. Stock y-websocket clients never send it.
 */
export const MESSAGE_PING = 101;
/** Ours, server → client: `[102]`, the answer to a ping. */
export const MESSAGE_PONG = 102;

/** How often the browser client pings while connected. */
export const PING_INTERVAL_MS = 3_000;
/**
 * How long after a ping the browser client waits for any frame before giving the socket up:
 * « Connexion perdue » shows at most interval + timeout (+ the client's 0.5 s checks) after the
 * cut: 8 s, under the 10 s promised.
 * Measured from the ping, not from the last frame: a background tab whose timers the browser
 * slows down sends its pings late, and must not take a quiet board for a dead socket.
 */
export const PONG_TIMEOUT_MS = 4_000;

/** Query parameter a client sets to receive acks (stock y-websocket clients leave it out). */
export const ACKS_PARAM = 'acks';

/**
 * Query parameter carrying the version of the board's kind (`BoardKind.version`) the page was
 * built with. The sync server closes a client older than its kind (`CLOSE.outdated`) or newer
 * (`CLOSE.serverOutdated`); a client without it (a stock y-websocket client) is not checked: the
 * schema still guards what it writes.
 */
export const VERSION_PARAM = 'v';

/** URL path prefix of the endpoint: `/yjs/<boardId>`. */
export const SYNC_PATH = '/yjs';

/**
 * Close codes. 4400–4499 are final (y-websocket's provider stops reconnecting: reconnecting would
 * not help); 4500–4599 and 1xxx are transient (the provider reconnects and resyncs, losing
 * nothing: the client still holds its edits and sends them again in its sync step 2).
 */
export const CLOSE = {
	/** A frame that does not decode, an unknown message type, or an update that does not apply. */
	malformed: 4400,
	/** The session ended (logout, expiry, revocation). */
	unauthenticated: 4401,
	/**
	 * A read-only member tried to write, the person lost access to the board, or may only read it
	 * from now on (its bilan was closed): the reason says which (`FORBIDDEN_REASON`).
	 */
	forbidden: 4403,
	/** The board was deleted. */
	gone: 4404,
	/** The update writes something the board kind's schema refuses (`doc-schema.ts`). */
	invalid: 4422,
	/** The document would exceed the maximum size. */
	tooLarge: 4413,
	/**
	 * The update changes a part of the board the consultant locked (`BoardLock`): final, since the
	 * client would send the same change again. Reloading drops it.
	 */
	locked: 4423,
	/**
	 * A presence (awareness state) larger than the server accepts: final, since the same client
	 * would send the same state again.
	 */
	awarenessTooLarge: 4431,
	/**
	 * The page was built for an older version of the board's kind than the server's (a deploy
	 * happened since it loaded): it must reload to get the new one. Final; the board's copy on the
	 * device is kept, and sent again by the new page.
	 */
	outdated: 4426,
	/** The update depends on content the server does not have yet: reconnect and resync. */
	resync: 4500,
	/**
	 * Too many updates, sync requests (step 1, query awareness) or bytes asked for, or too many
	 * frames before the board was loaded. Transient: a stock client sends one step 1 per
	 * connection, so after reconnecting it is within its limits again.
	 */
	rateLimited: 4529,
	/**
	 * The page is newer than this server's kind (a deploy in progress: this node still runs the
	 * old version). Transient: the client retries until it reaches an upgraded node, keeping its
	 * changes; sending them to the old schema could have them refused for good.
	 */
	serverOutdated: 4526,
	/** The database refused the write: nothing was acknowledged, reconnect and resend. */
	unavailable: 4503,
	/** The server is shutting down. */
	goingAway: 1001
} as const;

/** The reasons sent with a 4403, so the client can tell them apart. */
export const FORBIDDEN_REASON = {
	/** A read-only member sent a change. */
	readOnlyWrite: 'read-only',
	/** The person may read the board but no longer write (its bilan was closed). */
	nowReadOnly: 'read only',
	/** The person may no longer see the board. */
	revoked: 'access revoked'
} as const;

export type CloseCode = (typeof CLOSE)[keyof typeof CLOSE];

/** True for close codes after which reconnecting cannot help. */
export function isFinalClose(code: number): boolean {
	return code >= 4400 && code < 4500;
}
