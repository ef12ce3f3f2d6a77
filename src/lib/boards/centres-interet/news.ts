import { m } from '../../paraglide/messages.js';
import { describeByName, type NewsModel } from '../changes-since.ts';

/** A centre moved to another pile, or within one (its rank), is a move. */
export const centresNews: NewsModel = {
	placement: ['pile', 'order'],
	describe: describeByName(
		{ cards: { field: 'label', named: m.news_entry_card, gone: m.news_entry_card_gone } },
		m.news_entry_centres_board
	)
};
