import { DocState } from '../doc-state.svelte.ts';
import type { BoardSession } from '../session.svelte.ts';
import {
	addExperience,
	addSkill,
	readExperiences,
	removeExperience,
	removeSkill,
	setKeyMoment,
	updateExperience,
	type Experience,
	type ExperienceInput,
	type ExperiencePatch,
	type SkillCategory
} from './model.ts';
import { describeTimelineChanges } from './changes.ts';

/**
 * Frise de carrière for the views: experiences in chronological order as plain data and the
 * model's operations, each one local undoable change returning null or the sentence of a refusal.
 */
export class TimelineBinding {
	#session: BoardSession;
	#state: DocState<Experience[]>;

	constructor(session: BoardSession) {
		this.#session = session;
		this.#state = new DocState(session, readExperiences, describeTimelineChanges);
	}

	get experiences(): Experience[] {
		return this.#state.current;
	}

	get readOnly(): boolean {
		return this.#session.readOnly;
	}

	add(input: ExperienceInput): string | null {
		return this.#session.apply((doc) => {
			addExperience(doc, input);
		});
	}

	update(id: string, patch: ExperiencePatch): string | null {
		return this.#session.apply((doc) => updateExperience(doc, id, patch));
	}

	setKeyMoment(id: string, keyMoment: boolean): string | null {
		return this.#session.apply((doc) => setKeyMoment(doc, id, keyMoment));
	}

	remove(id: string): string | null {
		return this.#session.apply((doc) => removeExperience(doc, id));
	}

	addSkill(id: string, category: SkillCategory, skill: string): string | null {
		return this.#session.apply((doc) => addSkill(doc, id, category, skill));
	}

	removeSkill(id: string, category: SkillCategory, skill: string): string | null {
		return this.#session.apply((doc) => removeSkill(doc, id, category, skill));
	}

	destroy(): void {
		this.#state.destroy();
	}
}
