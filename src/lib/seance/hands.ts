import type { RosterEntry } from './protocol.ts';

/** A person with a raised hand, in the order the leader gives the floor. */
export interface RaisedHand {
	userId: string;
	name: string;
	/** When they raised it (epoch ms, server clock). */
	at: number;
}

/**
 * The raised hands of a roster, first raised first: one per person (their earliest, when two tabs
 * raised it), the presentation screen never.
 */
export function raisedHands(roster: readonly RosterEntry[]): RaisedHand[] {
	const byUser = new Map<string, RaisedHand>();
	for (const entry of roster) {
		if (entry.role === 'screen' || entry.handRaisedAt === null) continue;
		const known = byUser.get(entry.userId);
		if (!known || entry.handRaisedAt < known.at) {
			byUser.set(entry.userId, { userId: entry.userId, name: entry.name, at: entry.handRaisedAt });
		}
	}
	return [...byUser.values()].sort(
		(a, b) => a.at - b.at || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0)
	);
}
