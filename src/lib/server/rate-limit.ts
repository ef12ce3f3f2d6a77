/**
 * Token buckets by key (a person, a wall and a person…), in this node's memory: `burst` at once,
 * then one more every `everyMs`. Enough against one person's runaway client or script; it is not
 * shared between nodes (a person behind a load balancer gets up to a bucket per node). Full
 * buckets are forgotten once many are held, so the map stays small.
 */
export class KeyedRateLimit {
	readonly burst: number;
	#everyMs: number;
	#now: () => number;
	#buckets = new Map<string, { tokens: number; at: number }>();

	constructor(options: { burst: number; everyMs: number; now?: () => number }) {
		this.burst = options.burst;
		this.#everyMs = options.everyMs;
		this.#now = options.now ?? Date.now;
	}

	#refilled(bucket: { tokens: number; at: number }, now: number): number {
		return Math.min(this.burst, bucket.tokens + (now - bucket.at) / this.#everyMs);
	}

	/** Takes one token of `key`'s bucket: false when it is empty (the caller refuses). */
	take(key: string): boolean {
		const now = this.#now();
		const held = this.#buckets.get(key);
		const tokens = held ? this.#refilled(held, now) : this.burst;
		if (tokens < 1) {
			this.#buckets.set(key, { tokens, at: now });
			return false;
		}
		this.#buckets.set(key, { tokens: tokens - 1, at: now });
		if (this.#buckets.size > 10_000) {
			for (const [k, b] of this.#buckets) {
				if (this.#refilled(b, now) >= this.burst) this.#buckets.delete(k);
			}
		}
		return true;
	}
}
