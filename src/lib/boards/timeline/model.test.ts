import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { violationOf } from '../doc-schema.ts';
import { expectReason } from '../../../../tests/helpers/board-input.ts';
import { findBoardKind } from '../registry.ts';
import {
	addExperience,
	addSkill,
	experienceDescriptionField,
	experienceOrganisationField,
	experienceTitleField,
	isMonth,
	readExperience,
	readExperiences,
	removeExperience,
	removeSkill,
	renameSkill,
	setKeyMoment,
	summarizeTimeline,
	timelineKind,
	timelineSchema,
	updateExperience,
	type ExperienceInput
} from './model.ts';

function board() {
	const doc = new Y.Doc();
	timelineKind.init(doc);
	return doc;
}

const cap: ExperienceInput = {
	lane: 'formation',
	title: 'CAP Cuisine',
	organisation: 'Lycée hôtelier',
	start: '2008-09',
	end: '2010-06',
	satisfaction: 3
};

describe('init', () => {
	it('creates only the declared roots; a fresh timeline summarises to nothing', () => {
		const doc = new Y.Doc();
		timelineKind.init(doc);
		expect([...doc.share.keys()]).toEqual(Object.keys(timelineSchema.roots));
		expect(findBoardKind('timeline')).toMatchObject(timelineKind);
		const summary = summarizeTimeline(doc);
		expect(summary).toMatchObject({ kind: 'timeline', experienceCount: 0, span: null, courbe: [] });
		expect(summary.lanes.map((l) => l.id)).toEqual(['travail', 'formation', 'personnel']);
		expect(summary.skills.map((s) => s.label)).toEqual([
			'Savoir-faire',
			'Savoir-être',
			'Compétences transférables'
		]);
	});
});

describe('months', () => {
	it('accepts YYYY-MM between 1900 and 2100 only', () => {
		expect(isMonth('2024-01')).toBe(true);
		for (const bad of ['2024-13', '2024-00', '2024-1', '24-01', '1899-12', '2101-01', 202401]) {
			expect(isMonth(bad)).toBe(false);
		}
	});
});

describe('experiences', () => {
	it('adds an experience with defaults and skills, deduplicated', () => {
		const doc = board();
		const id = addExperience(doc, {
			...cap,
			skills: { savoirFaire: ['Cuisson', 'cuisson', ' Découpe '], savoirEtre: ['Rigueur'] }
		});
		expect(readExperience(doc, id)).toEqual({
			id,
			lane: 'formation',
			title: 'CAP Cuisine',
			organisation: 'Lycée hôtelier',
			description: '',
			start: '2008-09',
			end: '2010-06',
			satisfaction: 3,
			keyMoment: false,
			skills: { savoirFaire: ['Cuisson', 'Découpe'], savoirEtre: ['Rigueur'], transferables: [] }
		});
	});

	it('lists experiences chronologically, en cours last among equal starts', () => {
		const doc = board();
		const now = addExperience(doc, { lane: 'travail', title: 'Chef de partie', start: '2015-01' });
		const before = addExperience(doc, { ...cap });
		const same = addExperience(doc, {
			lane: 'personnel',
			title: 'Bénévolat',
			start: '2015-01',
			end: '2016-01'
		});
		expect(readExperiences(doc).map((e) => e.id)).toEqual([before, same, now]);
		expect(readExperience(doc, now)?.end).toBeNull();
	});

	it('updates fields, keeping end ≥ start', () => {
		const doc = board();
		const id = addExperience(doc, cap);
		updateExperience(doc, id, {
			title: 'CAP Cuisine (apprentissage)',
			end: null,
			satisfaction: -2
		});
		expect(readExperience(doc, id)).toMatchObject({
			title: 'CAP Cuisine (apprentissage)',
			end: null,
			satisfaction: -2
		});
		updateExperience(doc, id, { end: '2008-09' });
		expectReason(() => updateExperience(doc, id, { start: '2009-01' }), 'out_of_range');
		updateExperience(doc, id, { start: '2009-01', end: '2011-01' });
		expect(readExperience(doc, id)).toMatchObject({ start: '2009-01', end: '2011-01' });
		setKeyMoment(doc, id, true);
		expect(readExperience(doc, id)?.keyMoment).toBe(true);
	});

	it('validates every field', () => {
		const doc = board();
		expectReason(() => addExperience(doc, { ...cap, title: ' ' }), 'empty');
		expectReason(() => addExperience(doc, { ...cap, title: 'x'.repeat(121) }), 'too_long');
		expectReason(() => addExperience(doc, { ...cap, lane: 'loisirs' as 'travail' }), 'invalid');
		expectReason(() => addExperience(doc, { ...cap, start: '2010-13' }), 'invalid');
		expectReason(() => addExperience(doc, { ...cap, end: '2008-08' }), 'out_of_range');
		expectReason(() => addExperience(doc, { ...cap, satisfaction: 6 }), 'out_of_range');
		expectReason(() => addExperience(doc, { ...cap, satisfaction: -6 }), 'out_of_range');
		expectReason(() => addExperience(doc, { ...cap, satisfaction: 1.5 }), 'invalid');
		expectReason(() => addExperience(doc, { ...cap, description: 'x'.repeat(2001) }), 'too_long');
		expectReason(
			() => addExperience(doc, { ...cap, skills: { savoirEtre: ['x'.repeat(81)] } }),
			'too_long'
		);
		expectReason(() => updateExperience(doc, 'nope', { title: 'x' }), 'unknown_id');
		expect(readExperiences(doc)).toEqual([]);
	});

	it('removes an experience', () => {
		const doc = board();
		const id = addExperience(doc, cap);
		removeExperience(doc, id);
		expect(readExperience(doc, id)).toBeNull();
		expectReason(() => removeExperience(doc, id), 'unknown_id');
	});
});

describe('skills', () => {
	it('adds, renames and removes skills by their words', () => {
		const doc = board();
		const id = addExperience(doc, cap);
		addSkill(doc, id, 'transferables', 'Gestion du stress');
		addSkill(doc, id, 'transferables', 'Travail en équipe');
		expectReason(() => addSkill(doc, id, 'transferables', 'gestion du STRESS'), 'duplicate');
		renameSkill(doc, id, 'transferables', 'Gestion du stress', 'Calme sous pression');
		expect(readExperience(doc, id)?.skills.transferables).toEqual([
			'Calme sous pression',
			'Travail en équipe'
		]);
		expectReason(
			() => renameSkill(doc, id, 'transferables', 'Calme sous pression', 'travail en equipe'),
			'duplicate'
		);
		removeSkill(doc, id, 'transferables', 'travail en équipe');
		expect(readExperience(doc, id)?.skills.transferables).toEqual(['Calme sous pression']);
		expectReason(() => removeSkill(doc, id, 'transferables', 'absent'), 'unknown_id');
		expectReason(() => addSkill(doc, id, 'savoirs' as 'savoirEtre', 'x'), 'invalid');
		expectReason(() => addSkill(doc, id, 'savoirEtre', ''), 'empty');
	});

	it('caps the skills of a category', () => {
		const doc = board();
		const id = addExperience(doc, cap);
		for (let i = 0; i < 30; i++) addSkill(doc, id, 'savoirFaire', `Compétence ${i}`);
		expectReason(() => addSkill(doc, id, 'savoirFaire', 'Une de trop'), 'limit_reached');
	});
});

describe('concurrent edits', () => {
	it('repairs a period made impossible by two people editing start and end at once', () => {
		const a = board();
		const id = addExperience(a, { ...cap, start: '2010-01', end: '2010-08' });
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		updateExperience(a, id, { start: '2010-05' });
		updateExperience(b, id, { end: '2010-03' });
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		expect(readExperience(a, id)).toMatchObject({ start: '2010-03', end: '2010-05' });
		expect(readExperiences(b)).toEqual(readExperiences(a));
	});

	it('keeps one copy of a skill added by two people at once', () => {
		const a = board();
		const id = addExperience(a, cap);
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		addSkill(a, id, 'savoirEtre', 'Patience');
		addSkill(b, id, 'savoirEtre', 'patience');
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		expect(readExperience(a, id)?.skills.savoirEtre).toHaveLength(1);
		removeSkill(a, id, 'savoirEtre', 'Patience');
		expect(readExperience(a, id)?.skills.savoirEtre).toEqual([]);
	});
});

describe('free text', () => {
	it('keeps title, organisation and description as shared texts, edited in place', () => {
		const doc = board();
		const id = addExperience(doc, cap);
		const title = experienceTitleField(id).locate(doc)!;
		expect(title).toBeInstanceOf(Y.Text);
		expect(title.toString()).toBe('CAP Cuisine');
		expect(experienceOrganisationField(id).locate(doc)?.toString()).toBe('Lycée hôtelier');
		expect(experienceDescriptionField(id).locate(doc)?.toString()).toBe('');
		updateExperience(doc, id, { title: 'CAP Cuisine (apprentissage)', description: 'Dur' });
		// The same Y.Text, edited: a concurrent edit elsewhere in it would survive.
		expect(experienceTitleField(id).locate(doc)).toBe(title);
		expect(readExperience(doc, id)).toMatchObject({
			title: 'CAP Cuisine (apprentissage)',
			description: 'Dur'
		});
		expect(experienceTitleField(id)).toMatchObject({ key: `experiences/${id}/title`, max: 120 });
		removeExperience(doc, id);
		expect(experienceTitleField(id).locate(doc)).toBeNull();
	});

	it('merges two people typing in the same title at once', () => {
		const a = board();
		const id = addExperience(a, { ...cap, title: 'Cuisine' });
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		experienceTitleField(id).locate(a)!.insert(0, 'CAP ');
		experienceTitleField(id).locate(b)!.insert(7, ' française');
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		expect(readExperience(a, id)?.title).toBe('CAP Cuisine française');
		expect(readExperiences(b)).toEqual(readExperiences(a));
	});

	it('reads a title emptied by typing as "?", and old plain strings as they are', () => {
		const doc = board();
		const id = addExperience(doc, cap);
		const title = experienceTitleField(id).locate(doc)!;
		title.delete(0, title.length);
		expect(readExperience(doc, id)?.title).toBe('?');
		expect(summarizeTimeline(doc).courbe[0]?.title).toBe('?');
		const item = doc.getMap('experiences').get(id) as Y.Map<unknown>;
		item.set('organisation', 'Ancien lycée');
		expect(readExperience(doc, id)?.organisation).toBe('Ancien lycée');
		expect(experienceOrganisationField(id).locate(doc)).toBeNull();
		// Updating an old plain string makes it a shared text.
		updateExperience(doc, id, { organisation: 'Nouveau lycée' });
		expect(experienceOrganisationField(id).locate(doc)?.toString()).toBe('Nouveau lycée');
	});

	it('the schema takes typing but refuses a plain string or an insert past the maximum', () => {
		const doc = board();
		const id = addExperience(doc, cap);
		const write = (change: () => void) => violationOf(doc, timelineSchema, change);
		expect(write(() => experienceTitleField(id).locate(doc)!.insert(3, ' +'))).toBeNull();
		const item = doc.getMap('experiences').get(id) as Y.Map<unknown>;
		expect(write(() => item.set('title', 'Plain'))).toBe('wrong type');
		const description = experienceDescriptionField(id).locate(doc);
		expect(write(() => description?.insert(0, 'x'.repeat(2001)))).toBe('invalid value');
	});
});

describe('summarize', () => {
	it('gives lanes, the courbe de vie, key moments and skills by category', () => {
		const doc = board();
		addExperience(doc, { ...cap, skills: { savoirFaire: ['Cuisson'] } });
		addExperience(doc, {
			lane: 'travail',
			title: 'Chef de partie',
			organisation: 'Brasserie du Port',
			start: '2012-03',
			satisfaction: -4,
			keyMoment: true,
			description: 'Burn-out en 2019',
			skills: { savoirFaire: ['cuisson', 'Gestion des stocks'], transferables: ['Encadrement'] }
		});
		const summary = summarizeTimeline(doc);
		expect(summary.experienceCount).toBe(2);
		expect(summary.span).toEqual({ from: '2008-09', to: null });
		expect(summary.courbe).toEqual([
			{
				month: '2008-09',
				end: '2010-06',
				satisfaction: 3,
				title: 'CAP Cuisine',
				lane: 'formation',
				keyMoment: false
			},
			{
				month: '2012-03',
				end: null,
				satisfaction: -4,
				title: 'Chef de partie',
				lane: 'travail',
				keyMoment: true
			}
		]);
		expect(summary.keyMoments).toEqual([
			{ title: 'Chef de partie', start: '2012-03', description: 'Burn-out en 2019' }
		]);
		expect(summary.lanes[0]?.experiences.map((e) => e.title)).toEqual(['Chef de partie']);
		expect(summary.skills[0]?.skills).toEqual([
			{ label: 'Cuisson', from: ['CAP Cuisine', 'Chef de partie'] },
			{ label: 'Gestion des stocks', from: ['Chef de partie'] }
		]);
		expect(summary.skills[2]?.skills).toEqual([{ label: 'Encadrement', from: ['Chef de partie'] }]);
	});
});
