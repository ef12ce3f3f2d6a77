import { describe, expect, it } from 'vitest';
import { rosterOf } from './roster.ts';
import type { AnySeanceSocket } from './types.ts';

function socket(id: string, name: string, role: 'consultant' | 'beneficiary' | 'screen') {
	return { id, data: { userId: id, name, role, audience: 'all', active: true, following: true } };
}

describe('rosterOf', () => {
	it('puts the leader first, then the others by name whatever their sockets, then the screen', () => {
		const sockets = [
			socket('a', 'Fanny', 'screen'),
			socket('b', 'Élodie', 'beneficiary'),
			socket('c', 'Bastien', 'beneficiary'),
			socket('d', 'Fanny', 'consultant'),
			socket('e', 'alice', 'beneficiary')
		] as unknown as AnySeanceSocket[];
		expect(rosterOf(sockets).map((entry) => `${entry.name}:${entry.role}`)).toEqual([
			'Fanny:consultant',
			'alice:beneficiary',
			'Bastien:beneficiary',
			'Élodie:beneficiary',
			'Fanny:screen'
		]);
	});
});
