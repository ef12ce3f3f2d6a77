import { m } from '../../paraglide/messages.js';
import type { Story, StoryPart, StoryType } from './model.ts';

const typeLabels: Record<StoryType, () => string> = {
	reussite: m.board_story_type_reussite,
	difficulte: m.board_story_type_difficulte,
	autre: m.board_story_type_autre
};

const partLabels: Record<StoryPart, () => string> = {
	situation: m.board_story_part_situation,
	tache: m.board_story_part_tache,
	action: m.board_story_part_action,
	resultat: m.board_story_part_resultat
};

export function storyTypeLabel(type: StoryType): string {
	return typeLabels[type]();
}

export function storyPartLabel(part: StoryPart): string {
	return partLabels[part]();
}

/** What someone else changed, for screen readers: stories added or removed, compétences tagged. */
export function describeStoryChanges(previous: Story[], next: Story[], author: string): string[] {
	const before = new Map(previous.map((story) => [story.id, story]));
	const after = new Set(next.map((story) => story.id));
	const sentences: string[] = [];
	for (const story of next) {
		const old = before.get(story.id);
		if (!old) sentences.push(m.board_story_said_added({ author, title: story.title }));
		else if (JSON.stringify(old.skills) !== JSON.stringify(story.skills)) {
			sentences.push(m.board_story_said_skills({ author, title: story.title }));
		}
	}
	for (const story of previous) {
		if (!after.has(story.id)) {
			sentences.push(m.board_story_said_removed({ author, title: story.title }));
		}
	}
	return sentences;
}
