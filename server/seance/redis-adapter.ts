import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import type { Log } from './types.ts';

/**
 * Entries the adapter's stream keeps (approximate trimming). Each broadcast is an entry, and a
 * recovered connection reads those after its last one: ~100,000 entries of ~300 bytes (~30 MB)
 * hold two minutes (the recovery window) at ~800 events per second for the whole cluster. Further
 * behind, the connection is not recovered: the client connects afresh and gets the state again.
 */
const STREAM_MAX_LEN = 100_000;

/**
 * socket.io's Redis Streams adapter on an ioredis client: broadcasts, `fetchSockets`,
 * `serverSideEmit` and `disconnectSockets` reach every node, and the sessions of connection state
 * recovery are kept in Redis. Names of its own (`atelier:seance…`), apart from the board sync's
 * stream.
 *
 * While Redis is away the adapter must neither crash the process nor hold the sockets: the client
 * it commands fails a command after one reconnection attempt (a broadcast then still reaches this
 * node's sockets), and the two commands it fires without waiting (PUBLISH of node-to-node
 * messages, SET of a session) have their failures logged instead of left unhandled. Its stream
 * reader and subscriber (`duplicate`) wait for Redis instead, and resume when it is back.
 */
export function createRedisAdapter(url: string, log: Log) {
	let lastError = '';
	const onError = (error: Error) => {
		if (error.message !== lastError) log('seance redis error', { error: error.message });
		lastError = error.message;
	};
	const client = new Redis(url, { maxRetriesPerRequest: 1 });
	client.on('error', onError);
	client.on('ready', () => (lastError = ''));
	const waiting: Redis[] = [];
	client.duplicate = () => {
		const duplicate = new Redis(url, { maxRetriesPerRequest: null });
		duplicate.on('error', onError);
		waiting.push(duplicate);
		return duplicate;
	};
	const publish = client.publish.bind(client);
	client.publish = ((channel: string, message: string | Buffer) =>
		publish(channel, message).catch((error: unknown) => {
			log('seance redis publish failed', { error: String(error) });
			return 0;
		})) as typeof client.publish;
	const set = client.set.bind(client) as (...args: unknown[]) => Promise<unknown>;
	client.set = ((...args: unknown[]) =>
		set(...args).catch((error: unknown) => {
			log('seance redis session not kept', { error: String(error) });
			return null;
		})) as typeof client.set;
	return {
		adapter: createAdapter(client, {
			streamName: 'atelier:seance',
			channelPrefix: 'atelier:seance',
			sessionKeyPrefix: 'atelier:seance:session:',
			maxLen: STREAM_MAX_LEN,
			// Every event of the protocol is JSON: no binary attachments to look for.
			onlyPlaintext: true
		}),
		/** After `io.close()` (which stops the adapter's reader). */
		async close(): Promise<void> {
			for (const duplicate of waiting) duplicate.disconnect();
			await client.quit().catch(() => client.disconnect());
		}
	};
}
