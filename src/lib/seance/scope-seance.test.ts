import { describe, expect, it } from 'vitest';
import { joinedFate, type JoinedConnection } from './scope-seance.svelte.ts';
import type { SeanceState } from './protocol.ts';

function seanceOf(rendezVousId: string): SeanceState {
	return {
		rendezVousId,
		scope: { kind: 'bilan', id: 'b1' },
		bilanId: 'b1',
		startedAt: '2026-12-07T09:00:00.000Z',
		leaderId: 'u1',
		visioUrl: null,
		agenda: [],
		timer: null,
		locks: [],
		leader: null,
		roster: [],
		screen: null,
		now: 0
	};
}

const connection = (over: Partial<JoinedConnection>): JoinedConnection => ({
	status: 'connected',
	known: true,
	seance: null,
	...over
});

describe('a tab that joined a séance', () => {
	it('stays in it while the server has not said, and while it is the séance in progress', () => {
		expect(joinedFate('r1', connection({ status: 'connecting', known: false }))).toBe('stay');
		expect(joinedFate('r1', connection({ status: 'offline', known: false }))).toBe('stay');
		expect(joinedFate('r1', connection({ seance: seanceOf('r1') }))).toBe('stay');
		// Offline after it spoke: the séance it knew is still the one joined.
		expect(joinedFate('r1', connection({ status: 'offline', seance: seanceOf('r1') }))).toBe(
			'stay'
		);
	});

	it('goes back to watching once that séance ended, or another one is in progress', () => {
		expect(joinedFate('r1', connection({ seance: null }))).toBe('over');
		expect(joinedFate('r1', connection({ seance: seanceOf('r2') }))).toBe('over');
	});

	it('goes back to watching, saying why, when the server refuses it', () => {
		expect(joinedFate('r1', connection({ status: 'refused', known: false }))).toBe('refused');
	});
});
