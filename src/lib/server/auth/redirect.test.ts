import { describe, expect, it } from 'vitest';
import { safeRedirectTarget } from './redirect.ts';

const origin = 'https://atelier.example.fr';

describe('safeRedirectTarget', () => {
	it('keeps a same-origin path with its query and hash', () => {
		expect(safeRedirectTarget('/bilans/42?onglet=rdv#x', origin)).toBe('/bilans/42?onglet=rdv#x');
	});

	it.each([
		null,
		undefined,
		'',
		'bilans',
		'https://evil.example/',
		'//evil.example/',
		'/\\evil.example',
		'javascript:alert(1)',
		'https://atelier.example.fr.evil.example/'
	])('falls back to / for %j', (raw) => {
		expect(safeRedirectTarget(raw, origin)).toBe('/');
	});

	it('normalises dot segments instead of leaving the origin', () => {
		expect(safeRedirectTarget('/a/../../compte', origin)).toBe('/compte');
	});
});
