import { DocState } from '../doc-state.svelte.ts';
import type { BoardSession } from '../session.svelte.ts';
import { regionIds, type RegionId } from './geometry.ts';
import {
	addNote,
	addNoteInZone,
	moveNote,
	moveNoteToZone,
	readNotes,
	removeNote,
	updateNote,
	type IkigaiNote,
	type NoteColor
} from './model.ts';
import { describeIkigaiChanges } from './changes.ts';

/**
 * Ikigai for the views: the notes as plain data (zones derived by the model) and the model's
 * operations, each one local undoable change returning null or the sentence of a refusal.
 */
export class IkigaiBinding {
	#session: BoardSession;
	#state: DocState<IkigaiNote[]>;

	constructor(session: BoardSession) {
		this.#session = session;
		this.#state = new DocState(session, readNotes, describeIkigaiChanges);
	}

	/** Every note, bottom of the stack first. */
	get notes(): IkigaiNote[] {
		return this.#state.current;
	}

	/** Notes per zone, each list in reading order (top to bottom, left to right). */
	get byRegion(): Record<RegionId, IkigaiNote[]> {
		const reading = [...this.notes].sort((a, b) => a.y - b.y || a.x - b.x);
		const grouped = Object.fromEntries(regionIds.map((id) => [id, [] as IkigaiNote[]]));
		for (const note of reading) grouped[note.region]?.push(note);
		return grouped as Record<RegionId, IkigaiNote[]>;
	}

	get readOnly(): boolean {
		return this.#session.readOnly;
	}

	add(text: string, colour: NoteColor, at: { x: number; y: number }): string | null {
		return this.#session.apply((doc) => {
			addNote(doc, { text, color: colour, x: at.x, y: at.y });
		});
	}

	addInZone(text: string, colour: NoteColor, zone: RegionId): string | null {
		return this.#session.apply((doc) => {
			addNoteInZone(doc, { text, color: colour }, zone);
		});
	}

	update(noteId: string, patch: { text?: string; color?: NoteColor }): string | null {
		return this.#session.apply((doc) => updateNote(doc, noteId, patch));
	}

	move(noteId: string, x: number, y: number): string | null {
		return this.#session.apply((doc) => moveNote(doc, noteId, x, y));
	}

	moveToZone(noteId: string, zone: RegionId): string | null {
		return this.#session.apply((doc) => moveNoteToZone(doc, noteId, zone));
	}

	remove(noteId: string): string | null {
		return this.#session.apply((doc) => removeNote(doc, noteId));
	}

	destroy(): void {
		this.#state.destroy();
	}
}
