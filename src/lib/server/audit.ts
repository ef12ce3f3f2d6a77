import type { Db } from './db/index.ts';
import { auditEvents } from './db/schema.ts';

/** An entry of the audit trail: who did what to which record. Never board content. */
export interface AuditEntry {
	organisationId: string | null;
	actorId: string | null;
	/** Dotted action name, e.g. `auth.login`, `bilan.create`, `board.open`. */
	action: string;
	targetType?: string;
	targetId?: string;
	ip?: string;
	detail?: Record<string, unknown>;
}

export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
	await db.insert(auditEvents).values(entry);
}
