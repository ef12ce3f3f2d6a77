import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { compareTimeline } from './compare.ts';
import {
	addExperience,
	addSkill,
	initTimeline,
	removeExperience,
	summarizeTimeline,
	updateExperience
} from './model.ts';

describe('compareTimeline', () => {
	it('lists experiences added, moved to another lane, edited and removed, and skills', () => {
		const doc = new Y.Doc();
		initTimeline(doc);
		const job = addExperience(doc, { lane: 'travail', title: 'Vendeuse', start: '2010-01' });
		const course = addExperience(doc, { lane: 'travail', title: 'CAP', start: '2008-09' });
		const gone = addExperience(doc, { lane: 'personnel', title: 'Chorale', start: '2015-01' });
		const before = summarizeTimeline(doc);
		updateExperience(doc, job, { satisfaction: 4 });
		updateExperience(doc, course, { lane: 'formation' });
		removeExperience(doc, gone);
		addExperience(doc, { lane: 'travail', title: 'Formatrice', start: '2021-03' });
		addSkill(doc, job, 'savoirEtre', 'Écoute');
		expect(compareTimeline(before, summarizeTimeline(doc))).toEqual([
			'Ajouté dans « Travail » : « Formatrice ».',
			'« Vendeuse » a été modifié.',
			'« CAP » est passé de « Travail » à « Formation ».',
			'Retiré : « Chorale ».',
			'Ajouté : « Écoute ».'
		]);
		expect(compareTimeline(before, before)).toEqual([]);
	});
});
