import { DocState } from '../doc-state.svelte.ts';
import { BoardInputError } from '../model-kit.ts';
import { operationMessage, type BoardSession } from '../session.svelte.ts';
import {
	appendToSection,
	readSections,
	setSectionText,
	type SectionId,
	type SyntheseTexts
} from './model.ts';

/**
 * The synthèse for the views: the sections' texts as plain data and the edits. Typing goes
 * through `edit` (Yjs groups keystrokes made within half a second into one undo step); taking up
 * a proposal is one step of its own, so "Annuler" gives the previous text back.
 */
export class SyntheseBinding {
	#session: BoardSession;
	#state: DocState<SyntheseTexts>;

	constructor(session: BoardSession) {
		this.#session = session;
		// No announcement per remote keystroke: a screen reader would hear nothing else. The
		// presence list says who is here; the text itself is read in each section's field.
		this.#state = new DocState(session, readSections);
	}

	get texts(): SyntheseTexts {
		return this.#state.current;
	}

	get readOnly(): boolean {
		return this.#session.readOnly;
	}

	/** The section now reads `text` (what the person typed); null, or why it was refused. */
	edit(section: SectionId, text: string): string | null {
		if (this.#session.readOnly) return null;
		try {
			// Not session.apply: that closes the undo step at each call, one keystroke per step.
			const doc = this.#session.doc;
			doc.transact(() => setSectionText(doc, section, text), this.#session.origin);
			return null;
		} catch (cause) {
			if (cause instanceof BoardInputError) return operationMessage(cause);
			throw cause;
		}
	}

	/** Adds a proposal after the section's text. */
	append(section: SectionId, text: string): string | null {
		return this.#session.apply((doc) => appendToSection(doc, section, text));
	}

	/** Replaces the section's text by a proposal (asked for explicitly; undoable). */
	replace(section: SectionId, text: string): string | null {
		return this.#session.apply((doc) => setSectionText(doc, section, text));
	}

	destroy(): void {
		this.#state.destroy();
	}
}
