import type { BoardSession } from '../session.svelte.ts';
import { appendToSection, setSectionText, type SectionId } from './model.ts';

/**
 * The synthèse for the views: the sections' texts as plain data and the proposals taken up.
 * Typing goes through each section's `SharedTextField`; taking up a proposal is one undo step of
 * its own, so "Annuler" gives the previous text back.
 */
export class SyntheseBinding {
	#session: BoardSession;

	// No announcement per remote keystroke: a screen reader would hear nothing else. The field
	// says who types in it; the text itself is read in each section's field.
	constructor(session: BoardSession) {
		this.#session = session;
	}

	get readOnly(): boolean {
		return this.#session.readOnly;
	}

	/** Adds a proposal after the section's text. */
	append(section: SectionId, text: string): string | null {
		return this.#session.apply((doc) => appendToSection(doc, section, text));
	}

	/** Replaces the section's text by a proposal (asked for explicitly; undoable). */
	replace(section: SectionId, text: string): string | null {
		return this.#session.apply((doc) => setSectionText(doc, section, text));
	}
}
