import { and, eq, type SQL } from 'drizzle-orm';
import type { SessionUser } from './auth/session.ts';
import { bilans, type Bilan, type Role, type User } from './db/schema.ts';

/**
 * Every permission decision of Atelier, in one place. Pages, form actions, JSON endpoints and the
 * WebSocket upgrade all ask here. The rules (PRODUCT.md, L6313-4):
 * - an admin manages the organisation's people and sees bilan metadata, never board content;
 * - a consultant sees and works on the bilans assigned to them;
 * - a beneficiary sees only their own bilans and their content.
 */
export type Actor = SessionUser;

/** The fields of a bilan that decide who may do what with it. */
export type BilanRef = Pick<Bilan, 'organisationId' | 'beneficiaryId' | 'consultantId' | 'phase'>;

export type BoardAccess = 'edit' | 'read' | 'none';

export class PermissionError extends Error {
	readonly reason: 'unauthenticated' | 'forbidden' | 'not_found';
	constructor(reason: PermissionError['reason'], message: string = reason) {
		super(message);
		this.reason = reason;
	}
}

function isAdminOf(actor: Actor, organisationId: string): boolean {
	return actor.role === 'admin' && actor.organisationId === organisationId;
}

// The organisation check matches visibleBilans: a consultant never reaches across organisations.
function isAssignedConsultant(actor: Actor, bilan: BilanRef): boolean {
	return (
		actor.role === 'consultant' &&
		bilan.consultantId === actor.id &&
		actor.organisationId === bilan.organisationId
	);
}

function isBeneficiary(actor: Actor, bilan: BilanRef): boolean {
	return actor.role === 'beneficiary' && bilan.beneficiaryId === actor.id;
}

/** Dates, hours, phase, attendance: what an admin needs for funders and audits. */
export function canViewBilan(actor: Actor, bilan: BilanRef): boolean {
	return (
		isAdminOf(actor, bilan.organisationId) ||
		isAssignedConsultant(actor, bilan) ||
		isBeneficiary(actor, bilan)
	);
}

/** Edit the bilan record itself: funding, format, dates, phase, rendez-vous. */
export function canManageBilan(actor: Actor, bilan: BilanRef): boolean {
	return isAdminOf(actor, bilan.organisationId) || isAssignedConsultant(actor, bilan);
}

/** Assigning a consultant is an organisation decision. */
export function canAssignConsultant(actor: Actor, bilan: BilanRef): boolean {
	return isAdminOf(actor, bilan.organisationId);
}

export function canCreateBilan(actor: Actor): boolean {
	return actor.role === 'admin' || actor.role === 'consultant';
}

/**
 * Board content belongs to the beneficiary and their consultant; nobody else, not even an admin.
 * Once the bilan is closed its boards are read-only.
 */
export function boardAccess(actor: Actor, bilan: BilanRef): BoardAccess {
	if (!isAssignedConsultant(actor, bilan) && !isBeneficiary(actor, bilan)) return 'none';
	return bilan.phase === 'clos' ? 'read' : 'edit';
}

export function canManagePeople(actor: Actor): boolean {
	return actor.role === 'admin';
}

/** Admins invite consultants (and admins); consultants invite beneficiaries. */
export function canInvite(actor: Actor, role: Role): boolean {
	if (actor.role === 'admin') return role === 'admin' || role === 'consultant';
	if (actor.role === 'consultant') return role === 'beneficiary';
	return false;
}

/** The roles of the people an actor sees in their organisation (the team page). */
export function visiblePeopleRoles(actor: Actor): Role[] {
	if (actor.role === 'admin') return ['admin', 'consultant', 'beneficiary'];
	if (actor.role === 'consultant') return ['beneficiary'];
	return [];
}

export function canViewTeam(actor: Actor): boolean {
	return visiblePeopleRoles(actor).length > 0;
}

/**
 * Issue a new link for a person of the actor's organisation who has not accepted yet: whoever may
 * invite that role, and any admin (who manages the organisation's people, beneficiaries included).
 */
export function canReinvite(actor: Actor, person: Pick<User, 'organisationId' | 'role'>): boolean {
	if (actor.organisationId !== person.organisationId) return false;
	return actor.role === 'admin' || canInvite(actor, person.role);
}

/** The SQL condition selecting the bilans an actor may see, for lists. */
export function visibleBilans(actor: Actor): SQL | undefined {
	switch (actor.role) {
		case 'admin':
			return eq(bilans.organisationId, actor.organisationId);
		case 'consultant':
			return and(
				eq(bilans.organisationId, actor.organisationId),
				eq(bilans.consultantId, actor.id)
			);
		case 'beneficiary':
			return eq(bilans.beneficiaryId, actor.id);
	}
}
