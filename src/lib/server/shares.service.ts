import { and, desc, eq, isNull, max, sql } from 'drizzle-orm';
import { NAME_MAX_LENGTH } from '../auth/limits.ts';
import { recordAudit, type AuditAction } from './audit.ts';
import { newSecretToken, secretMatches, splitToken } from './auth/token.ts';
import { BILAN_NOT_FOUND } from './bilans.service.ts';
import { Checker, isUuid, ValidationError } from './bilans.validation.ts';
import type { Db } from './db/index.ts';
import {
	auditEvents,
	bilanClosures,
	bilans,
	organisations,
	shareLinks,
	syntheseVersions,
	type Bilan,
	type ShareLink,
	type SyntheseVersion
} from './db/schema.ts';
import { canShareSynthese, canViewBilan, PermissionError, type Actor } from './permissions.ts';

/**
 * The beneficiary's consent to show one validated version of their synthèse (and nothing else)
 * to a named third party (L6313-4): an expiring, revocable link `id.secret` of which only a
 * SHA-256 of the secret is stored, so the link is shown once. The link shows the version that was
 * the latest when it was made; a later validation reaches the recipient only when the beneficiary
 * shares it on the same link (`shareVersion`). Creating, sharing a version, revoking and every
 * view are audited (with the IP, never the content) for the beneficiary's journal.
 */

export const SHARE_DEFAULT_DAYS = 30;
export const SHARE_MAX_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

export type ShareStatus = 'active' | 'expired' | 'revoked';

/** A share as the beneficiary's list shows it (never the secret). */
export interface ShareInfo {
	id: string;
	recipientName: string;
	recipientEmail: string | null;
	/** The validated version the link shows; null when none was validated when it was made. */
	version: number | null;
	createdAt: Date;
	expiresAt: Date;
	revokedAt: Date | null;
	status: ShareStatus;
	/** Views of the page and downloads of the PDF through this link. */
	views: number;
	lastViewedAt: Date | null;
}

/** Raw values as the form sends them. */
export interface ShareInput {
	recipientName?: unknown;
	recipientEmail?: unknown;
	/** How many days the link works: 1 to 90, 30 when left out. */
	days?: unknown;
}

/** Where a request came from, for the audit trail; `now` for tests. */
export interface ShareContext {
	ip?: string;
	now?: Date;
}

function shareStatus(link: ShareLink, now: Date): ShareStatus {
	if (link.revokedAt) return 'revoked';
	return link.expiresAt.getTime() <= now.getTime() ? 'expired' : 'active';
}

/** The bilan, when the actor is its beneficiary; same not-found as a bilan they cannot see. */
async function sharedBilan(db: Db, actor: Actor, bilanId: string): Promise<Bilan> {
	if (!isUuid(bilanId)) throw new PermissionError('not_found', BILAN_NOT_FOUND);
	const [bilan] = await db.select().from(bilans).where(eq(bilans.id, bilanId.toLowerCase()));
	if (!bilan || !canViewBilan(actor, bilan)) {
		throw new PermissionError('not_found', BILAN_NOT_FOUND);
	}
	if (!canShareSynthese(actor, bilan)) {
		throw new PermissionError(
			'forbidden',
			'Seule la personne bénéficiaire décide de partager sa synthèse.'
		);
	}
	return bilan;
}

async function auditShare(
	db: Db,
	bilan: Pick<Bilan, 'id' | 'organisationId'>,
	entry: { actorId: string | null; action: AuditAction; link: ShareLink; ip?: string }
) {
	await recordAudit(db, {
		organisationId: bilan.organisationId,
		actorId: entry.actorId,
		action: entry.action,
		targetType: 'bilan',
		targetId: bilan.id,
		ip: entry.ip,
		// The recipient's name stays in the journal after the link itself is destroyed.
		detail: {
			shareId: entry.link.id,
			recipientName: entry.link.recipientName,
			version: entry.link.syntheseVersion
		}
	});
}

export interface IssuedShare {
	share: ShareInfo;
	/** `id.secret`: shown once to the beneficiary, never stored. */
	token: string;
}

/** Creates a share link (the beneficiary only). */
export async function createShare(
	db: Db,
	actor: Actor,
	bilanId: string,
	input: ShareInput,
	context: ShareContext = {}
): Promise<IssuedShare> {
	const bilan = await sharedBilan(db, actor, bilanId);
	const now = context.now ?? new Date();
	const check = new Checker();
	const recipientName = check.text('recipientName', input.recipientName, true, NAME_MAX_LENGTH);
	const recipientEmail = check.email('recipientEmail', input.recipientEmail, false);
	const days =
		input.days === undefined || input.days === ''
			? SHARE_DEFAULT_DAYS
			: check.integer(
					'days',
					input.days,
					1,
					SHARE_MAX_DAYS,
					`Choisissez une durée entre 1 et ${SHARE_MAX_DAYS} jours.`
				);
	check.done();
	const issued = newSecretToken();
	const version = await latestVersion(db, bilan.id);
	return db.transaction(async (tx) => {
		const [link] = await tx
			.insert(shareLinks)
			.values({
				id: issued.id,
				secretHash: issued.secretHash,
				bilanId: bilan.id,
				recipientName: recipientName!.replace(/\s+/g, ' '),
				recipientEmail: recipientEmail ?? null,
				syntheseVersion: version,
				createdBy: actor.id,
				expiresAt: new Date(now.getTime() + days! * DAY_MS),
				createdAt: now
			})
			.returning();
		await auditShare(tx, bilan, {
			actorId: actor.id,
			action: 'share.create',
			link: link!,
			ip: context.ip
		});
		const share: ShareInfo = {
			...toInfo(link!, now),
			views: 0,
			lastViewedAt: null
		};
		return { share, token: issued.token };
	});
}

/** The number of the bilan's latest validated synthèse version, or null. */
async function latestVersion(db: Db, bilanId: string): Promise<number | null> {
	const [row] = await db
		.select({ n: max(syntheseVersions.version) })
		.from(syntheseVersions)
		.where(eq(syntheseVersions.bilanId, bilanId));
	return row?.n ?? null;
}

function toInfo(link: ShareLink, now: Date): Omit<ShareInfo, 'views' | 'lastViewedAt'> {
	return {
		id: link.id,
		recipientName: link.recipientName,
		recipientEmail: link.recipientEmail,
		version: link.syntheseVersion,
		createdAt: link.createdAt,
		expiresAt: link.expiresAt,
		revokedAt: link.revokedAt,
		status: shareStatus(link, now)
	};
}

/** The bilan's shares, newest first, with how often each was opened (the beneficiary only). */
export async function listShares(
	db: Db,
	actor: Actor,
	bilanId: string,
	now = new Date()
): Promise<ShareInfo[]> {
	const bilan = await sharedBilan(db, actor, bilanId);
	const views = db
		.select({
			shareId: sql<string>`${auditEvents.detail}->>'shareId'`.as('share_id'),
			count: sql<number>`count(*)::int`.as('count'),
			last: sql<Date>`max(${auditEvents.at})`.as('last')
		})
		.from(auditEvents)
		.where(
			and(
				eq(auditEvents.targetType, 'bilan'),
				eq(auditEvents.targetId, bilan.id),
				sql`${auditEvents.action} in ('share.view', 'share.pdf')`
			)
		)
		.groupBy(sql`${auditEvents.detail}->>'shareId'`)
		.as('views');
	const rows = await db
		.select({ link: shareLinks, views: views.count, lastViewedAt: views.last })
		.from(shareLinks)
		.leftJoin(views, eq(views.shareId, shareLinks.id))
		.where(eq(shareLinks.bilanId, bilan.id))
		.orderBy(desc(shareLinks.createdAt), desc(shareLinks.id));
	return rows.map((row) => ({
		...toInfo(row.link, now),
		views: Number(row.views ?? 0),
		lastViewedAt: row.lastViewedAt ? new Date(row.lastViewedAt) : null
	}));
}

/**
 * Revokes a share at once (the beneficiary only); revoking it again changes nothing. Returns the
 * recipient's name when this call revoked it.
 */
export async function revokeShare(
	db: Db,
	actor: Actor,
	bilanId: string,
	shareId: string,
	context: ShareContext = {}
): Promise<string | null> {
	const bilan = await sharedBilan(db, actor, bilanId);
	const now = context.now ?? new Date();
	return db.transaction(async (tx) => {
		const [link] = await tx
			.update(shareLinks)
			.set({ revokedAt: now })
			.where(
				and(
					eq(shareLinks.id, shareId),
					eq(shareLinks.bilanId, bilan.id),
					isNull(shareLinks.revokedAt)
				)
			)
			.returning();
		if (link) {
			await auditShare(tx, bilan, {
				actorId: actor.id,
				action: 'share.revoke',
				link,
				ip: context.ip
			});
		}
		return link?.recipientName ?? null;
	});
}

const VERSION_MISSING = 'Cette version de la synthèse n’existe pas.';

/**
 * Shares validated version `version` on a working link (the beneficiary only): "Partager la
 * nouvelle version" after a new validation. The same link, so the recipient needs nothing new;
 * the consent is recorded (`share.update`) like a new share. Returns the recipient's name, or
 * null when the link already showed that version.
 */
export async function shareVersion(
	db: Db,
	actor: Actor,
	bilanId: string,
	shareId: string,
	version: unknown,
	context: ShareContext = {}
): Promise<string | null> {
	const bilan = await sharedBilan(db, actor, bilanId);
	const now = context.now ?? new Date();
	const check = new Checker();
	const wanted = check.integer('version', version, 1, 2 ** 31 - 1, VERSION_MISSING);
	check.done();
	const [exists] = await db
		.select({ version: syntheseVersions.version })
		.from(syntheseVersions)
		.where(and(eq(syntheseVersions.bilanId, bilan.id), eq(syntheseVersions.version, wanted!)));
	if (!exists) throw new ValidationError({ version: VERSION_MISSING });
	return db.transaction(async (tx) => {
		// Locked, so a revocation at the same moment is either before (refused) or after.
		const [current] = await tx
			.select()
			.from(shareLinks)
			.where(and(eq(shareLinks.id, shareId), eq(shareLinks.bilanId, bilan.id)))
			.for('update');
		if (!current || shareStatus(current, now) !== 'active') {
			throw new ValidationError({
				version: 'Ce partage ne fonctionne plus (retiré ou expiré) : créez-en un nouveau.'
			});
		}
		if (current.syntheseVersion === wanted) return null;
		const link = { ...current, syntheseVersion: wanted! };
		await tx
			.update(shareLinks)
			.set({ syntheseVersion: link.syntheseVersion })
			.where(eq(shareLinks.id, link.id));
		await auditShare(tx, bilan, {
			actorId: actor.id,
			action: 'share.update',
			link,
			ip: context.ip
		});
		return link.recipientName;
	});
}

/** What a working link shows: the version the beneficiary shared on it, or nothing yet. */
export interface OpenedShare {
	recipientName: string;
	expiresAt: Date;
	organisationName: string;
	/** Null when the link was made before any validation and no version was shared on it since. */
	version: SyntheseVersion | null;
}

/**
 * Opens a share link (no session: the link is the credential) and records the view, or the PDF
 * download. Null for anything that does not work, whatever the cause (unknown, forged, expired,
 * revoked, bilan destroyed): the page says the same for all, so a link reveals nothing.
 */
export async function openShare(
	db: Db,
	token: string,
	access: 'view' | 'pdf',
	context: ShareContext = {}
): Promise<OpenedShare | null> {
	const parts = splitToken(token);
	if (!parts) return null;
	const now = context.now ?? new Date();
	const [row] = await db
		.select({
			link: shareLinks,
			organisationId: bilans.organisationId,
			organisationName: organisations.name,
			destroyedAt: bilanClosures.destroyedAt,
			version: syntheseVersions
		})
		.from(shareLinks)
		.innerJoin(bilans, eq(bilans.id, shareLinks.bilanId))
		.innerJoin(organisations, eq(organisations.id, bilans.organisationId))
		.leftJoin(bilanClosures, eq(bilanClosures.bilanId, bilans.id))
		.leftJoin(
			syntheseVersions,
			and(
				eq(syntheseVersions.bilanId, shareLinks.bilanId),
				eq(syntheseVersions.version, shareLinks.syntheseVersion)
			)
		)
		.where(eq(shareLinks.id, parts.id));
	if (!row || !secretMatches(parts.secret, row.link.secretHash)) return null;
	if (row.destroyedAt || shareStatus(row.link, now) !== 'active') return null;
	const bilan = { id: row.link.bilanId, organisationId: row.organisationId };
	const version = row.version;
	// A PDF asked for while there is none is no view: nothing was shown.
	if (access === 'pdf' && !version) return null;
	await auditShare(db, bilan, {
		actorId: null,
		action: access === 'pdf' ? 'share.pdf' : 'share.view',
		link: row.link,
		ip: context.ip
	});
	return {
		recipientName: row.link.recipientName,
		expiresAt: row.link.expiresAt,
		organisationName: row.organisationName,
		version
	};
}
