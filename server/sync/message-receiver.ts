import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import {
	CLOSE,
	MESSAGE_AWARENESS,
	MESSAGE_PING,
	MESSAGE_PONG,
	MESSAGE_QUERY_AWARENESS,
	MESSAGE_SYNC
} from '../../src/lib/boards/sync-protocol.ts';
import type { Committer } from './committer.ts';
import type { ClientConnection } from './connection.ts';
import type { AwarenessLimits, BoardDocument } from './document.ts';
import type { SyncMetrics } from './metrics.ts';

/** What the receiver needs from the orchestrator. */
export interface ReceiverContext {
	committer: Committer;
	metrics: SyncMetrics;
	limits: AwarenessLimits & { maxDocumentBytes: number };
	/**
	 * After an update from this node is committed (change log, fan-out, compaction), with the id
	 * of the person who sent it.
	 */
	onCommitted(
		document: BoardDocument,
		seq: number,
		update: Uint8Array,
		inOrder: boolean,
		userId: string
	): void;
	/**
	 * An accepted update of this board will not be committed: the board's memory is ahead of the
	 * log, so it is dropped and its clients resync (their step 2 brings the update back).
	 */
	onFailed(document: BoardDocument, error: Error): void;
	log(message: string, context: Record<string, unknown>): void;
}

const PONG_FRAME = new Uint8Array([MESSAGE_PONG]);

class Malformed extends Error {
	readonly reason = 'malformed';
}

/**
 * Reads one frame from a client and acts on it. Anything that does not decode exactly closes that
 * connection with a reason; nothing here can throw into the socket's event loop.
 */
export function receiveMessage(
	context: ReceiverContext,
	connection: ClientConnection,
	document: BoardDocument,
	data: Uint8Array
): void {
	// Closed by the server (a refusal, a re-check): what the client sent meanwhile is not taken.
	if (connection.closed) return;
	try {
		const decoder = decoding.createDecoder(data);
		const type = decoding.readVarUint(decoder);
		if (type === MESSAGE_SYNC) {
			receiveSync(context, connection, document, decoder);
		} else if (type === MESSAGE_AWARENESS) {
			const update = decoding.readVarUint8Array(decoder);
			expectEnd(decoder);
			if (!connection.awareness.take()) {
				context.metrics.awarenessDropped.inc({ reason: 'rate' });
				return;
			}
			const filtered = document.filterAwareness(update, connection.user.id, context.limits);
			if (filtered.outcome === 'refused') {
				refuse(context, connection, filtered.code, filtered.reason);
			} else if (filtered.outcome === 'drop') {
				context.metrics.awarenessDropped.inc({ reason: filtered.reason });
			} else if (filtered.outcome === 'apply') {
				awarenessProtocol.applyAwarenessUpdate(document.awareness, filtered.update, connection);
			}
		} else if (type === MESSAGE_PING) {
			expectEnd(decoder);
			// Its own budget: a flood of pings would make the server write as fast as it reads.
			if (!connection.pings.take()) {
				refuse(context, connection, CLOSE.rateLimited, 'too many pings');
				return;
			}
			connection.send(PONG_FRAME);
		} else if (type === MESSAGE_QUERY_AWARENESS) {
			expectEnd(decoder);
			answerRequest(context, connection, () => document.awarenessMessage());
		} else {
			throw new Malformed(`unknown message type ${type}`);
		}
	} catch (error) {
		refuse(context, connection, CLOSE.malformed, 'malformed message');
		if (!(error instanceof Malformed)) {
			context.log('sync message refused', {
				board: document.id,
				user: connection.user.id,
				error: String(error)
			});
		}
	}
}

function expectEnd(decoder: decoding.Decoder): void {
	if (decoding.hasContent(decoder)) throw new Malformed('trailing bytes');
}

function receiveSync(
	context: ReceiverContext,
	connection: ClientConnection,
	document: BoardDocument,
	decoder: decoding.Decoder
): void {
	const subtype = decoding.readVarUint(decoder);
	if (subtype === syncProtocol.messageYjsSyncStep1) {
		const stateVector = decoding.readVarUint8Array(decoder);
		expectEnd(decoder);
		answerRequest(context, connection, () => document.syncStep2(stateVector));
		return;
	}
	if (subtype !== syncProtocol.messageYjsSyncStep2 && subtype !== syncProtocol.messageYjsUpdate) {
		throw new Malformed(`unknown sync message ${subtype}`);
	}
	const update = decoding.readVarUint8Array(decoder);
	expectEnd(decoder);
	receiveUpdate(context, connection, document, update);
}

/**
 * Sends what a sync step 1 or an awareness query asks for. A few bytes may ask for a whole board,
 * so these requests have their own rate and the answers' bytes count against the sender's budget:
 * a stock client sends one step 1 per connection and never comes near either.
 */
function answerRequest(
	context: ReceiverContext,
	connection: ClientConnection,
	build: () => Uint8Array | undefined
): void {
	if (!connection.stateRequests.take()) {
		refuse(context, connection, CLOSE.rateLimited, 'too many sync requests');
		return;
	}
	const message = build();
	if (!message) return;
	if (!connection.stateBytes.take(message.byteLength)) {
		refuse(context, connection, CLOSE.rateLimited, 'too many bytes requested');
		return;
	}
	connection.send(message);
}

/**
 * The write path: validate, then apply + broadcast to this node at once and queue the commit; the
 * writer's ack (and the publication to other nodes) once it is committed. A no-op is acked once
 * everything it could repeat is durable.
 */
function receiveUpdate(
	context: ReceiverContext,
	connection: ClientConnection,
	document: BoardDocument,
	update: Uint8Array
): void {
	if (!connection.updates.take()) {
		refuse(context, connection, CLOSE.rateLimited, 'too many updates');
		return;
	}
	if (!document.fits(update.byteLength, context.limits.maxDocumentBytes)) {
		refuse(context, connection, CLOSE.tooLarge, 'document too large');
		return;
	}
	const proposal = document.propose(update, connection);
	if (proposal.outcome === 'refused') {
		refuse(context, connection, proposal.code, proposal.reason);
		return;
	}
	const ack = connection.reserveAck();
	if (proposal.outcome === 'noop') {
		document.whenDurable(ack);
		return;
	}
	context.committer.enqueue(document.id, proposal.update, (result) => {
		if ('error' in result) return context.onFailed(document, result.error);
		const inOrder = document.committed(proposal.update, result.seq);
		context.onCommitted(document, result.seq, proposal.update, inOrder, connection.user.id);
		ack(result.seq);
	});
}

function refuse(
	context: ReceiverContext,
	connection: ClientConnection,
	code: number,
	reason: string
): void {
	context.metrics.refused.inc({ reason });
	connection.close(code, reason);
}
