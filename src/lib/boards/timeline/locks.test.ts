import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { partsTouchedBy } from '../../../../tests/helpers/board-locks.ts';
import { timelineLocks } from './locks.ts';
import {
	addExperience,
	addSkill,
	experienceDescriptionField,
	experienceTitleField,
	initTimeline,
	removeExperience,
	timelineKind,
	updateExperience
} from './model.ts';

function board(): Y.Doc {
	const doc = new Y.Doc();
	initTimeline(doc);
	return doc;
}

const touched = (doc: Y.Doc, operation: (doc: Y.Doc) => void) =>
	partsTouchedBy(timelineKind, doc, operation);

describe('timeline locks', () => {
	it('lists the experiences in the order of their start', () => {
		const doc = board();
		const later = addExperience(doc, {
			lane: 'travail',
			title: 'Cheffe de rayon',
			start: '2015-03'
		});
		const earlier = addExperience(doc, { lane: 'formation', title: 'BTS MCO', start: '2010-09' });
		expect(timelineLocks.parts(doc)).toEqual([
			{ part: `experience:${earlier}`, label: 'Expérience : BTS MCO' },
			{ part: `experience:${later}`, label: 'Expérience : Cheffe de rayon' }
		]);
	});

	it('an experience is one part, its fields and skills included', () => {
		const doc = board();
		let id = '';
		const add = (d: Y.Doc) =>
			(id = addExperience(d, { lane: 'travail', title: 'Vendeuse', start: '2012-01' }));
		expect(touched(doc, add)).toEqual(['board', `experience:${id}`]);
		expect(touched(doc, (d) => updateExperience(d, id, { title: 'Vendeuse conseil' }))).toEqual([
			'board',
			`experience:${id}`
		]);
		expect(touched(doc, (d) => addSkill(d, id, 'savoirEtre', 'Écoute'))).toEqual([
			'board',
			`experience:${id}`
		]);
		expect(touched(doc, (d) => removeExperience(d, id))).toEqual(['board', `experience:${id}`]);
	});

	it('typing in an experience’s text touches that experience, and its label follows', () => {
		const doc = board();
		const id = addExperience(doc, { lane: 'travail', title: 'Vendeuse', start: '2012-01' });
		addExperience(doc, { lane: 'travail', title: 'Caissière', start: '2010-01' });
		const typed = touched(doc, (d) => experienceTitleField(id).locate(d)!.insert(8, ' conseil'));
		expect(typed).toEqual(['board', `experience:${id}`]);
		const described = touched(doc, (d) => experienceDescriptionField(id).locate(d)!.insert(0, 'x'));
		expect(described).toEqual(['board', `experience:${id}`]);
		expect(timelineLocks.parts(doc)[1]).toEqual({
			part: `experience:${id}`,
			label: 'Expérience : Vendeuse conseil'
		});
	});

	it('knows its parts by their form: an id the schema accepts', () => {
		expect(timelineLocks.isPart('experience:exp-0123456789ab')).toBe(true);
		expect(timelineLocks.isPart('experience:')).toBe(false);
		expect(timelineLocks.isPart(`experience:${'x'.repeat(65)}`)).toBe(false);
		expect(timelineLocks.isPart('action:exp-1')).toBe(false);
	});
});
