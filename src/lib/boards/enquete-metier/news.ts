import { m } from '../../paraglide/messages.js';
import { describeByName, type NewsModel } from '../changes-since.ts';

const byName = describeByName(
	{
		questions: { field: 'text', named: m.news_entry_question, gone: m.news_entry_question_gone },
		people: { field: 'firstName', named: m.news_entry_person, gone: m.news_entry_person_gone }
	},
	m.news_entry_question_gone
);

/** A question put elsewhere in the list is a move; the conclusion is one entry of its own. */
export const enqueteNews: NewsModel = {
	placement: ['order'],
	describe: (doc, root, key) =>
		root === 'conclusion' || root === 'link'
			? m.news_entry_enquete_conclusion()
			: byName(doc, root, key)
};
