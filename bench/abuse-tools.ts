/**
 * The clients and probes of `bench/abuse.ts`. The raw WebSocket clients speak just enough of the
 * sync protocol to abuse the server (sync step 1, updates, awareness), count the bytes they send
 * and receive, and record how the server ended them (a refused upgrade, a close code) instead of
 * throwing: the same abuse must run against a server that refuses it.
 */
import { WebSocket } from 'ws';
import type * as Y from 'yjs';
import { MESSAGE_ACK, MESSAGE_SYNC } from '../src/lib/boards/sync-protocol.ts';
import { syncUpdateFrame } from '../tests/helpers/boards.ts';
import { cpuSeconds } from './proc.ts';

const STEP2 = 1;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every 20 ms for at most `ms`; returns its last value. */
export async function until(condition: () => boolean, ms: number): Promise<boolean> {
	const deadline = performance.now() + ms;
	while (!condition() && performance.now() < deadline) await sleep(20);
	return condition();
}

/** One socket on `/yjs/<boardId>`, as a session (`headers`: cookie and origin) opens it. */
export class Peer {
	readonly ws: WebSocket;
	/** Payload bytes sent and received (frame headers left out). */
	sent = 0;
	received = 0;
	/** Sync step 2 frames received: the server's answers to a step 1. */
	answers = 0;
	acks = 0;
	lastReceivedAt = performance.now();
	/** How it ended: `HTTP 429` (upgrade refused), `close 4508`, `closed by us`; undefined while open. */
	end: string | undefined;
	/** True once open; false when it never opened. */
	readonly opened: Promise<boolean>;

	constructor(baseUrl: string, boardId: string, headers: Record<string, string>, acks = false) {
		const url = `${baseUrl.replace(/^http/, 'ws')}/yjs/${boardId}${acks ? '?acks=1' : ''}`;
		this.ws = new WebSocket(url, { headers, perMessageDeflate: false, handshakeTimeout: 15_000 });
		this.ws.on('message', (data: Buffer) => {
			this.received += data.byteLength;
			this.lastReceivedAt = performance.now();
			if (data[0] === MESSAGE_SYNC && data[1] === STEP2) this.answers++;
			if (data[0] === MESSAGE_ACK) this.acks++;
		});
		this.ws.on('error', (error) => {
			const status = /server response: (\d+)/.exec(error.message)?.[1];
			this.end ??= status ? `HTTP ${status}` : error.message;
		});
		this.opened = new Promise((resolve) => {
			this.ws.once('open', () => resolve(true));
			this.ws.once('close', (code) => {
				this.end ??= `close ${code}`;
				resolve(false);
			});
		});
	}

	/** Sends if still open; false otherwise. */
	send(frame: Uint8Array): boolean {
		if (this.ws.readyState !== WebSocket.OPEN) return false;
		this.ws.send(frame);
		this.sent += frame.byteLength;
		return true;
	}

	close(): void {
		this.end ??= 'closed by us';
		this.ws.terminate();
	}
}

/**
 * Applies `change` to `doc`, sends the update on `peer` (opened with acks) and waits for its ack:
 * true when acknowledged, false when the server ended the peer or did not answer in 30 s.
 */
export async function writeAcked(
	peer: Peer,
	doc: Y.Doc,
	change: (doc: Y.Doc) => void
): Promise<boolean> {
	let update: Uint8Array | undefined;
	const keep = (u: Uint8Array) => (update = u);
	doc.on('update', keep);
	change(doc);
	doc.off('update', keep);
	const expected = peer.acks + 1;
	if (!update || !peer.send(syncUpdateFrame(update))) return false;
	await until(() => peer.acks >= expected || peer.end !== undefined, 30_000);
	return peer.acks >= expected;
}

/** `open ×38, HTTP 429 ×2`: how a group of peers stands (undefined end: open). */
export function tally(peers: readonly Peer[]): string {
	const counts = new Map<string, number>();
	for (const peer of peers)
		counts.set(peer.end ?? 'open', (counts.get(peer.end ?? 'open') ?? 0) + 1);
	return [...counts].map(([end, n]) => `${end} ×${n}`).join(', ') || 'none';
}

/**
 * Waits until the server process used less than 10 % of a core over the last second and nothing
 * arrived for 2 s (`lastReceivedAt`), or `ms` passed. A server busy on one long task sends
 * nothing: its CPU, not the silence, says when it is done.
 */
export async function untilIdle(
	pid: number,
	lastReceivedAt: () => number,
	ms: number
): Promise<void> {
	const deadline = performance.now() + ms;
	let cpu = cpuSeconds(pid);
	while (performance.now() < deadline) {
		await sleep(1000);
		const now = cpuSeconds(pid);
		const idle = now - cpu < 0.1;
		cpu = now;
		if (idle && performance.now() - lastReceivedAt() > 2000) return;
	}
}

/**
 * Polls `GET /healthz` one request at a time, 100 ms apart, until stopped; the latencies, sorted
 * (Infinity for a request that failed or took over 30 s).
 */
export function sampleHealth(baseUrl: string): { stop(): Promise<number[]> } {
	const samples: number[] = [];
	let running = true;
	const loop = (async () => {
		while (running) {
			const started = performance.now();
			try {
				const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(30_000) });
				await response.arrayBuffer();
				samples.push(performance.now() - started);
			} catch {
				samples.push(Infinity);
			}
			await sleep(100);
		}
	})();
	return {
		async stop() {
			running = false;
			await loop;
			return samples.sort((a, b) => a - b);
		}
	};
}
