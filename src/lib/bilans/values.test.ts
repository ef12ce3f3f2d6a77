import { describe, expect, it } from 'vitest';
import { formatMinutes, hoursStatus, nextPhase } from './values.ts';

describe('bilan values', () => {
	it('warns past the plan, and more strongly past the legal 24 hours', () => {
		expect(hoursStatus(600, 1200)).toBe('ok');
		expect(hoursStatus(1200, 1200)).toBe('ok');
		expect(hoursStatus(1201, 1200)).toBe('over_planned');
		expect(hoursStatus(1440, 1440)).toBe('ok');
		expect(hoursStatus(1441, 1440)).toBe('over_legal');
		expect(hoursStatus(1500, 1200)).toBe('over_legal');
	});

	it('walks the phases in the legal order and stops at the end', () => {
		expect(nextPhase('preliminaire')).toBe('investigation');
		expect(nextPhase('investigation')).toBe('conclusion');
		expect(nextPhase('conclusion')).toBe('suivi');
		expect(nextPhase('suivi')).toBe('clos');
		expect(nextPhase('clos')).toBeNull();
	});

	it('writes durations for people', () => {
		expect(formatMinutes(0)).toBe('0 min');
		expect(formatMinutes(45)).toBe('45 min');
		expect(formatMinutes(120)).toBe('2 h');
		expect(formatMinutes(150)).toBe('2 h 30');
		expect(formatMinutes(1445)).toBe('24 h 05');
	});
});
