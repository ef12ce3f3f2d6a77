import { m } from '../../paraglide/messages.js';
import { formatMonth } from '../../format/dates.ts';
import type { Experience, Lane, SkillCategory } from './model.ts';

const laneLabels: Record<Lane, () => string> = {
	travail: m.board_timeline_lane_travail,
	formation: m.board_timeline_lane_formation,
	personnel: m.board_timeline_lane_personnel
};

const skillLabels: Record<SkillCategory, () => string> = {
	savoirFaire: m.board_timeline_skill_savoir_faire,
	savoirEtre: m.board_timeline_skill_savoir_etre,
	transferables: m.board_timeline_skill_transferables
};

export function laneLabel(lane: Lane): string {
	return laneLabels[lane]();
}

export function skillLabel(category: SkillCategory): string {
	return skillLabels[category]();
}

/** Months since January 1900 for 'YYYY-MM': the timeline's x unit. */
export function monthIndex(month: string): number {
	const [year, number] = month.split('-').map(Number);
	return (year! - 1900) * 12 + (number! - 1);
}

/** 'YYYY-MM' for a month index. */
export function monthOf(index: number): string {
	const year = 1900 + Math.floor(index / 12);
	const month = (index % 12) + 1;
	return `${year}-${String(month).padStart(2, '0')}`;
}

/** "mars 2015 – juin 2018", or "depuis mars 2015" while it goes on. */
export function formatPeriod(experience: Experience, locale: string): string {
	const start = formatMonth(experience.start, locale);
	return experience.end
		? m.board_timeline_period({ start, end: formatMonth(experience.end, locale) })
		: m.board_timeline_period_ongoing({ start });
}

/** "+3", "0", "−2": the satisfaction with its sign spelled out. */
export function formatSatisfaction(value: number): string {
	return value > 0 ? `+${value}` : value < 0 ? `−${-value}` : '0';
}

const MAX_SENTENCES = 3;

/**
 * An experience, its free text left out (as JSON): a change of text only is not announced, since it comes
 * keystroke by keystroke and the field itself shows who is typing there.
 */
function withoutText(experience: Experience): string {
	return JSON.stringify({ ...experience, title: '', organisation: '', description: '' });
}

/** What someone else changed on the timeline, as sentences for screen readers. */
export function describeTimelineChanges(
	previous: Experience[],
	next: Experience[],
	author: string
): string[] {
	const before = new Map(previous.map((experience) => [experience.id, experience]));
	const after = new Set(next.map((experience) => experience.id));
	const sentences: string[] = [];
	for (const experience of next) {
		const old = before.get(experience.id);
		const title = experience.title;
		if (!old) sentences.push(m.board_timeline_said_added({ author, title }));
		else if (!old.keyMoment && experience.keyMoment) {
			sentences.push(m.board_timeline_said_key({ author, title }));
		} else if (withoutText(old) !== withoutText(experience)) {
			sentences.push(m.board_timeline_said_edited({ author, title }));
		}
	}
	for (const experience of previous) {
		if (!after.has(experience.id)) {
			sentences.push(m.board_timeline_said_removed({ author, title: experience.title }));
		}
	}
	if (sentences.length <= MAX_SENTENCES) return sentences;
	const rest = sentences.length - MAX_SENTENCES;
	return [...sentences.slice(0, MAX_SENTENCES), m.board_said_more({ count: rest })];
}
