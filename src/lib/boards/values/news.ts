import { m } from '../../paraglide/messages.js';
import { describeByName, type NewsModel } from '../changes-since.ts';

/** A card moved to another pile or place in the top is a move; its words are a change. */
export const valuesNews: NewsModel = {
	placement: ['pile', 'order', 'top'],
	describe: describeByName(
		{ cards: { field: 'label', named: m.news_entry_card, gone: m.news_entry_card_gone } },
		m.news_entry_values_board
	)
};
