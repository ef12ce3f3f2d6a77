import { m } from '../../paraglide/messages.js';
import type { NewsModel } from '../changes-since.ts';

/** The canvas's records are tldraw's: a change anywhere is a change of the board. */
export const canvasNews: NewsModel = {
	placement: [],
	describe: () => m.news_entry_canvas()
};
