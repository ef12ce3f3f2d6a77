import { and, eq, type SQL } from 'drizzle-orm';
import type { SessionUser } from './auth/session.ts';
import {
	bilans,
	type Bilan,
	type Board,
	type Cohort,
	type CohortMember,
	type Role,
	type User
} from './db/schema.ts';
import { DomainError } from './errors.ts';

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

export class PermissionError extends DomainError {
	readonly reason: 'unauthenticated' | 'forbidden' | 'not_found';
	constructor(reason: PermissionError['reason'], message: string = reason) {
		super({ unauthenticated: 401, forbidden: 403, not_found: 404 }[reason], message);
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
 * Attendance is signed by the person themself (simple electronic signature): the consultant in
 * charge or the beneficiary, each for their own role. Admins never sign, nobody signs for another.
 */
export function canSignAttendance(actor: Actor, bilan: BilanRef): boolean {
	return isAssignedConsultant(actor, bilan) || isBeneficiary(actor, bilan);
}

/** Ending a séance (its real end, boards snapshotted) is the consultant who ran it. */
export function canEndSeance(actor: Actor, bilan: BilanRef): boolean {
	return isAssignedConsultant(actor, bilan);
}

/**
 * Locking a board, or a part of it, so that it cannot change during a séance: the consultant who
 * leads the séances, as for ending them.
 */
export function canLockBoards(actor: Actor, bilan: BilanRef): boolean {
	return isAssignedConsultant(actor, bilan);
}

/**
 * Board content belongs to the beneficiary and their consultant; nobody else, not even an admin.
 * Once the bilan is closed its boards are read-only.
 */
export function boardAccess(actor: Actor, bilan: BilanRef): BoardAccess {
	if (!isAssignedConsultant(actor, bilan) && !isBeneficiary(actor, bilan)) return 'none';
	return isClosedPhase(bilan.phase) ? 'read' : 'edit';
}

/** Renaming a board: whoever works on it, the beneficiary included (it is her work too). */
export function canRenameBoard(actor: Actor, bilan: BilanRef): boolean {
	return boardAccess(actor, bilan) === 'edit';
}

/**
 * Deleting a board takes it away from both: the consultant in charge only, while the bilan is
 * open. The beneficiary, often not at ease with digital tools, cannot lose a board by a wrong
 * click; its snapshots stay in the record either way.
 */
export function canDeleteBoard(actor: Actor, bilan: BilanRef): boolean {
	return isAssignedConsultant(actor, bilan) && !isClosedPhase(bilan.phase);
}

/** The fields of a cohort that decide who may do what with it (issue 15). */
export type CohortRef = Pick<Cohort, 'organisationId' | 'facilitatorId' | 'endedAt' | 'closedAt'>;

/** The actor's own membership of the cohort, if any (null: not a member). */
export type MembershipRef = Pick<
	CohortMember,
	'invitedAt' | 'joinedAt' | 'charterAcceptedAt'
> | null;

/**
 * What an actor is to a cohort. `participant`: joined and accepted the confidentiality charter,
 * so they see the exercises; `joining`: invited or joined, charter not yet accepted (the cohort page and the
 * charter only); `admin`: the organisation's admin, who sees metadata (dates, counts), never
 * content nor copies; `none`: anyone else, who is told the cohort does not exist.
 */
export type CohortRole = 'facilitator' | 'participant' | 'joining' | 'admin' | 'none';

export function cohortRole(actor: Actor, cohort: CohortRef, membership: MembershipRef): CohortRole {
	if (
		actor.role === 'consultant' &&
		cohort.facilitatorId === actor.id &&
		actor.organisationId === cohort.organisationId
	) {
		return 'facilitator';
	}
	if (actor.role === 'beneficiary' && actor.organisationId === cohort.organisationId) {
		// Invited by e-mail or joined by the link: accepting the charter makes them a participant.
		if (membership?.charterAcceptedAt) return 'participant';
		if (membership?.joinedAt || membership?.invitedAt) return 'joining';
	}
	return isAdminOf(actor, cohort.organisationId) ? 'admin' : 'none';
}

/** The cohort page (its metadata): everyone but `none`. */
export function canViewCohort(role: CohortRole): boolean {
	return role !== 'none';
}

/** Creating a cohort: an admin or a consultant of the organisation. */
export function canCreateCohort(actor: Actor): boolean {
	return actor.role === 'admin' || actor.role === 'consultant';
}

/**
 * Inviting participants, regenerating the join code, séance dates, handing out exercises and
 * ending the cohort: the facilitator. The admin of the organisation manages the dates and people
 * (metadata) too, never exercises.
 */
export function canManageCohort(role: CohortRole): boolean {
	return role === 'facilitator' || role === 'admin';
}

export function canHandOutExercises(role: CohortRole, cohort: CohortRef): boolean {
	return role === 'facilitator' && !cohort.endedAt;
}

/**
 * Attendance of a cohort's group séances: the facilitator and each participant sign for
 * themselves (never an admin, never for another), whatever the cohort's state — a half-day lived
 * stays signable after the end.
 */
export function canSignCohortAttendance(role: CohortRole): boolean {
	return role === 'facilitator' || role === 'participant';
}

/**
 * Whose signatures of a cohort's attendance sheet an actor reads (names and times, no content):
 * the facilitator and the organisation's admins everyone's, a participant their own only.
 */
export function cohortAttendanceView(role: CohortRole): 'all' | 'own' | 'none' {
	if (role === 'facilitator' || role === 'admin') return 'all';
	return role === 'participant' ? 'own' : 'none';
}

/**
 * Ending the cohort (« Terminer la cohorte »: read-only boards, then the uncarried private copies
 * destroyed after the notice): its facilitator, once.
 */
export function canEndCohort(role: CohortRole, cohort: CohortRef): boolean {
	return role === 'facilitator' && !isCohortOver(cohort);
}

/**
 * The ZIP of one's own private copies, offered at the end: the participant, about their own
 * copies, until they are destroyed. Nobody else (the facilitator helps, but the work is theirs).
 */
export function canDownloadOwnCopies(role: CohortRole, cohort: CohortRef): boolean {
	return role === 'participant' && !cohort.closedAt;
}

/** A cohort ended by its facilitator is read-only; a closed one has lost its private copies. */
export function isCohortOver(cohort: CohortRef): boolean {
	return Boolean(cohort.endedAt ?? cohort.closedAt);
}

/**
 * Posting on, withdrawing from, voting and reacting on the cohort's group wall: its participants
 * (charter accepted) and its facilitator, while the cohort is not over; nobody else.
 */
export function canTakePartInWall(role: CohortRole, cohort: CohortRef): boolean {
	return (role === 'participant' || role === 'facilitator') && !isCohortOver(cohort);
}

/** The fields of a cohort's board that decide access: whose copy, of which exercise. */
export type CohortBoardRef = Pick<Board, 'ownerId' | 'exerciseId'>;

/**
 * A cohort's board: a participant's private copy is theirs and the facilitator's (who opens any
 * copy to help, as a consultant does), nobody else's — not another participant, not the admin;
 * an exercise's template is the facilitator's; a shared board of the cohort (the group wall) is
 * edited by the facilitator and read by the participants (who post through the service). Once
 * the cohort is over, read-only.
 */
export function cohortBoardAccess(
	actor: Actor,
	cohort: CohortRef,
	membership: MembershipRef,
	board: CohortBoardRef
): BoardAccess {
	const role = cohortRole(actor, cohort, membership);
	let access: BoardAccess = 'none';
	if (role === 'facilitator') access = 'edit';
	else if (role === 'participant') {
		if (board.ownerId) access = board.ownerId === actor.id ? 'edit' : 'none';
		else access = board.exerciseId ? 'none' : 'read';
	}
	return access === 'edit' && isCohortOver(cohort) ? 'read' : access;
}

/** Where a board belongs, with what decides access to it: a bilan, or a cohort. */
export type BoardOwnerRef =
	| { bilan: BilanRef }
	| {
			cohort: CohortRef;
			membership: MembershipRef;
			board: CohortBoardRef;
	  };

/**
 * THE board rule, for every path (pages, API, the WebSocket upgrade and its re-check): a bilan's
 * board by `boardAccess`, a cohort's by `cohortBoardAccess`.
 */
export function accessToBoardOf(actor: Actor, owner: BoardOwnerRef): BoardAccess {
	return 'bilan' in owner
		? boardAccess(actor, owner.bilan)
		: cohortBoardAccess(actor, owner.cohort, owner.membership, owner.board);
}

/**
 * Locking a board of a séance (or a part of it): a bilan's board by its consultant
 * (`canLockBoards`), a cohort's by its facilitator while the cohort is not over.
 */
export function canLockBoardOf(actor: Actor, owner: BoardOwnerRef): boolean {
	if ('bilan' in owner) return canLockBoards(actor, owner.bilan);
	return (
		cohortRole(actor, owner.cohort, owner.membership) === 'facilitator' &&
		!isCohortOver(owner.cohort)
	);
}

/** What a séance belongs to, with what decides who takes part: a bilan, or a cohort. */
export type SeanceRef = { bilan: BilanRef } | { cohort: CohortRef; membership: MembershipRef };

/**
 * Who takes part in a séance, and who leads it: a bilan's beneficiary and its consultant (who
 * leads), as they see its boards; a cohort's participants (charter accepted) and its
 * facilitator (who leads). Null for anyone else — an admin (never content), a person invited who
 * has not accepted the charter, another cohort's participant.
 */
export function seancePart(actor: Actor, ref: SeanceRef): { leads: boolean } | null {
	if ('bilan' in ref) {
		if (boardAccess(actor, ref.bilan) === 'none') return null;
		return { leads: canEndSeance(actor, ref.bilan) };
	}
	const role = cohortRole(actor, ref.cohort, ref.membership);
	if (role === 'facilitator') return { leads: true };
	return role === 'participant' ? { leads: false } : null;
}

/**
 * Starting and ending a cohort's group séance: its facilitator, while the cohort is not over.
 */
export function canLeadCohortSeance(role: CohortRole, cohort: CohortRef): boolean {
	return role === 'facilitator' && !isCohortOver(cohort);
}

/**
 * `suivi` and `clos` come after "Clôturer le bilan" (R6313-7): working documents not kept are
 * destroyed, what is kept is read-only until the retention job destroys it.
 */
export function isClosedPhase(phase: BilanRef['phase']): boolean {
	return phase === 'suivi' || phase === 'clos';
}

/** Closing the bilan (what is kept, what is destroyed) is done by the consultant in charge. */
export function canCloseBilan(actor: Actor, bilan: BilanRef): boolean {
	return isAssignedConsultant(actor, bilan);
}

/** The written agreement on what is kept after the bilan is the beneficiary's own. */
export function canAgreeToClosure(actor: Actor, bilan: BilanRef): boolean {
	return isBeneficiary(actor, bilan);
}

/** The ZIP of the bilan's documents: content, so the beneficiary and their consultant only. */
export function canDownloadArchive(actor: Actor, bilan: BilanRef): boolean {
	return boardAccess(actor, bilan) !== 'none';
}

/**
 * Results of tests taken elsewhere are content: the beneficiary and their consultant read them
 * (and their PDFs). An admin learns only how many were recorded and when, never a test's name,
 * its result or its PDF.
 */
export function canViewTestResults(actor: Actor, bilan: BilanRef): boolean {
	return boardAccess(actor, bilan) !== 'none';
}

/** Recording a test's results (or removing one recorded by mistake): the consultant in charge. */
export function canRecordTestResults(actor: Actor, bilan: BilanRef): boolean {
	return isAssignedConsultant(actor, bilan) && !isClosedPhase(bilan.phase);
}

/**
 * The employer's agreement to a CPF bilan during working time is a funding fact of the record:
 * that it exists and its dates are what a funder or a Qualiopi auditor checks, so whoever sees
 * the bilan's metadata sees them (an admin too), and whoever edits the funding records them. The
 * employer has no account and is never shown anything.
 */
export function canViewEmployerAgreement(actor: Actor, bilan: BilanRef): boolean {
	return canViewBilan(actor, bilan);
}

/**
 * The agreement's letter is a document of the bilan, like its content: the beneficiary and their
 * consultant read it, an admin only learns that it is attached (issue 18).
 */
export function canReadEmployerAgreementLetter(actor: Actor, bilan: BilanRef): boolean {
	return boardAccess(actor, bilan) !== 'none';
}

export function canManageEmployerAgreement(actor: Actor, bilan: BilanRef): boolean {
	return canManageBilan(actor, bilan);
}

/** Retention states and erasure requests: metadata an admin manages for their organisation. */
export function canManageRetention(actor: Actor, organisationId: string): boolean {
	return isAdminOf(actor, organisationId);
}

/** GDPR: exporting one's data and asking for erasure are for beneficiaries, about themselves. */
export function canRequestErasure(actor: Actor): boolean {
	return actor.role === 'beneficiary';
}

/**
 * Validating the document de synthèse (which freezes a version) is the beneficiary's word on
 * their own results (L6313-4): nobody else, and only while the synthèse can still change.
 */
export function canValidateSynthese(actor: Actor, bilan: BilanRef): boolean {
	return isBeneficiary(actor, bilan) && boardAccess(actor, bilan) === 'edit';
}

/**
 * Showing the validated synthèse to a third party is the beneficiary's consent alone (L6313-4):
 * they create, see and revoke share links; their consultant and the admin do not even see them.
 */
export function canShareSynthese(actor: Actor, bilan: BilanRef): boolean {
	return isBeneficiary(actor, bilan);
}

/**
 * How much of a bilan's audit journal an actor reads: the beneficiary everything (their shares
 * included), the consultant everything but the shares, an admin the metadata events only.
 */
export type JournalView = 'beneficiary' | 'consultant' | 'metadata' | 'none';

export function journalView(actor: Actor, bilan: BilanRef): JournalView {
	if (isBeneficiary(actor, bilan)) return 'beneficiary';
	if (isAssignedConsultant(actor, bilan)) return 'consultant';
	return isAdminOf(actor, bilan.organisationId) ? 'metadata' : 'none';
}

/** The Qualiopi 30 questionnaires are answered by the beneficiary themself, nobody for them. */
export function canAnswerQuestionnaire(actor: Actor, bilan: BilanRef): boolean {
	return isBeneficiary(actor, bilan);
}

/** Questionnaire statistics of the organisation (aggregated, never tied to a name): admins. */
export function canViewQuestionnaireStats(actor: Actor, organisationId: string): boolean {
	return isAdminOf(actor, organisationId);
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
