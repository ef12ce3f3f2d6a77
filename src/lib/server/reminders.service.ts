import { and, asc, eq, gt } from 'drizzle-orm';
import { readActions } from '../boards/action-plan/read.ts';
import { ACTION_PLAN_KIND } from '../boards/action-plan/schema.ts';
import { listBoards, type BoardSummary } from './boards.service.ts';
import { awaitingAnswer, type AwaitingAnswer } from './comments.service.ts';
import { createBoardStorage, loadedDocument } from './db/board-storage.ts';
import type { Db } from './db/index.ts';
import { rendezVous, type Bilan } from './db/schema.ts';
import type { Actor } from './permissions.ts';

/**
 * What the home page reminds a person of between séances, for one bilan: the boards (one click
 * away), the comments awaiting their answer, the action plan's actions that are overdue or due
 * soon, and the follow-up interview.
 * Counts and dates only come from here: a page shows them to someone who may open the boards.
 */

/** How far ahead an action counts as "due soon". */
const DUE_SOON_DAYS = 14;

export interface ActionReminder {
	boardId: string;
	actionId: string;
	title: string;
	/** `YYYY-MM-DD`. */
	due: string;
	overdue: boolean;
}

export interface BilanReminders {
	boards: BoardSummary[];
	/** Per board, the comment threads waiting for the person's answer. */
	comments: AwaitingAnswer[];
	/** Overdue actions first, then by due date. */
	actions: ActionReminder[];
	/** The follow-up interview (phase `suivi`) still to come, if one is booked. */
	followUpAt: Date | null;
}

/** `day` plus `days` days, both `YYYY-MM-DD`. */
function addDays(day: string, days: number): string {
	const date = new Date(`${day}T00:00:00Z`);
	date.setUTCDate(date.getUTCDate() + days);
	return date.toISOString().slice(0, 10);
}

async function actionReminders(
	db: Db,
	board: BoardSummary,
	today: string
): Promise<ActionReminder[]> {
	const doc = loadedDocument(await createBoardStorage(db).load(board.id));
	try {
		const horizon = addDays(today, DUE_SOON_DAYS);
		return readActions(doc, today)
			.filter((action) => action.status !== 'fait' && action.due !== null)
			.filter((action) => action.overdue || action.due! <= horizon)
			.map((action) => ({
				boardId: board.id,
				actionId: action.id,
				title: action.title,
				due: action.due!,
				overdue: action.overdue
			}));
	} finally {
		doc.destroy();
	}
}

/**
 * The reminders of one bilan for `actor` as of `now` (`today` is its Paris date, `YYYY-MM-DD`).
 * Someone who may not open the boards (an admin) gets no boards, no comments and no actions.
 */
export async function bilanReminders(
	db: Db,
	actor: Actor,
	bilan: Bilan,
	now: Date,
	today: string
): Promise<BilanReminders> {
	const boards = await listBoards(db, actor, bilan);
	const actions: ActionReminder[] = [];
	for (const board of boards.filter((b) => b.kind === ACTION_PLAN_KIND))
		actions.push(...(await actionReminders(db, board, today)));
	actions.sort((a, b) =>
		a.overdue !== b.overdue ? (a.overdue ? -1 : 1) : a.due < b.due ? -1 : a.due > b.due ? 1 : 0
	);
	const [followUp] = await db
		.select({ startsAt: rendezVous.startsAt })
		.from(rendezVous)
		.where(
			and(
				eq(rendezVous.bilanId, bilan.id),
				eq(rendezVous.phase, 'suivi'),
				gt(rendezVous.startsAt, now)
			)
		)
		.orderBy(asc(rendezVous.startsAt))
		.limit(1);
	return {
		boards,
		comments: await awaitingAnswer(db, actor, bilan),
		actions,
		followUpAt: followUp?.startsAt ?? null
	};
}
