import { and, desc, eq, gt, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { AuditAction } from './audit.ts';
import { getBilan } from './bilans.service.ts';
import type { Db } from './db/index.ts';
import { auditEvents, bilans, boards, users } from './db/schema.ts';
import {
	journalView,
	PermissionError,
	visibleBilans,
	type Actor,
	type JournalView
} from './permissions.ts';

/**
 * The bilan's audit journal as its beneficiary reads it (who did what, when): read from
 * `audit_events` about the bilan (target `bilan`), one of its boards (target `board`), or the
 * beneficiary's account (target `user`: the links issued for it, their acceptance, each password
 * change — so a link used by someone else shows). Each reader gets what `journalView` allows:
 * the beneficiary everything, the consultant all but the share links (the beneficiary's own
 * consent) and the password changes, an admin the metadata events only. Details are copied field
 * by field from a list, so nothing else recorded with an event (and never content) reaches a
 * page, nor the IP addresses.
 */

export const JOURNAL_PAGE_SIZE = 50;

/** Events about the beneficiary's account that their bilans' journals show. */
const ACCOUNT_ACTIONS: AuditAction[] = [
	'invitation.create',
	'invitation.accept',
	'auth.password_changed'
];

/**
 * Events an admin may see: dates, people, phases, rendez-vous, attendance, the employer's
 * agreement, that a test result was recorded or removed (never which), the end of the bilan.
 */
const METADATA_ACTIONS: AuditAction[] = [
	'invitation.create',
	'invitation.accept',
	'bilan.create',
	'bilan.update',
	'bilan.assign',
	'bilan.phase',
	'bilan.close',
	'rendezvous.create',
	'rendezvous.end',
	'attendance.sign',
	'attendance.export',
	'closure.agree',
	'retention.destroy',
	'questionnaire.submit',
	'test_result.create',
	'test_result.delete',
	'employer_agreement.update'
];

/** The detail fields a page may show, per action; every other field stays in the database. */
const SHOWN_DETAIL: Partial<Record<AuditAction, readonly string[]>> = {
	'invitation.create': ['mail'],
	'bilan.assign': ['fromName', 'toName'],
	'bilan.phase': ['from', 'to'],
	'rendezvous.create': ['durationMinutes'],
	'attendance.sign': ['day', 'halfDay', 'role'],
	'attendance.export': ['format'],
	'closure.agree': ['synthese'],
	'snapshot.create': ['trigger', 'count'],
	'synthese.validate': ['version'],
	'synthese.pdf': ['version'],
	'share.create': ['recipientName', 'version'],
	'share.update': ['recipientName', 'version'],
	'share.revoke': ['recipientName'],
	'share.view': ['recipientName'],
	'share.pdf': ['recipientName'],
	'questionnaire.submit': ['questionnaire']
};

export interface JournalEvent {
	id: number;
	at: Date;
	action: string;
	/** The person who acted; null for a third party's view or an automatic job. */
	actorName: string | null;
	detail: Record<string, string | number | boolean>;
}

export interface JournalPage {
	view: Exclude<JournalView, 'none'>;
	events: JournalEvent[];
	/** The id to pass as `before` for older events; null when this page is the last. */
	olderThan: number | null;
}

function visibleActions(view: JournalView): SQL | undefined {
	if (view === 'metadata') return inArray(auditEvents.action, METADATA_ACTIONS);
	if (view === 'consultant') {
		return and(
			sql`${auditEvents.action} not like 'share.%'`,
			sql`${auditEvents.action} not like 'auth.%'`
		);
	}
	return undefined;
}

function shownDetail(action: string, detail: Record<string, unknown> | null) {
	const shown: JournalEvent['detail'] = {};
	for (const key of SHOWN_DETAIL[action as AuditAction] ?? []) {
		const value = detail?.[key];
		if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
			shown[key] = value;
		}
	}
	return shown;
}

/**
 * One page of the bilan's journal, newest first. `before`: an event id from `olderThan`. A bilan
 * the actor cannot see is not found, like everywhere else.
 */
export async function readJournal(
	db: Db,
	actor: Actor,
	bilanId: string,
	options: { before?: number | null; limit?: number } = {}
): Promise<JournalPage> {
	const bilan = await getBilan(db, actor, bilanId);
	const view = journalView(actor, bilan);
	if (view === 'none') throw new PermissionError('not_found');
	const limit = options.limit ?? JOURNAL_PAGE_SIZE;
	const bilanBoards = db
		.select({ id: sql<string>`${boards.id}::text` })
		.from(boards)
		.where(eq(boards.bilanId, bilan.id));
	const rows = await db
		.select({
			id: auditEvents.id,
			at: auditEvents.at,
			action: auditEvents.action,
			detail: auditEvents.detail,
			actorName: users.name
		})
		.from(auditEvents)
		.leftJoin(users, eq(users.id, auditEvents.actorId))
		.where(
			and(
				eq(auditEvents.organisationId, bilan.organisationId),
				or(
					and(eq(auditEvents.targetType, 'bilan'), eq(auditEvents.targetId, bilan.id)),
					and(eq(auditEvents.targetType, 'board'), inArray(auditEvents.targetId, bilanBoards)),
					and(
						eq(auditEvents.targetType, 'user'),
						eq(auditEvents.targetId, bilan.beneficiaryId),
						inArray(auditEvents.action, ACCOUNT_ACTIONS)
					)
				),
				visibleActions(view),
				options.before ? lt(auditEvents.id, options.before) : undefined
			)
		)
		.orderBy(desc(auditEvents.id))
		.limit(limit + 1);
	const events = rows.slice(0, limit).map((row) => ({
		id: row.id,
		at: row.at,
		action: row.action,
		actorName: row.actorName,
		detail: shownDetail(row.action, row.detail)
	}));
	return {
		view,
		events,
		olderThan: rows.length > limit ? events[events.length - 1]!.id : null
	};
}

/**
 * How long the beneficiary's home page tells them their consultant changed. A bilan runs 6 to 12
 * weeks with a séance every week or two and visits in between, so 30 days covers their next
 * séances and visits; no dismissal, because the notice is there for the beneficiary to notice a
 * change someone else made, and a click elsewhere must not hide it. The journal keeps it for good.
 */
export const CONSULTANT_CHANGE_NOTICE_DAYS = 30;

export interface ConsultantChange {
	/** The journal event's id. */
	id: number;
	bilanId: string;
	at: Date;
	/** Null when the bilan had nobody in charge before. */
	fromName: string | null;
	toName: string;
}

/** The consultant changes of the last 30 days on a beneficiary's own bilans, newest first. */
export async function recentConsultantChanges(
	db: Db,
	actor: Actor,
	now = new Date()
): Promise<ConsultantChange[]> {
	if (actor.role !== 'beneficiary') return [];
	const since = new Date(now.getTime() - CONSULTANT_CHANGE_NOTICE_DAYS * 24 * 60 * 60 * 1000);
	const mine = db
		.select({ id: sql<string>`${bilans.id}::text` })
		.from(bilans)
		.where(visibleBilans(actor));
	const rows = await db
		.select({
			id: auditEvents.id,
			bilanId: auditEvents.targetId,
			at: auditEvents.at,
			detail: auditEvents.detail
		})
		.from(auditEvents)
		.where(
			and(
				eq(auditEvents.action, 'bilan.assign'),
				eq(auditEvents.targetType, 'bilan'),
				inArray(auditEvents.targetId, mine),
				gt(auditEvents.at, since)
			)
		)
		.orderBy(desc(auditEvents.id));
	return rows.flatMap((row) => {
		const { fromName, toName } = shownDetail('bilan.assign', row.detail);
		// Changes recorded before names were kept only say "a changé de consultant·e" (journal).
		if (typeof toName !== 'string') return [];
		const from = typeof fromName === 'string' ? fromName : null;
		return [{ id: row.id, bilanId: row.bilanId!, at: row.at, fromName: from, toName }];
	});
}
