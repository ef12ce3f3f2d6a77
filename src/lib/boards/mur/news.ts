import { m } from '../../paraglide/messages.js';
import { describeByName, type NewsModel } from '../changes-since.ts';

/** An item put in another cluster or place is a move; a vote, a reaction or a comment a change. */
export const wallNews: NewsModel = {
	placement: ['clusterId', 'order'],
	describe: describeByName(
		{
			items: { field: 'text', named: m.news_entry_wall_item, gone: m.news_entry_wall_item_gone },
			clusters: {
				field: 'name',
				named: m.news_entry_wall_cluster,
				gone: m.news_entry_wall_cluster_gone
			}
		},
		m.news_entry_wall_item_gone
	)
};
