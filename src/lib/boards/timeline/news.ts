import { m } from '../../paraglide/messages.js';
import { describeByName, type NewsModel } from '../changes-since.ts';

/** An experience put in another lane is a move; its dates and words are a change. */
export const timelineNews: NewsModel = {
	placement: ['lane'],
	describe: describeByName(
		{
			experiences: {
				field: 'title',
				named: m.news_entry_experience,
				gone: m.news_entry_experience_gone
			}
		},
		m.news_entry_experience_gone
	)
};
