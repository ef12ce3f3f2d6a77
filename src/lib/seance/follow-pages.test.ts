import { describe, expect, it } from 'vitest';
import { followTarget, leaderHere, placeOfRoute, stepsOut } from './follow-pages.ts';

const BILAN = 'b1';
const follower = { leads: false, following: true };

describe('suivez-moi across the pages of a bilan', () => {
	it('names a board page by its board, the bilan page null, other pages no place', () => {
		expect(placeOfRoute('/bilans/[id]/tableaux/[boardId]', { id: BILAN, boardId: 'x' })).toBe('x');
		expect(placeOfRoute('/bilans/[id]', { id: BILAN })).toBeNull();
		expect(placeOfRoute('/bilans/[id]/presence', { id: BILAN })).toBeUndefined();
		expect(placeOfRoute(null, {})).toBeUndefined();
	});

	it('knows where the consultant is only once they have a place', () => {
		expect(leaderHere(null)).toBeUndefined();
		expect(leaderHere({ boardId: null, view: 'live', scrollX: 0, scrollY: 0 })).toBeNull();
		expect(leaderHere({ boardId: 'x', view: 'outline', scrollX: 0, scrollY: 1 })).toBe('x');
	});

	it('brings a follower to the consultant’s board, or back to the bilan page', () => {
		expect(followTarget(null, 'x', follower)).toBe('x');
		expect(followTarget('y', 'x', follower)).toBe('x');
		expect(followTarget(undefined, 'x', follower)).toBe('x');
		expect(followTarget('x', null, follower)).toBeNull();
		expect(followTarget(undefined, null, follower)).toBeNull();
	});

	it('leaves where they are those already there, stepped out, leading, or with no place to go', () => {
		expect(followTarget('x', 'x', follower)).toBeUndefined();
		expect(followTarget(null, null, follower)).toBeUndefined();
		expect(followTarget(null, 'x', { leads: false, following: false })).toBeUndefined();
		expect(followTarget(null, 'x', { leads: true, following: true })).toBeUndefined();
		expect(followTarget(null, undefined, follower)).toBeUndefined();
	});

	it('steps out a follower who goes elsewhere than the consultant by themself', () => {
		expect(stepsOut('y', 'x', follower)).toBe(true);
		expect(stepsOut(null, 'x', follower)).toBe(true);
		expect(stepsOut(undefined, 'x', follower)).toBe(true);
		expect(stepsOut('x', null, follower)).toBe(true);
	});

	it('does not step out a move to where the consultant is, nor the consultant, nor while unknown', () => {
		expect(stepsOut('x', 'x', follower)).toBe(false);
		expect(stepsOut(null, null, follower)).toBe(false);
		expect(stepsOut('y', 'x', { leads: true, following: false })).toBe(false);
		expect(stepsOut('y', 'x', { leads: false, following: false })).toBe(false);
		expect(stepsOut('y', undefined, follower)).toBe(false);
	});
});
