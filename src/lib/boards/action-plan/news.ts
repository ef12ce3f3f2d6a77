import { m } from '../../paraglide/messages.js';
import { describeByName, type NewsModel } from '../changes-since.ts';

/** A piste or an action put elsewhere in the plan is a move; a status is a change. */
export const actionPlanNews: NewsModel = {
	placement: ['order', 'pisteId'],
	describe: describeByName(
		{
			pistes: { field: 'title', named: m.news_entry_piste, gone: m.news_entry_piste_gone },
			actions: { field: 'title', named: m.news_entry_action, gone: m.news_entry_action_gone },
			formations: {
				field: 'title',
				named: m.news_entry_formation,
				gone: m.news_entry_formation_gone
			}
		},
		m.news_entry_action_gone
	)
};
