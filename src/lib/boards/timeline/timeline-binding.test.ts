import { afterEach, describe, expect, it } from 'vitest';
import { linkedSessions } from '../../../../tests/helpers/board-sessions.ts';
import { TimelineBinding } from './timeline-binding.svelte.ts';
import { experienceTitleField, timelineKind } from './model.ts';
import { SharedText } from '../shared-text.svelte.ts';

let cleanup: (() => void)[] = [];
afterEach(() => {
	for (const done of cleanup) done();
	cleanup = [];
});

function twoPeers() {
	const { clients, destroy } = linkedSessions(timelineKind, [
		{ name: 'Claire' },
		{ name: 'Bruno' }
	]);
	cleanup.push(destroy);
	const [claire, bruno] = clients.map((client) => ({
		session: client.session,
		timeline: new TimelineBinding(client.session)
	}));
	return { claire: claire!, bruno: bruno! };
}

describe('TimelineBinding', () => {
	it('shares experiences in chronological order and announces a key moment', () => {
		const { claire, bruno } = twoPeers();
		claire.timeline.add({ lane: 'travail', title: 'Vendeuse', start: '2010-01', end: '2015-06' });
		bruno.timeline.add({
			lane: 'formation',
			title: 'BTS',
			start: '2008-09',
			end: '2010-06',
			skills: { savoirFaire: ['Gestion'] }
		});
		expect(claire.timeline.experiences.map((e) => e.title)).toEqual(['BTS', 'Vendeuse']);
		const id = claire.timeline.experiences[1]!.id;
		claire.timeline.setKeyMoment(id, true);
		expect(bruno.session.announcement).toBe('Claire a marqué « Vendeuse » comme moment clé.');
		expect(bruno.timeline.experiences[1]!.keyMoment).toBe(true);
	});

	it('shows text typed by the other as it is typed, without announcing each keystroke', () => {
		const { claire, bruno } = twoPeers();
		claire.timeline.add({ lane: 'travail', title: 'Vendeuse', start: '2010-01', end: null });
		expect(bruno.session.announcement).toContain('Vendeuse');
		const id = claire.timeline.experiences[0]!.id;
		const field = experienceTitleField(id);
		const typing = new SharedText(claire.session, field);
		const reading = new SharedText(bruno.session, field);
		expect(typing.input('Vendeuse', 'Vendeuse c', 10)).toBeNull();
		expect(reading.value).toBe('Vendeuse c');
		expect(bruno.timeline.experiences[0]!.title).toBe('Vendeuse c');
		const before = bruno.session.announcement;
		expect(typing.input('Vendeuse c', 'Vendeuse co', 11)).toBeNull();
		expect(bruno.session.announcement).toBe(before);
		// Another field still is announced.
		claire.timeline.update(id, { satisfaction: 2 });
		expect(bruno.session.announcement).toBe('Claire a modifié l’expérience « Vendeuse co ».');
	});

	it('refuses an end before the start, and undoes one’s own edit', () => {
		const { claire, bruno } = twoPeers();
		claire.timeline.add({ lane: 'travail', title: 'Vendeuse', start: '2010-01', end: null });
		const id = claire.timeline.experiences[0]!.id;
		expect(claire.timeline.update(id, { end: '2009-01' })).not.toBeNull();
		claire.timeline.update(id, { satisfaction: 4 });
		expect(bruno.timeline.experiences[0]!.satisfaction).toBe(4);
		claire.session.undo();
		expect(bruno.timeline.experiences[0]!.satisfaction).toBe(0);
	});
});
