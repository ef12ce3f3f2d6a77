import { m } from '../../paraglide/messages.js';
import { describeByName, type NewsModel } from '../changes-since.ts';

/** A note dragged elsewhere (or brought to the front) is a move. */
export const ikigaiNews: NewsModel = {
	placement: ['x', 'y', 'z'],
	describe: describeByName(
		{ notes: { field: 'text', named: m.news_entry_note, gone: m.news_entry_note_gone } },
		m.news_entry_note_gone
	)
};
