import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { lockParts } from '../locks.ts';
import { BoardInputError } from '../model-kit.ts';
import { compareStorytelling } from './compare.ts';
import {
	MAX_STORIES,
	addStory,
	addStorySkill,
	initStorytelling,
	moveStory,
	readStories,
	removeStory,
	removeStorySkill,
	storyField,
	storytellingKind,
	summarizeStorytelling,
	updateStory
} from './model.ts';
import { strongestText } from './proposals.ts';

function board(): Y.Doc {
	const doc = new Y.Doc();
	initStorytelling(doc);
	return doc;
}

function reason(run: () => void): string {
	try {
		run();
	} catch (error) {
		return error instanceof BoardInputError ? error.reason : 'other';
	}
	return 'accepted';
}

describe('storytelling', () => {
	it('tells stories in parts, tags compétences, and gathers the portefeuille most evidenced first', () => {
		const doc = board();
		const night = addStory(doc, {
			title: 'Le service de nuit',
			type: 'reussite',
			source: 'Aide-soignante (2012-09 → 2020-06)'
		});
		const strike = addStory(doc, { title: 'La grève', type: 'difficulte' });
		const alone = addStory(doc, { title: 'Seule au rayon' }, 0);
		storyField(night, 'action').locate(doc)!.insert(0, 'J’ai refait les plannings.');
		addStorySkill(doc, night, 'savoirFaire', 'Planifier');
		addStorySkill(doc, night, 'savoirEtre', 'Sang-froid');
		addStorySkill(doc, strike, 'savoirEtre', 'sang-froid');
		addStorySkill(doc, alone, 'transferables', 'Négocier');
		expect(reason(() => addStorySkill(doc, night, 'savoirEtre', 'SANG-FROID'))).toBe('duplicate');
		removeStorySkill(doc, alone, 'transferables', 'négocier');
		updateStory(doc, alone, { type: 'autre', source: null });
		moveStory(doc, alone, 2);
		expect(readStories(doc).map((s) => s.title)).toEqual([
			'Le service de nuit',
			'La grève',
			'Seule au rayon'
		]);
		const summary = summarizeStorytelling(doc);
		expect(summary.stories[0]).toMatchObject({
			type: 'Une réussite',
			source: 'Aide-soignante (2012-09 → 2020-06)'
		});
		expect(summary.stories[0]!.parts.find((p) => p.id === 'action')?.text).toBe(
			'J’ai refait les plannings.'
		);
		expect(summary.portefeuille).toEqual([
			{ category: 'Savoir-être', label: 'Sang-froid', stories: ['Le service de nuit', 'La grève'] },
			{ category: 'Savoir-faire', label: 'Planifier', stories: ['Le service de nuit'] }
		]);
		expect(strongestText(summary)).toBe(
			[
				'Compétences démontrées par les récits :',
				'• Sang-froid (Savoir-être) — démontré par : Le service de nuit ; La grève',
				'• Planifier (Savoir-faire) — démontré par : Le service de nuit'
			].join('\n')
		);
		removeStory(doc, strike);
		expect(summarizeStorytelling(doc).portefeuille[0]!.stories).toEqual(['Le service de nuit']);
	});

	it('refuses bad input with a typed reason', () => {
		const doc = board();
		expect(reason(() => addStory(doc, { title: ' ' }))).toBe('empty');
		expect(reason(() => addStory(doc, { title: 'A', type: 'conte' as never }))).toBe('invalid');
		expect(reason(() => addStory(doc, { title: 'A', source: 'x'.repeat(201) }))).toBe('too_long');
		expect(reason(() => removeStory(doc, 'story-absente'))).toBe('unknown_id');
		for (let i = 0; i < MAX_STORIES; i++) addStory(doc, { title: `Histoire ${i}` });
		expect(reason(() => addStory(doc, { title: 'De trop' }))).toBe('limit_reached');
	});

	it('locks a story with everything in it, and compares snapshots in words', () => {
		const doc = board();
		const id = addStory(doc, { title: 'Le déménagement du service' });
		expect(lockParts(storytellingKind, doc).map((p) => p.label)).toEqual([
			'Tout le tableau',
			'Histoire : Le déménagement du service'
		]);
		expect(storytellingKind.locks!.partsOf(doc, 'stories', id)).toEqual([`story:${id}`]);
		const before = summarizeStorytelling(doc);
		addStorySkill(doc, id, 'transferables', 'Conduire un projet');
		addStory(doc, { title: 'Mon premier client' });
		expect(compareStorytelling(before, summarizeStorytelling(doc))).toEqual([
			'Ajouté : « Mon premier client ».',
			'« Le déménagement du service » a été modifié.',
			'Ajouté : « Conduire un projet ».'
		]);
	});
});
