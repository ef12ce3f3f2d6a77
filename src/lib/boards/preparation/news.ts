import { m } from '../../paraglide/messages.js';
import { describeByName, type NewsModel } from '../changes-since.ts';
import { rubrics } from './model.ts';

const byName = describeByName(
	{
		objectifs: { field: 'text', named: m.news_entry_objectif, gone: m.news_entry_objectif_gone }
	},
	() => m.news_entry_section({ name: 'Problématique de départ' })
);

/** An objective put elsewhere in the list is a move; each rubric is named as a section. */
export const preparationNews: NewsModel = {
	placement: ['order'],
	describe(doc, root, key) {
		const rubric = rubrics.find((r) => r.id === root);
		return rubric ? m.news_entry_section({ name: rubric.label }) : byName(doc, root, key);
	}
};
