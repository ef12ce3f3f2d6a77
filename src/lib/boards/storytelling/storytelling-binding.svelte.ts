import { DocState } from '../doc-state.svelte.ts';
import type { BoardSession } from '../session.svelte.ts';
import type { SkillCategory } from '../skills.ts';
import { describeStoryChanges } from './changes.ts';
import {
	addStory,
	addStorySkill,
	moveStory,
	portefeuille,
	readStories,
	removeStory,
	removeStorySkill,
	updateStory,
	type Evidence,
	type Story,
	type StoryInput,
	type StoryType
} from './model.ts';

/**
 * Storytelling for the views: the stories and their portefeuille as plain data, and the model's
 * operations, each one local undoable change returning null or the sentence of a refusal.
 */
export class StorytellingBinding {
	#session: BoardSession;
	#state: DocState<Story[]>;
	#portefeuille = $derived.by(() => portefeuille(this.stories));

	constructor(session: BoardSession) {
		this.#session = session;
		this.#state = new DocState(session, readStories, describeStoryChanges);
	}

	get stories(): Story[] {
		return this.#state.current;
	}

	/** Each compétence with the stories that show it, most evidenced first. */
	get portefeuille(): Evidence[] {
		return this.#portefeuille;
	}

	get readOnly(): boolean {
		return this.#session.readOnly;
	}

	add(input: StoryInput): string | null {
		return this.#session.apply((doc) => {
			addStory(doc, input);
		});
	}

	setType(id: string, type: StoryType): string | null {
		return this.#session.apply((doc) => updateStory(doc, id, { type }));
	}

	move(id: string, index: number): string | null {
		return this.#session.apply((doc) => moveStory(doc, id, index));
	}

	remove(id: string): string | null {
		return this.#session.apply((doc) => removeStory(doc, id));
	}

	addSkill(id: string, category: SkillCategory, skill: string): string | null {
		return this.#session.apply((doc) => addStorySkill(doc, id, category, skill));
	}

	removeSkill(id: string, category: SkillCategory, skill: string): string | null {
		return this.#session.apply((doc) => removeStorySkill(doc, id, category, skill));
	}

	destroy(): void {
		this.#state.destroy();
	}
}
