import { describe, expect, it } from 'vitest';
import { screenMessage } from './screen-seance.svelte.ts';

const state = (over: Partial<Parameters<typeof screenMessage>[0]>) => ({
	known: true,
	live: false,
	seenLive: false,
	endedBefore: false,
	...over
});

describe('what the presentation screen says while it shows no board', () => {
	it('is connecting until the server said whether the séance is on', () => {
		expect(screenMessage(state({ known: false, live: true, seenLive: true }))).toBe('connecting');
	});

	it('waits for the leader while the séance is on', () => {
		expect(screenMessage(state({ live: true, endedBefore: true }))).toBe('waiting');
	});

	it('says the séance has not started when it was never seen', () => {
		expect(screenMessage(state({}))).toBe('not-started');
	});

	it('says the séance ended once seen live then gone, or ended before the page', () => {
		expect(screenMessage(state({ seenLive: true }))).toBe('ended');
		expect(screenMessage(state({ endedBefore: true }))).toBe('ended');
	});
});
