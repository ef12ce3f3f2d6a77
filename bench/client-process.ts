/**
 * The load generators' side of a benchmark: a forked client process spoken to by messages, one
 * answer per request in order, and the percentile of the latencies it reports.
 */
import { fork, type ChildProcess } from 'node:child_process';

/** How every bench script runs (TypeScript stripped, quiet). */
export const NODE_ARGS = ['--experimental-strip-types', '--no-warnings'];

/** A forked client script (`bench/*-clients.ts`) taking `To` messages and answering `From`. */
export class ClientProcess<To, From extends { type: string }> {
	readonly child: ChildProcess;
	#waiting: ((message: From) => void)[] = [];

	constructor(script: string) {
		this.child = fork(script, [], { execArgv: NODE_ARGS });
		this.child.on('message', (message: From) => this.#waiting.shift()?.(message));
	}

	/** Sends `message` and resolves with the next answer, which must be of type `answer`. */
	request<T extends From['type']>(message: To, answer: T): Promise<Extract<From, { type: T }>> {
		return new Promise((resolve, reject) => {
			this.#waiting.push((reply) =>
				reply.type === answer
					? resolve(reply as Extract<From, { type: T }>)
					: reject(new Error(`expected ${answer}, got ${reply.type}`))
			);
			this.child.send(message as object);
		});
	}

	/** Sends `message`, expecting no answer. */
	tell(message: To): void {
		this.child.send(message as object);
	}
}

/** The `p`th percentile of ascending `sorted` (NaN when empty). */
export function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
