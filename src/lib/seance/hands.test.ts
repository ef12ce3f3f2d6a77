import { describe, expect, it } from 'vitest';
import { raisedHands } from './hands.ts';
import type { RosterEntry } from './protocol.ts';

function entry(id: string, userId: string, handRaisedAt: number | null, role = 'beneficiary') {
	return {
		id,
		userId,
		name: `Nom ${userId}`,
		role,
		boardId: null,
		view: 'live',
		active: true,
		following: true,
		handRaisedAt
	} as RosterEntry;
}

describe('raised hands', () => {
	it('lists each person once, first raised first, never the screen', () => {
		const hands = raisedHands([
			entry('s1', 'b', 30),
			entry('s2', 'a', 20),
			entry('s3', 'b', 10),
			entry('s4', 'c', null),
			entry('s5', 'screen', 5, 'screen'),
			entry('s6', 'd', 20)
		]);
		expect(hands.map((hand) => [hand.userId, hand.at])).toEqual([
			['b', 10],
			['a', 20],
			['d', 20]
		]);
	});
});
