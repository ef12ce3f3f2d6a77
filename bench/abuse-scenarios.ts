/**
 * The scenarios of `bench/abuse.ts` (see there), each against a fresh server process, and the
 * setup they share: the demo accounts' sessions and the boards, written as clients would.
 */
import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import { awarenessFrame, createBoardOver, SYNC_STEP1_FRAME } from '../tests/helpers/boards.ts';
import {
	DEMO_ACCOUNTS,
	DEMO_PASSWORD,
	demoBilanId,
	login,
	loginDemoAccounts,
	postForm,
	type DemoAccount
} from '../tests/helpers/http.ts';
import type { TestServer } from '../tests/helpers/server.ts';
import { connectClient } from '../tests/helpers/sync-client.ts';
import { Peer, sampleHealth, sleep, tally, until, untilIdle, writeAcked } from './abuse-tools.ts';
import { DESCRIPTION_MAX, LABEL_MAX, WHY_MAX } from '../src/lib/boards/values/model.ts';
import { cpuSeconds, rssBytes } from './proc.ts';

/** How hard each scenario pushes (`bench/abuse.ts` has the full and the quick sizes). */
export interface Sizes {
	/** The big board: this many updates of 140 full value cards (~190 KB each). */
	boardUpdates: number;
	step1Frames: number;
	/** Added to the server's environment in scenario 4 (a lower SYNC_MAX_DOCUMENT_BYTES). */
	lockEnv: Record<string, string>;
	/** Scenario 4: updates that each rewrite the « why » of 140 cards (~140 KB each). */
	overwrites: number;
	presence: { attackers: number; listeners: number; stateBytes: number; rounds: number };
	/** Scenario 6: sockets that never read, then sockets opened at once by one session. */
	stalled: number;
	burst: number;
}

/** What the scenarios run on, made once by `setup`. */
export interface Setup {
	sizes: Sizes;
	/** Session cookies of the demo accounts (sessions outlive the server processes). */
	cookies: Record<DemoAccount, string>;
	/** Nadia's big board, in her closed bilan: she may only read it. */
	big: string;
	bigBytes: number;
	/** How the big board was made, and Nadia's access to it. */
	bigNote: string;
	/** Small boards of Bruno's bilan, one per scenario. */
	honest: string;
	lock: string;
	presence: string;
	burst: string;
}

/** One line of a scenario's table: what, the figure now, the figure on the old code. */
export type Row = [measure: string, now: string, was?: string];

const CARDS_PER_UPDATE = 140;

const randomText = (length: number) => randomBytes(Math.ceil(length / 2)).toString('hex');

/**
 * Value cards as the model writes them, every text at its longest (`values/model.ts`): the
 * server refuses anything its schema does not allow (4422), so an abuse must look honest.
 */
function writeCards(doc: Y.Doc, prefix: string): void {
	doc.transact(() => {
		for (let i = 0; i < CARDS_PER_UPDATE; i++) {
			const card = new Y.Map<unknown>();
			doc.getMap('cards').set(`${prefix}-${i}`, card);
			card.set('label', randomText(LABEL_MAX));
			card.set('description', randomText(DESCRIPTION_MAX));
			card.set('origin', 'custom');
			card.set('pile', 'a-trier');
			card.set('why', randomText(WHY_MAX));
		}
	});
}

/** The « why » of `count` cards written again, `length` characters long: the board stays small. */
function rewriteWhy(doc: Y.Doc, count: number, length: number): void {
	doc.transact(() => {
		const cards = [...doc.getMap('cards').values()].slice(0, count) as Y.Map<unknown>[];
		for (const card of cards) card.set('why', randomText(length));
	});
}
const mib = (n: number) => `${(n / 1024 ** 2).toFixed(1)} MiB`;
const percentile = (sorted: number[], p: number) =>
	sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : NaN;
const sum = (peers: Peer[], of: (peer: Peer) => number) => peers.reduce((n, p) => n + of(p), 0);

export function bytes(n: number): string {
	if (n < 1024) return `${n} B`;
	return n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KiB` : mib(n);
}

/** `12 ms`, `2.50 s`, or `never` for what did not happen in time (Infinity). */
function duration(ms: number): string {
	if (!Number.isFinite(ms)) return 'never';
	return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/**
 * Request headers (session cookie, and the origin, whose port changes with each server process)
 * of each demo account.
 */
function headersOf(server: TestServer, cookies: Record<DemoAccount, string>) {
	const origin = server.url;
	return Object.fromEntries(
		Object.entries(cookies).map(([account, cookie]) => [account, { cookie, origin }])
	) as Record<DemoAccount, { cookie: string; origin: string }>;
}

/** The demo accounts, the boards, and the big board written as an editor would, ack by ack. */
export async function setup(server: TestServer, sizes: Sizes): Promise<Setup> {
	const cookies = await loginDemoAccounts(server.url);
	const as = headersOf(server, cookies);
	const bruno = await demoBilanId(server.url, cookies.consultante);
	const nadia = await demoBilanId(server.url, cookies.consultante, 'Nadia Bénéficiaire');
	const small = () => createBoardOver(server.url, cookies.consultante, bruno);
	const [honest, lock, presence, burst] = await Promise.all([small(), small(), small(), small()]);
	const big = await createBoardOver(server.url, cookies.consultante, nadia);

	const writer = new Peer(server.url, big, as.consultante, true);
	await writer.opened;
	const doc = new Y.Doc();
	let acked = 0;
	for (; acked < sizes.boardUpdates; acked++) {
		if (!(await writeAcked(writer, doc, (d) => writeCards(d, `g${acked}`)))) break;
	}
	const bigBytes = Y.encodeStateAsUpdate(doc).byteLength;
	const growth = acked < sizes.boardUpdates ? `, growth stopped: ${writer.end ?? 'no ack'}` : '';
	writer.close();

	// Nadia keeps the board, her consultant closes the bilan: from now on she may only read it.
	const closing = [
		await postForm(
			`${server.url}/bilans/${nadia}/cloture?/agree`,
			{ synthese: 'true', boardIds: big },
			{ cookie: cookies.beneficiaire2 }
		),
		await postForm(
			`${server.url}/bilans/${nadia}/cloture?/close`,
			{ confirm: 'on' },
			{ cookie: cookies.consultante }
		)
	];
	if (closing.some((response) => response.status !== 200)) {
		throw new Error(`closing Nadia's bilan: HTTP ${closing.map((r) => r.status).join(', ')}`);
	}
	const { board } = (await fetch(`${server.url}/api/v1/boards/${big}`, {
		headers: { cookie: cookies.beneficiaire2 }
	}).then((r) => r.json())) as { board: { access: string } };
	return {
		sizes,
		cookies,
		big,
		bigBytes,
		bigNote: `${acked} updates of ${CARDS_PER_UPDATE} cards acked${growth}; its beneficiary's access: ${board.access}`,
		honest,
		lock,
		presence,
		burst
	};
}

export async function amplifier(server: TestServer, s: Setup): Promise<Row[]> {
	const { sizes } = s;
	const as = headersOf(server, s.cookies);
	const pid = server.process.pid!;
	const writer = connectClient(server.url, s.honest, as.beneficiaire, { root: 'cards' });
	const reader = connectClient(server.url, s.honest, as.consultante, { root: 'cards' });
	const attacker = new Peer(server.url, s.big, as.beneficiaire2);
	try {
		if (!(await attacker.opened)) return [['attacker connection', attacker.end!]];
		await until(() => writer.provider.synced && reader.provider.synced, 15_000);
		await untilIdle(pid, () => 0, 30_000);
		const sentAt = new Map<string, number>();
		const arrivedAt = new Map<string, number>();
		reader.doc.getMap('cards').observe(() => {
			for (const text of reader.items())
				if (!arrivedAt.has(text)) arrivedAt.set(text, performance.now());
		});
		const health = sampleHealth(server.url);
		const edits = setInterval(() => {
			const text = `h${sentAt.size}`;
			sentAt.set(text, performance.now());
			writer.push(text);
		}, 200);
		const cpu = cpuSeconds(pid);
		const started = performance.now();
		for (let frame = 0; frame < sizes.step1Frames; frame++) attacker.send(SYNC_STEP1_FRAME);
		await untilIdle(pid, () => attacker.lastReceivedAt, 180_000);
		const used = cpuSeconds(pid) - cpu;
		const elapsed = performance.now() - started;
		clearInterval(edits);
		const healthMs = await health.stop();
		await until(() => [...sentAt.keys()].every((text) => arrivedAt.has(text)), 15_000);
		const delays = [...sentAt]
			.map(([text, at]) => (arrivedAt.get(text) ?? Infinity) - at)
			.sort((a, b) => a - b);
		const honestCloses = [...writer.closes, ...reader.closes].map((c) => c.code);
		return [
			['server CPU during the abuse', `${used.toFixed(2)} s in ${duration(elapsed)}`, '6.5 s'],
			[
				'/healthz latency p50 (max, samples)',
				`${duration(percentile(healthMs, 0.5))} (${duration(healthMs.at(-1)!)}, ${healthMs.length})`,
				'p50 2.5 s'
			],
			[
				'honest edit → other client, max (p50, edits)',
				`${duration(delays.at(-1)!)} (${duration(percentile(delays, 0.5))}, ${delays.length})`,
				'up to 5.7 s'
			],
			[
				'attacker sent → received',
				`${bytes(attacker.sent)} → ${bytes(attacker.received)}`,
				'876 B → 97 MiB'
			],
			['step 1 frames answered', `${attacker.answers} of ${sizes.step1Frames}`],
			['attacker connection', attacker.end ?? 'open'],
			['honest clients closed', honestCloses.join(', ') || 'none']
		];
	} finally {
		writer.destroy();
		reader.destroy();
		attacker.close();
	}
}

export async function lockout(server: TestServer, s: Setup): Promise<Row[]> {
	const { sizes } = s;
	const as = headersOf(server, s.cookies);
	// The attacker's document holds only what the server acknowledged: each write rewrites the
	// last accepted texts, never ones the server refused (that would be a missing dependency).
	const doc = new Y.Doc();
	const attackers: Peer[] = [];
	let accepted = 0;
	let refused = 0;
	let written = 0;
	// What one rewrite covers: halved at each refusal (cards first, then the text's length), so
	// that the attacker fills the room left under the limit down to a few bytes.
	let cards = CARDS_PER_UPDATE;
	let length = WHY_MAX;
	for (let write = 0; write <= sizes.overwrites + 40 && accepted <= sizes.overwrites; write++) {
		let peer = attackers.at(-1);
		if (!peer || peer.end) {
			peer = new Peer(server.url, s.lock, as.consultante, true);
			attackers.push(peer);
			if (!(await peer.opened)) break;
		}
		const attempt = new Y.Doc();
		Y.applyUpdate(attempt, Y.encodeStateAsUpdate(doc));
		const before = Y.encodeStateVector(attempt);
		// The first write makes the cards; each next one rewrites their texts.
		const change =
			write === 0 ? (d: Y.Doc) => writeCards(d, 'k') : (d: Y.Doc) => rewriteWhy(d, cards, length);
		if (await writeAcked(peer, attempt, change)) {
			const update = Y.encodeStateAsUpdate(attempt, before);
			Y.applyUpdate(doc, update);
			accepted++;
			written += update.byteLength;
		} else {
			refused++;
			if (cards > 1) cards = Math.floor(cards / 2);
			else if (length > 1) length = Math.floor(length / 2);
			else break;
		}
	}
	for (const peer of attackers) peer.close();

	const honest = connectClient(server.url, s.lock, as.beneficiaire, { root: 'cards' });
	try {
		const synced = await until(() => honest.provider.synced, 15_000);
		const boardBytes = Y.encodeStateAsUpdate(honest.doc).byteLength;
		honest.push('honest');
		await until(() => honest.acked.has('honest') || honest.closes.length > 0, 15_000);
		const verdict = honest.acked.has('honest')
			? 'accepted (acknowledged)'
			: honest.closes.length > 0
				? `refused: close ${honest.closes[0]!.code}`
				: 'no answer in 15 s';
		return [
			['writes accepted', `${accepted} (${bytes(written)} in all)`, '38 (~16 MiB)'],
			['writes refused', String(refused)],
			['attacker connections', tally(attackers)],
			['honest small write', verdict, 'refused: close 4413'],
			[
				'board encoded size',
				synced ? bytes(boardBytes) : 'the honest client never synced',
				'15.7 KB'
			]
		];
	} finally {
		honest.destroy();
	}
}

export async function presence(server: TestServer, s: Setup): Promise<Row[]> {
	const as = headersOf(server, s.cookies);
	const pid = server.process.pid!;
	const p = s.sizes.presence;
	const listeners = Array.from(
		{ length: p.listeners },
		(_, i) => new Peer(server.url, s.presence, i % 2 ? as.consultante : as.beneficiaire)
	);
	const attackers = Array.from(
		{ length: p.attackers },
		() => new Peer(server.url, s.presence, as.consultante)
	);
	const everyone = [...listeners, ...attackers];
	try {
		await Promise.all(everyone.map((peer) => peer.opened));
		for (const listener of listeners) listener.send(SYNC_STEP1_FRAME);
		await untilIdle(pid, () => 0, 30_000);
		for (const listener of listeners) listener.received = 0;
		const note = randomText(p.stateBytes);
		const ids = attackers.map(() => Math.floor(Math.random() * 2 ** 31));
		for (let round = 1; round <= p.rounds; round++) {
			attackers.forEach((attacker, i) =>
				attacker.send(
					awarenessFrame(
						ids[i]!,
						round,
						JSON.stringify({ user: { name: `Mallory ${round}` }, note })
					)
				)
			);
			await sleep(250);
		}
		await untilIdle(pid, () => Math.max(...listeners.map((l) => l.lastReceivedAt)), 120_000);
		return [
			['sent by the attackers', bytes(sum(attackers, (a) => a.sent))],
			['received by the listeners', bytes(sum(listeners, (l) => l.received)), '276 MiB'],
			['listeners', tally(listeners), 'one closed with 4508'],
			['attackers', tally(attackers)]
		];
	} finally {
		for (const peer of everyone) peer.close();
	}
}

export async function stalledSockets(server: TestServer, s: Setup): Promise<Row[]> {
	const { sizes } = s;
	const as = headersOf(server, s.cookies);
	const pid = server.process.pid!;
	// One reading client keeps the big board loaded: the figures are the stalled sockets' own.
	const holder = new Peer(server.url, s.big, as.consultante);
	await holder.opened;
	holder.send(SYNC_STEP1_FRAME);
	await until(() => holder.answers > 0 || holder.end !== undefined, 60_000);
	await untilIdle(pid, () => holder.lastReceivedAt, 60_000);
	const before = rssBytes(pid);
	// Spread over sessions of Nadia and her consultant, 10 sockets each: what is measured is the
	// memory that sockets that never read pin, not the cap on sockets per session or per user.
	const perSession = 10;
	const accounts = [DEMO_ACCOUNTS.beneficiaire2, DEMO_ACCOUNTS.consultante];
	const sessions = await Promise.all(
		Array.from({ length: Math.ceil(sizes.stalled / perSession) }, (_, i) =>
			login(server.url, accounts[i % accounts.length]!, DEMO_PASSWORD)
		)
	);
	const stalled = Array.from(
		{ length: sizes.stalled },
		(_, i) =>
			new Peer(server.url, s.big, {
				cookie: sessions[Math.floor(i / perSession)]!,
				origin: server.url
			})
	);
	await Promise.all(
		stalled.map(async (peer) => {
			if (!(await peer.opened)) return;
			peer.send(SYNC_STEP1_FRAME);
			peer.ws.pause();
		})
	);
	await untilIdle(pid, () => 0, 60_000);
	const during = rssBytes(pid);
	const standing = tally(stalled);
	for (const peer of stalled) peer.close();
	await untilIdle(pid, () => 0, 30_000);
	await sleep(5000);
	const after = rssBytes(pid);
	holder.close();

	const started = performance.now();
	const burst = Array.from(
		{ length: sizes.burst },
		() => new Peer(server.url, s.burst, as.consultante)
	);
	await Promise.all(burst.map((peer) => peer.opened));
	const burstMs = performance.now() - started;
	// A server may accept the upgrade, then close at once: give it a second before counting.
	await sleep(1000);
	const burstTally = tally(burst);
	for (const peer of burst) peer.close();
	const delta = (n: number) => `${n >= before ? '+' : ''}${mib(n - before)}`;
	return [
		[`${sizes.stalled} never-reading sockets (${sessions.length} sessions)`, standing],
		['server RSS before', mib(before)],
		['  with them', `${mib(during)} (${delta(during)})`],
		['  5 s after closing them', `${mib(after)} (${delta(after)})`, '+256 MiB, not released'],
		[
			`burst of ${sizes.burst} sockets, one session`,
			`${burstTally} in ${duration(burstMs)}`,
			'200 open in 0.4 s'
		]
	];
}
