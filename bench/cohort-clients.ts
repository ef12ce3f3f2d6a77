/**
 * The client process of `bench/cohort.ts` (forked, driven over IPC): the participants, each a
 * stock y-websocket provider on their own copy with their own session, and, for the reference
 * phase, the facilitator's ordinary board connections (one provider per copy).
 *
 * A participant first adds a card of their own, then renames it about once a second (the pace
 * jittered by a seeded generator, so a run can be replayed): every name is a unique marker, so the
 * gallery's thumbnail of the copy (« Ajouté dans … : « marker » ») shows each edit. Times are
 * `performance.timeOrigin + performance.now()` (epoch milliseconds, as the page reports its own).
 */
import * as Y from 'yjs';
import { addCustomCard, updateCard } from '../src/lib/boards/values/model.ts';
import { connectClient, type TestClient } from '../tests/helpers/sync-client.ts';
import { seededRandom } from '../tests/helpers/random.ts';
import { until } from './abuse-tools.ts';

/** A participant's copy and session. */
export interface ParticipantSpec {
	boardId: string;
	cookie: string;
}

export type ToClients =
	| { type: 'connect'; url: string; participants: ParticipantSpec[]; seed: number }
	| { type: 'start' }
	| { type: 'clock' }
	| { type: 'watch'; cookie: string }
	| { type: 'unwatch' }
	| { type: 'report' }
	| { type: 'close' };

/** One edit: its marker, the participant's index, and when it was made. */
export interface Sent {
	marker: string;
	participant: number;
	at: number;
}

export type FromClients =
	| { type: 'connected'; ms: number }
	| { type: 'started' }
	| { type: 'clock'; now: number }
	| { type: 'watching'; synced: number; ms: number }
	| { type: 'unwatched' }
	| {
			type: 'report';
			sent: Sent[];
			/** First arrival of each marker at a reference connection. */
			seen: [marker: string, at: number][];
			/** How late the edit timers fired, worst case (this process's own lag), ms. */
			lateMs: number;
	  }
	| { type: 'closed' };

/** The marker of edit `n` of participant `index` (a card label: unique, at most 60 characters). */
export const marker = (index: number, n: number) =>
	`bench-p${String(index).padStart(2, '0')}-e${String(n).padStart(6, '0')}`;
export const MARKER_PATTERN = /bench-p\d+-e\d+/g;

const now = () => performance.timeOrigin + performance.now();
const SYNC_TIMEOUT_MS = 30_000;

interface Participant {
	client: TestClient;
	cardId: string;
	random: () => number;
	edits: number;
	timer?: ReturnType<typeof setTimeout>;
}

let url = '';
let participants: Participant[] = [];
let watchers: TestClient[] = [];
const sent: Sent[] = [];
const seen = new Map<string, number>();
let lateMs = 0;

async function synced(client: TestClient): Promise<boolean> {
	return until(() => client.provider.synced, SYNC_TIMEOUT_MS);
}

async function connect(message: Extract<ToClients, { type: 'connect' }>): Promise<FromClients> {
	const begin = performance.now();
	url = message.url;
	participants = await Promise.all(
		message.participants.map(async (spec, index) => {
			const client = connectClient(url, spec.boardId, { cookie: spec.cookie, origin: url });
			if (!(await synced(client))) throw new Error(`participant ${index}: not synced`);
			const cardId = addCustomCard(client.doc, { label: marker(index, 0) });
			return { client, cardId, random: seededRandom(message.seed + index), edits: 0 };
		})
	);
	return { type: 'connected', ms: Math.round(performance.now() - begin) };
}

/** Each participant renames their card every 0.5–1.5 s (1 s on average), from a random phase. */
function start(): void {
	participants.forEach((participant, index) => {
		let due = performance.now() + participant.random() * 1000;
		const tick = () => {
			lateMs = Math.max(lateMs, performance.now() - due);
			const label = marker(index, ++participant.edits);
			sent.push({ marker: label, participant: index, at: now() });
			updateCard(participant.client.doc, participant.cardId, { label });
			due += 500 + participant.random() * 1000;
			participant.timer = setTimeout(tick, Math.max(0, due - performance.now()));
		};
		participant.timer = setTimeout(tick, due - performance.now());
	});
}

/** The reference: one ordinary board connection per copy, as the facilitator. */
async function watch(cookie: string): Promise<FromClients> {
	const begin = performance.now();
	watchers = participants.map(({ client }) => {
		const watcher = connectClient(url, client.provider.roomname, { cookie, origin: url });
		watcher.doc.on('update', () => {
			const at = now();
			for (const card of watcher.doc.getMap<Y.Map<unknown>>('cards').values()) {
				const label = String(card.get('label'));
				if (label.startsWith('bench-') && !seen.has(label)) seen.set(label, at);
			}
		});
		return watcher;
	});
	const results = await Promise.all(watchers.map(synced));
	return {
		type: 'watching',
		synced: results.filter(Boolean).length,
		ms: Math.round(performance.now() - begin)
	};
}

function reply(message: FromClients): void {
	process.send!(message);
}

process.on('message', async (message: ToClients) => {
	switch (message.type) {
		case 'connect':
			reply(await connect(message));
			break;
		case 'start':
			start();
			reply({ type: 'started' });
			break;
		case 'clock':
			reply({ type: 'clock', now: now() });
			break;
		case 'watch':
			reply(await watch(message.cookie));
			break;
		case 'unwatch':
			for (const watcher of watchers.splice(0)) watcher.destroy();
			reply({ type: 'unwatched' });
			break;
		case 'report':
			reply({ type: 'report', sent, seen: [...seen], lateMs: Math.round(lateMs) });
			break;
		case 'close':
			for (const participant of participants) clearTimeout(participant.timer);
			for (const client of [...watchers, ...participants.map((p) => p.client)]) client.destroy();
			reply({ type: 'closed' });
			break;
	}
});
