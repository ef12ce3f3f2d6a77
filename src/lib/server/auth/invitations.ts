import { and, asc, eq, exists, gt, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { EMAIL_MAX_LENGTH, EMAIL_SHAPE, NAME_MAX_LENGTH } from '../../auth/limits.ts';
import { recordAudit } from '../audit.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { Db } from '../db/index.ts';
import {
	attendanceSignatures,
	auditEvents,
	bilans,
	boards,
	cohortMembers,
	cohorts,
	cohortSeances,
	invitations,
	organisations,
	rendezVous,
	roleEnum,
	users,
	type Role,
	type User
} from '../db/schema.ts';
import { canInvite, canReinvite, visiblePeopleRoles, type Actor } from '../permissions.ts';
import { normalizeEmail } from './login.ts';
import { hashPassword } from './password.ts';
import { newSecretToken, secretMatches, splitToken } from './token.ts';

/**
 * Invitations: the invited person exists at once as a pending user (no password) of the
 * inviter's organisation, so a bilan can be opened for them; the single-use link lets them
 * choose a password. Only a SHA-256 of the link's secret is stored.
 */
export const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

export class InvitationError extends Error {
	readonly reason:
		| 'forbidden'
		| 'email_taken'
		/** Unknown, malformed or forged link: nothing to say about it. */
		| 'not_found'
		| 'expired'
		| 'used'
		/** The person already has a password: there is nothing to invite them to. */
		| 'not_pending'
		/** The account was used or holds a bilan's work: its link may only go to its own address. */
		| 'in_use'
		/** Someone is signed in on this browser: they sign out before accepting someone's link. */
		| 'signed_in';
	constructor(reason: InvitationError['reason'], message: string = reason) {
		super(message);
		this.reason = reason;
	}
}

export interface InvitationInput {
	email: string;
	name: string;
	role: Role;
}

export type InvitationInputProblem =
	| 'email_required'
	| 'email_too_long'
	| 'email_invalid'
	| 'name_required'
	| 'name_too_long'
	| 'role_invalid';

/** Reads the invitation form; the values come back (normalised) for the form on error. */
export function readInvitationForm(
	data: FormData
):
	| { ok: true; input: InvitationInput }
	| { ok: false; problem: InvitationInputProblem; values: { email: string; name: string } } {
	const field = (name: string) => {
		const value = data.get(name);
		return typeof value === 'string' ? value : '';
	};
	const email = normalizeEmail(field('email'));
	const name = field('name').trim().replace(/\s+/g, ' ');
	const role = field('role');
	const values = { email: email.slice(0, EMAIL_MAX_LENGTH), name: name.slice(0, NAME_MAX_LENGTH) };
	const problem: InvitationInputProblem | null =
		name === ''
			? 'name_required'
			: name.length > NAME_MAX_LENGTH
				? 'name_too_long'
				: email === ''
					? 'email_required'
					: email.length > EMAIL_MAX_LENGTH
						? 'email_too_long'
						: !EMAIL_SHAPE.test(email)
							? 'email_invalid'
							: !(roleEnum.enumValues as readonly string[]).includes(role)
								? 'role_invalid'
								: null;
	if (problem) return { ok: false, problem, values };
	return { ok: true, input: { email, name, role: role as Role } };
}

export interface IssuedInvitation {
	user: User;
	/** `id.secret`: shown (or mailed) once, never stored. */
	token: string;
	expiresAt: Date;
}

/**
 * Creates the pending user in the inviter's organisation and their invitation. Admins invite
 * consultants and admins, consultants invite beneficiaries (permissions.canInvite).
 */
export async function invite(
	db: Db,
	inviter: Actor,
	input: InvitationInput,
	now = new Date()
): Promise<IssuedInvitation> {
	if (!canInvite(inviter, input.role)) {
		throw new InvitationError('forbidden', `a ${inviter.role} cannot invite a ${input.role}`);
	}
	const email = normalizeEmail(input.email);
	const [taken] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
	if (taken) throw new InvitationError('email_taken');
	const issued = newSecretToken();
	const expiresAt = new Date(now.getTime() + INVITATION_LIFETIME_MS);
	try {
		const user = await db.transaction(async (tx) => {
			const [created] = await tx
				.insert(users)
				.values({
					organisationId: inviter.organisationId,
					email,
					name: input.name,
					role: input.role,
					passwordHash: null
				})
				.returning();
			await tx.insert(invitations).values({
				id: issued.id,
				secretHash: issued.secretHash,
				userId: created!.id,
				invitedBy: inviter.id,
				expiresAt,
				createdAt: now
			});
			return created!;
		});
		return { user, token: issued.token, expiresAt };
	} catch (error) {
		// Two invitations for one address at the same moment: the unique index decides.
		if (isUniqueViolation(error)) throw new InvitationError('email_taken');
		throw error;
	}
}

/**
 * How a new link reaches the invited person. With a mailer (`SMTP_URL`) it goes to their own
 * address and nowhere else; without one, the inviter is shown it to pass on by hand — which
 * makes them able to use it, so reinvite() refuses that for an account in use.
 */
export type LinkDelivery = 'mail' | 'screen';

/**
 * True when the account has been used or already holds a bilan's or a cohort's work, so that
 * whoever accepted its link would step into someone's record: an accepted invitation (a password
 * was set once, even if erased since), any action of theirs in the audit trail (a login, a
 * signature…), a bilan of theirs (as beneficiary or consultant) or a cohort they lead with an
 * edited board or a signed attendance, a cohort they joined (by its link or its charter), their
 * own private copy edited or their own signature.
 */
export async function accountInUse(db: Db, userId: string): Promise<boolean> {
	const theirBilans = db
		.select({ id: bilans.id })
		.from(bilans)
		.where(or(eq(bilans.beneficiaryId, userId), eq(bilans.consultantId, userId)));
	const theirCohorts = db
		.select({ id: cohorts.id })
		.from(cohorts)
		.where(eq(cohorts.facilitatorId, userId));
	const [row] = await db
		.select({ id: users.id })
		.from(users)
		.where(
			and(
				eq(users.id, userId),
				or(
					isNotNull(users.passwordHash),
					exists(
						db
							.select({ one: sql`1` })
							.from(invitations)
							.where(and(eq(invitations.userId, userId), isNotNull(invitations.usedAt)))
					),
					exists(
						db
							.select({ one: sql`1` })
							.from(auditEvents)
							.where(eq(auditEvents.actorId, userId))
					),
					exists(
						db
							.select({ one: sql`1` })
							.from(cohortMembers)
							.where(
								and(
									eq(cohortMembers.userId, userId),
									or(isNotNull(cohortMembers.joinedAt), isNotNull(cohortMembers.charterAcceptedAt))
								)
							)
					),
					// Boards start at sequence 1 (their initial state): anything above is someone's work.
					exists(
						db
							.select({ one: sql`1` })
							.from(boards)
							.where(
								and(
									or(
										inArray(boards.bilanId, theirBilans),
										inArray(boards.cohortId, theirCohorts),
										eq(boards.ownerId, userId)
									),
									gt(boards.lastSeq, 1)
								)
							)
					),
					exists(
						db
							.select({ one: sql`1` })
							.from(attendanceSignatures)
							.leftJoin(rendezVous, eq(rendezVous.id, attendanceSignatures.rendezVousId))
							.leftJoin(cohortSeances, eq(cohortSeances.id, attendanceSignatures.cohortSeanceId))
							.where(
								or(
									inArray(rendezVous.bilanId, theirBilans),
									inArray(cohortSeances.cohortId, theirCohorts),
									eq(attendanceSignatures.signerId, userId)
								)
							)
					)
				)
			)
		);
	return row !== undefined;
}

/**
 * A new link for a person who has not accepted yet; their earlier links stop working, so only
 * the latest one passed on can be used. Whoever may reinvite them (permissions.canReinvite) may
 * see a fresh account's link on screen, but an account in use only gets its link by mail:
 * `in_use` otherwise, and the links already sent stay as they were.
 */
export async function reinvite(
	db: Db,
	inviter: Actor,
	userId: string,
	options: { delivery: LinkDelivery; now?: Date }
): Promise<IssuedInvitation> {
	const [person] = await db.select().from(users).where(eq(users.id, userId));
	if (!person || !canReinvite(inviter, person)) {
		throw new InvitationError('forbidden', 'not a person this inviter may invite');
	}
	if (person.passwordHash !== null) throw new InvitationError('not_pending');
	if (options.delivery === 'screen' && (await accountInUse(db, person.id))) {
		throw new InvitationError('in_use');
	}
	const now = options.now ?? new Date();
	const issued = newSecretToken();
	const expiresAt = new Date(now.getTime() + INVITATION_LIFETIME_MS);
	await db.transaction(async (tx) => {
		await tx
			.delete(invitations)
			.where(and(eq(invitations.userId, person.id), isNull(invitations.usedAt)));
		await tx.insert(invitations).values({
			id: issued.id,
			secretHash: issued.secretHash,
			userId: person.id,
			invitedBy: inviter.id,
			expiresAt,
			createdAt: now
		});
	});
	return { user: person, token: issued.token, expiresAt };
}

export interface OpenInvitation {
	invitationId: string;
	user: User;
	organisationName: string;
	expiresAt: Date;
}

/** The invitation behind a link, if it can still be accepted; else an InvitationError. */
export async function readInvitation(
	db: Db,
	token: string,
	now = new Date()
): Promise<OpenInvitation> {
	const parts = splitToken(token);
	if (!parts) throw new InvitationError('not_found');
	const [row] = await db
		.select({ invitation: invitations, user: users, organisationName: organisations.name })
		.from(invitations)
		.innerJoin(users, eq(users.id, invitations.userId))
		.innerJoin(organisations, eq(organisations.id, users.organisationId))
		.where(eq(invitations.id, parts.id));
	if (!row || !secretMatches(parts.secret, row.invitation.secretHash)) {
		throw new InvitationError('not_found');
	}
	if (row.invitation.usedAt !== null) throw new InvitationError('used');
	if (row.invitation.expiresAt.getTime() <= now.getTime()) throw new InvitationError('expired');
	return {
		invitationId: row.invitation.id,
		user: row.user,
		organisationName: row.organisationName,
		expiresAt: row.invitation.expiresAt
	};
}

/** Where an acceptance comes from: the audit trail's IP, and who is signed in on that browser. */
export interface AcceptContext {
	ip?: string;
	/** The user signed in on the browser that posts the form, if any. */
	signedInAs?: string | null;
	now?: Date;
}

/**
 * Sets the invited person's password, spends the link and records it (`invitation.accept`, in
 * the person's journal). Refused (`signed_in`) while someone else is signed in on the browser:
 * a link must not slip into another person's hands by a shared screen. Two concurrent
 * acceptances: one wins, the other gets `used` and changes nothing.
 */
export async function acceptInvitation(
	db: Db,
	token: string,
	password: string,
	context: AcceptContext = {}
): Promise<User> {
	const now = context.now ?? new Date();
	const open = await readInvitation(db, token, now);
	if (context.signedInAs && context.signedInAs !== open.user.id) {
		throw new InvitationError('signed_in');
	}
	const passwordHash = await hashPassword(password);
	return db.transaction(async (tx) => {
		const spent = await tx
			.update(invitations)
			.set({ usedAt: now })
			.where(
				and(
					eq(invitations.id, open.invitationId),
					isNull(invitations.usedAt),
					gt(invitations.expiresAt, now)
				)
			)
			.returning({ id: invitations.id });
		if (spent.length === 0) throw new InvitationError('used');
		const [user] = await tx
			.update(users)
			.set({ passwordHash })
			.where(eq(users.id, open.user.id))
			.returning();
		await recordAudit(tx, {
			organisationId: user!.organisationId,
			actorId: user!.id,
			action: 'invitation.accept',
			targetType: 'user',
			targetId: user!.id,
			ip: context.ip
		});
		return user!;
	});
}

export type MemberStatus = 'active' | 'pending' | 'expired';

export interface TeamMember {
	id: string;
	name: string;
	email: string;
	role: Role;
	status: MemberStatus;
	/** For pending people: when the current link stops working. */
	invitationExpiresAt: Date | null;
	/** Whether the viewer may issue a new link for this person. */
	canReinvite: boolean;
}

/** The people of the actor's organisation the actor may see (admin: all; consultant: beneficiaries). */
export async function listTeam(db: Db, actor: Actor, now = new Date()): Promise<TeamMember[]> {
	const roles = visiblePeopleRoles(actor);
	if (roles.length === 0) return [];
	const people = await db
		.select()
		.from(users)
		.where(and(eq(users.organisationId, actor.organisationId), inArray(users.role, roles)))
		.orderBy(asc(users.name), asc(users.email));
	const pendingIds = people.filter((p) => p.passwordHash === null).map((p) => p.id);
	const open = pendingIds.length
		? await db
				.select({ userId: invitations.userId, expiresAt: invitations.expiresAt })
				.from(invitations)
				.where(and(inArray(invitations.userId, pendingIds), isNull(invitations.usedAt)))
		: [];
	const latest = new Map<string, Date>();
	for (const row of open) {
		const known = latest.get(row.userId);
		if (!known || row.expiresAt > known) latest.set(row.userId, row.expiresAt);
	}
	return people.map((person) => {
		const expiresAt = latest.get(person.id) ?? null;
		const status: MemberStatus =
			person.passwordHash !== null
				? 'active'
				: expiresAt && expiresAt.getTime() > now.getTime()
					? 'pending'
					: 'expired';
		return {
			id: person.id,
			name: person.name,
			email: person.email,
			role: person.role,
			status,
			invitationExpiresAt: status === 'active' ? null : expiresAt,
			canReinvite: status !== 'active' && canReinvite(actor, person)
		};
	});
}
