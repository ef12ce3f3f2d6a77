import { m } from '../../paraglide/messages.js';
import type { RegionId } from './geometry.ts';
import type { IkigaiNote, NoteColor } from './model.ts';

const regionLabels: Record<RegionId, () => string> = {
	ikigai: m.board_ikigai_region_ikigai,
	'sans-remunere': m.board_ikigai_region_sans_remunere,
	'sans-besoin': m.board_ikigai_region_sans_besoin,
	'sans-aime': m.board_ikigai_region_sans_aime,
	'sans-doue': m.board_ikigai_region_sans_doue,
	passion: m.board_ikigai_region_passion,
	mission: m.board_ikigai_region_mission,
	vocation: m.board_ikigai_region_vocation,
	profession: m.board_ikigai_region_profession,
	aime: m.board_ikigai_region_aime,
	doue: m.board_ikigai_region_doue,
	besoin: m.board_ikigai_region_besoin,
	remunere: m.board_ikigai_region_remunere,
	dehors: m.board_ikigai_region_dehors
};

/** The displayed name of an Ikigai zone. */
export function regionLabel(region: RegionId): string {
	return regionLabels[region]();
}

const colourLabels: Record<NoteColor, () => string> = {
	jaune: m.board_ikigai_colour_jaune,
	rose: m.board_ikigai_colour_rose,
	bleu: m.board_ikigai_colour_bleu,
	vert: m.board_ikigai_colour_vert,
	orange: m.board_ikigai_colour_orange,
	violet: m.board_ikigai_colour_violet
};

/** The displayed name of a note colour. */
export function colourLabel(colour: NoteColor): string {
	return colourLabels[colour]();
}

/** Light backgrounds: the note text (dark) keeps a contrast above 7:1 on each. */
export const noteBackgrounds: Record<NoteColor, string> = {
	jaune: '#fff3a8',
	rose: '#ffd6e4',
	bleu: '#cfe6ff',
	vert: '#d3f2d8',
	orange: '#ffdcb8',
	violet: '#e6d9ff'
};

const MAX_SENTENCES = 3;

/** What someone else changed on the Ikigai, as sentences for screen readers. */
export function describeIkigaiChanges(
	previous: IkigaiNote[],
	next: IkigaiNote[],
	author: string
): string[] {
	const before = new Map(previous.map((note) => [note.id, note]));
	const after = new Set(next.map((note) => note.id));
	const sentences: string[] = [];
	for (const note of next) {
		const old = before.get(note.id);
		const text = note.text;
		if (!old) {
			sentences.push(m.board_ikigai_said_added({ author, text, zone: regionLabel(note.region) }));
		} else if (old.region !== note.region) {
			sentences.push(m.board_ikigai_said_moved({ author, text, zone: regionLabel(note.region) }));
		} else if (old.color !== note.color) {
			// Text typed by the other is not announced keystroke by keystroke: the field itself
			// says who is writing in it.
			sentences.push(m.board_ikigai_said_edited({ author, text }));
		}
	}
	for (const note of previous) {
		if (!after.has(note.id))
			sentences.push(m.board_ikigai_said_removed({ author, text: note.text }));
	}
	if (sentences.length <= MAX_SENTENCES) return sentences;
	const rest = sentences.length - MAX_SENTENCES;
	return [...sentences.slice(0, MAX_SENTENCES), m.board_said_more({ count: rest })];
}
