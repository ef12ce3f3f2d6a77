import type { Db } from './db/index.ts';
import { auditEvents } from './db/schema.ts';

/**
 * Every action the audit trail records, `<record>.<verb>`. A closed list, so that each one has
 * its words in the journal (`event-text.ts` maps them all) and a misspelt action cannot be
 * recorded unseen.
 */
export type AuditAction =
	| 'auth.login'
	| 'auth.login_failed'
	| 'auth.logout'
	| 'auth.logout_all'
	| 'auth.password_changed'
	| 'invitation.create'
	| 'invitation.accept'
	| 'bilan.create'
	| 'bilan.update'
	| 'bilan.assign'
	| 'bilan.phase'
	| 'bilan.close'
	| 'rendezvous.create'
	| 'rendezvous.start'
	| 'rendezvous.end'
	| 'attendance.sign'
	| 'attendance.export'
	| 'closure.agree'
	| 'retention.destroy'
	| 'board.lock'
	| 'board.unlock'
	| 'board.rename'
	| 'board.delete'
	| 'snapshot.create'
	| 'snapshot.restore'
	| 'synthese.validate'
	| 'synthese.pdf'
	| 'archive.download'
	| 'share.create'
	| 'share.update'
	| 'share.revoke'
	| 'share.view'
	| 'share.pdf'
	| 'questionnaire.submit'
	| 'test_result.create'
	| 'test_result.delete'
	| 'employer_agreement.update'
	| 'gdpr.export'
	| 'gdpr.erasure_request'
	| 'gdpr.erasure_withdraw'
	| 'gdpr.erasure_done'
	| 'cohort.create'
	| 'cohort.join'
	| 'cohort.charter'
	| 'cohort.exercise'
	| 'cohort.carry'
	| 'cohort.end'
	| 'cohort.close'
	| 'cohort.seance.start'
	| 'cohort.seance.end';

/** An entry of the audit trail: who did what to which record. Never board content. */
export interface AuditEntry {
	organisationId: string | null;
	actorId: string | null;
	action: AuditAction;
	targetType?: string;
	targetId?: string;
	ip?: string;
	detail?: Record<string, unknown>;
}

/** Appends an entry to the audit trail (in the caller's transaction when given one). */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
	await db.insert(auditEvents).values(entry);
}
