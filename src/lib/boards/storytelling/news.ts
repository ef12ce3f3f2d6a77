import { m } from '../../paraglide/messages.js';
import { describeByName, type NewsModel } from '../changes-since.ts';

/** A story put elsewhere in the list is a move; its words and compétences are a change. */
export const storytellingNews: NewsModel = {
	placement: ['order'],
	describe: describeByName(
		{ stories: { field: 'title', named: m.news_entry_story, gone: m.news_entry_story_gone } },
		m.news_entry_story_gone
	)
};
