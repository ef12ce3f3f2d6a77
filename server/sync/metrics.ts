/**
 * Prometheus metrics of the sync server, rendered in the text exposition format by `/metrics`.
 * Hand-written (a few counters, gauges and one histogram) rather than a client library: nothing
 * else in the process needs one.
 */

type Labels = Record<string, string>;

function labelText(labels: Labels): string {
	const entries = Object.entries(labels);
	if (entries.length === 0) return '';
	return `{${entries.map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`).join(',')}}`;
}

class Counter {
	readonly values = new Map<string, number>();
	readonly name: string;
	readonly help: string;
	constructor(name: string, help: string) {
		this.name = name;
		this.help = help;
	}
	inc(labels: Labels = {}, by = 1): void {
		const key = labelText(labels);
		this.values.set(key, (this.values.get(key) ?? 0) + by);
	}
	render(): string {
		const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
		if (this.values.size === 0) lines.push(`${this.name} 0`);
		for (const [labels, value] of this.values) lines.push(`${this.name}${labels} ${value}`);
		return lines.join('\n');
	}
}

class Histogram {
	readonly counts: number[];
	readonly name: string;
	readonly help: string;
	readonly buckets: number[];
	sum = 0;
	count = 0;
	constructor(name: string, help: string, buckets: number[]) {
		this.name = name;
		this.help = help;
		this.buckets = buckets;
		this.counts = buckets.map(() => 0);
	}
	observe(value: number): void {
		this.sum += value;
		this.count++;
		this.buckets.forEach((bound, i) => {
			if (value <= bound) this.counts[i]!++;
		});
	}
	render(): string {
		const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
		this.buckets.forEach((bound, i) =>
			lines.push(`${this.name}_bucket{le="${bound}"} ${this.counts[i]}`)
		);
		lines.push(`${this.name}_bucket{le="+Inf"} ${this.count}`);
		lines.push(`${this.name}_sum ${this.sum}`, `${this.name}_count ${this.count}`);
		return lines.join('\n');
	}
}

/** Every metric of the sync server; gauges are read from the live state when rendering. */
export class SyncMetrics {
	readonly updatesCommitted = new Counter(
		'atelier_sync_updates_committed_total',
		'Board updates appended to the database and broadcast.'
	);
	readonly updateBytes = new Counter(
		'atelier_sync_update_bytes_total',
		'Bytes of board updates committed.'
	);
	readonly commits = new Counter(
		'atelier_sync_commits_total',
		'Group-commit transactions, by outcome.'
	);
	readonly commitSeconds = new Histogram(
		'atelier_sync_commit_seconds',
		'Duration of a group-commit transaction.',
		[0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]
	);
	readonly refused = new Counter(
		'atelier_sync_refused_total',
		'Messages refused or connections closed by the server, by reason.'
	);
	readonly upgradesRefused = new Counter(
		'atelier_sync_upgrades_refused_total',
		'WebSocket upgrades refused, by HTTP status.'
	);
	readonly awarenessDropped = new Counter(
		'atelier_sync_awareness_dropped_total',
		'Awareness messages dropped, by reason (over the per-connection rate, board presences full, a listener with a backlog).'
	);
	readonly fanoutErrors = new Counter(
		'atelier_sync_fanout_errors_total',
		'Failed publications to other nodes (the database stays the source of truth).'
	);
	readonly remoteUpdates = new Counter(
		'atelier_sync_remote_updates_total',
		'Updates applied from other nodes, by source (redis or database catch-up).'
	);
	readonly compactions = new Counter(
		'atelier_sync_compactions_total',
		'Compactions of a board log into its state.'
	);

	/** Read at render time: the orchestrator sets it to its live counts. */
	gauges: () => { connections: number; documents: number } = () => ({
		connections: 0,
		documents: 0
	});

	render(): string {
		const { connections, documents } = this.gauges();
		const gauge = (name: string, help: string, value: number) =>
			`# HELP ${name} ${help}\n# TYPE ${name} gauge\n${name} ${value}`;
		return (
			[
				gauge('atelier_sync_connections', 'Open board WebSocket connections.', connections),
				gauge('atelier_sync_documents_loaded', 'Board documents held in memory.', documents),
				this.updatesCommitted.render(),
				this.updateBytes.render(),
				this.commits.render(),
				this.commitSeconds.render(),
				this.refused.render(),
				this.upgradesRefused.render(),
				this.awarenessDropped.render(),
				this.fanoutErrors.render(),
				this.remoteUpdates.render(),
				this.compactions.render()
			].join('\n') + '\n'
		);
	}
}
