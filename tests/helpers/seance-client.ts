import { io, type Socket } from 'socket.io-client';
import {
	SEANCE_PATH,
	SEANCE_PROTOCOL_VERSION,
	type ClientToServerEvents,
	type SeanceMode,
	type SeanceServerEvent,
	type ServerToClientEvents
} from '../../src/lib/seance/protocol.ts';

export type SeanceClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A séance page in a test: a real socket.io client (WebSocket only, as the browser's), with the
 * cookie and Origin a browser would send, recording everything the server sends it.
 */
export interface SeanceTestClient {
	socket: SeanceClientSocket;
	/** Every event received, in order (kept across reconnections). */
	received: { event: SeanceServerEvent; args: unknown[] }[];
	/** The arguments of every `event` received so far. */
	all<E extends SeanceServerEvent>(event: E): Parameters<ServerToClientEvents[E]>[];
	/** The arguments of the last `event` received, or undefined. */
	last<E extends SeanceServerEvent>(event: E): Parameters<ServerToClientEvents[E]> | undefined;
	/** `connect_error` messages (a `SEANCE_REFUSAL`) and disconnection reasons, in order. */
	refusals: string[];
	disconnects: string[];
	close(): void;
}

export interface SeanceClientOptions {
	headers: Record<string, string>;
	bilanId: string;
	mode?: SeanceMode;
	version?: number;
	/** The `auth` sent as is instead of the one built from the options. */
	auth?: Record<string, unknown>;
}

/** Connects a séance client to `url` (the app's origin); it reconnects as a browser's does. */
export function connectSeance(url: string, options: SeanceClientOptions): SeanceTestClient {
	const socket: SeanceClientSocket = io(url, {
		path: SEANCE_PATH,
		transports: ['websocket'],
		extraHeaders: options.headers,
		auth: options.auth ?? {
			version: options.version ?? SEANCE_PROTOCOL_VERSION,
			bilanId: options.bilanId,
			mode: options.mode ?? 'join'
		},
		forceNew: true,
		reconnectionDelay: 50,
		reconnectionDelayMax: 200
	});
	const received: SeanceTestClient['received'] = [];
	const refusals: string[] = [];
	const disconnects: string[] = [];
	socket.onAny((event: SeanceServerEvent, ...args: unknown[]) => received.push({ event, args }));
	socket.on('connect_error', (error) => refusals.push(error.message));
	socket.on('disconnect', (reason) => disconnects.push(reason));
	const all = <E extends SeanceServerEvent>(event: E) =>
		received
			.filter((entry) => entry.event === event)
			.map((entry) => entry.args as Parameters<ServerToClientEvents[E]>);
	return {
		socket,
		received,
		all,
		last: (event) => all(event).at(-1),
		refusals,
		disconnects,
		close: () => socket.disconnect()
	};
}
