import { describe, expect, it } from 'vitest';
import type { Phase, Role } from './db/schema.ts';
import {
	boardAccess,
	canAgreeToClosure,
	canAnswerQuestionnaire,
	canAssignConsultant,
	canCloseBilan,
	canCreateBilan,
	canDownloadArchive,
	canEndSeance,
	canLockBoards,
	canInvite,
	canManageBilan,
	canManageEmployerAgreement,
	canManagePeople,
	canManageRetention,
	canRecordTestResults,
	canReinvite,
	canRequestErasure,
	canShareSynthese,
	canSignAttendance,
	canValidateSynthese,
	canViewBilan,
	canViewEmployerAgreement,
	canViewQuestionnaireStats,
	canViewTeam,
	canViewTestResults,
	journalView,
	visiblePeopleRoles,
	type Actor,
	type BilanRef
} from './permissions.ts';

const ORG = 'org-a';
const OTHER_ORG = 'org-b';

function person(id: string, role: Role, organisationId = ORG): Actor {
	return { id, role, organisationId, email: `${id}@test.fr`, name: id };
}

/** Every kind of person that matters around one bilan. */
const actors = {
	adminSameOrg: person('admin-a', 'admin'),
	adminOtherOrg: person('admin-b', 'admin', OTHER_ORG),
	assignedConsultant: person('consultant-1', 'consultant'),
	otherConsultant: person('consultant-2', 'consultant'),
	beneficiary: person('beneficiary-1', 'beneficiary'),
	otherBeneficiary: person('beneficiary-2', 'beneficiary')
};
type Who = keyof typeof actors;
const everyone = Object.keys(actors) as Who[];

function bilan(phase: Phase = 'investigation'): BilanRef {
	return {
		organisationId: ORG,
		beneficiaryId: actors.beneficiary.id,
		consultantId: actors.assignedConsultant.id,
		phase
	};
}

/** Asserts a predicate for each actor: the names listed are allowed, every other one refused. */
function expectOnly(check: (actor: Actor) => unknown, allowed: Who[]) {
	const got = Object.fromEntries(everyone.map((who) => [who, check(actors[who])]));
	const want = Object.fromEntries(everyone.map((who) => [who, allowed.includes(who)]));
	expect(got).toEqual(want);
}

describe('bilan record', () => {
	it('canViewBilan: the organisation admin, the assigned consultant and the beneficiary', () => {
		expectOnly(
			(a) => canViewBilan(a, bilan()),
			['adminSameOrg', 'assignedConsultant', 'beneficiary']
		);
	});

	it('canManageBilan: the organisation admin and the assigned consultant', () => {
		expectOnly((a) => canManageBilan(a, bilan()), ['adminSameOrg', 'assignedConsultant']);
	});

	it('canAssignConsultant: the organisation admin only', () => {
		expectOnly((a) => canAssignConsultant(a, bilan()), ['adminSameOrg']);
	});

	it('canCreateBilan: admins and consultants, never beneficiaries', () => {
		expectOnly(canCreateBilan, [
			'adminSameOrg',
			'adminOtherOrg',
			'assignedConsultant',
			'otherConsultant'
		]);
	});

	it('an unassigned bilan belongs to no consultant', () => {
		const unassigned = { ...bilan(), consultantId: null };
		expectOnly((a) => canViewBilan(a, unassigned), ['adminSameOrg', 'beneficiary']);
		expectOnly((a) => canManageBilan(a, unassigned), ['adminSameOrg']);
		expectOnly((a) => boardAccess(a, unassigned) !== 'none', ['beneficiary']);
	});

	it('a consultant assigned across organisations gets nothing (same rule as visibleBilans)', () => {
		const elsewhere = { ...bilan(), organisationId: OTHER_ORG };
		expect(canViewBilan(actors.assignedConsultant, elsewhere)).toBe(false);
		expect(canManageBilan(actors.assignedConsultant, elsewhere)).toBe(false);
		expect(boardAccess(actors.assignedConsultant, elsewhere)).toBe('none');
		expect(canViewBilan(actors.adminOtherOrg, elsewhere)).toBe(true);
	});
});

describe('boardAccess', () => {
	it.each(['preliminaire', 'investigation', 'conclusion'] as Phase[])(
		'in phase %s: the consultant and the beneficiary edit; admins see nothing',
		(phase) => {
			const got = Object.fromEntries(
				everyone.map((w) => [w, boardAccess(actors[w], bilan(phase))])
			);
			expect(got).toEqual({
				adminSameOrg: 'none',
				adminOtherOrg: 'none',
				assignedConsultant: 'edit',
				otherConsultant: 'none',
				beneficiary: 'edit',
				otherBeneficiary: 'none'
			});
		}
	);

	it.each(['suivi', 'clos'] as Phase[])(
		'once the bilan is closed (%s): read-only for the consultant and the beneficiary, still none for others',
		(phase) => {
			const got = Object.fromEntries(
				everyone.map((w) => [w, boardAccess(actors[w], bilan(phase))])
			);
			expect(got).toEqual({
				adminSameOrg: 'none',
				adminOtherOrg: 'none',
				assignedConsultant: 'read',
				otherConsultant: 'none',
				beneficiary: 'read',
				otherBeneficiary: 'none'
			});
		}
	);

	it('closing: the consultant in charge closes, the beneficiary agrees, both download the ZIP', () => {
		expectOnly((a) => canCloseBilan(a, bilan('conclusion')), ['assignedConsultant']);
		expectOnly((a) => canAgreeToClosure(a, bilan('conclusion')), ['beneficiary']);
		expectOnly((a) => canDownloadArchive(a, bilan('suivi')), ['assignedConsultant', 'beneficiary']);
	});

	it('attendance: each person signs for themself (never an admin); the consultant ends séances', () => {
		for (const phase of ['investigation', 'suivi'] as const) {
			expectOnly((a) => canSignAttendance(a, bilan(phase)), ['assignedConsultant', 'beneficiary']);
			expectOnly((a) => canEndSeance(a, bilan(phase)), ['assignedConsultant']);
		}
	});

	it('canLockBoards: the consultant in charge alone', () => {
		expectOnly((a) => canLockBoards(a, bilan('investigation')), ['assignedConsultant']);
	});

	it('canValidateSynthese: the beneficiary alone, while the bilan is not closed', () => {
		expectOnly((a) => canValidateSynthese(a, bilan('conclusion')), ['beneficiary']);
		expectOnly((a) => canValidateSynthese(a, bilan('suivi')), []);
	});

	it('shares and questionnaires: the beneficiary alone; statistics for the admin', () => {
		for (const phase of ['investigation', 'suivi'] as const) {
			expectOnly((a) => canShareSynthese(a, bilan(phase)), ['beneficiary']);
			expectOnly((a) => canAnswerQuestionnaire(a, bilan(phase)), ['beneficiary']);
		}
		expectOnly((a) => canViewQuestionnaireStats(a, ORG), ['adminSameOrg']);
	});

	it('journalView: all to the beneficiary, no shares to the consultant, metadata to the admin', () => {
		const views = Object.fromEntries(
			everyone.map((who) => [who, journalView(actors[who], bilan())])
		);
		expect(views).toEqual({
			adminSameOrg: 'metadata',
			adminOtherOrg: 'none',
			assignedConsultant: 'consultant',
			otherConsultant: 'none',
			beneficiary: 'beneficiary',
			otherBeneficiary: 'none'
		});
	});

	it('test results are content: the beneficiary and their consultant read, the consultant records while open', () => {
		for (const phase of ['investigation', 'suivi'] as const) {
			expectOnly((a) => canViewTestResults(a, bilan(phase)), ['assignedConsultant', 'beneficiary']);
		}
		expectOnly((a) => canRecordTestResults(a, bilan('conclusion')), ['assignedConsultant']);
		expectOnly((a) => canRecordTestResults(a, bilan('suivi')), []);
	});

	it('the employer’s agreement is funding metadata: seen with the bilan, recorded by who manages it', () => {
		expectOnly(
			(a) => canViewEmployerAgreement(a, bilan()),
			['adminSameOrg', 'assignedConsultant', 'beneficiary']
		);
		expectOnly(
			(a) => canManageEmployerAgreement(a, bilan()),
			['adminSameOrg', 'assignedConsultant']
		);
	});

	it('retention and erasure: the organisation admin manages, beneficiaries ask', () => {
		expectOnly((a) => canManageRetention(a, ORG), ['adminSameOrg']);
		expectOnly(canRequestErasure, ['beneficiary', 'otherBeneficiary']);
	});
});

describe('people', () => {
	it('canManagePeople: admins only', () => {
		expectOnly(canManagePeople, ['adminSameOrg', 'adminOtherOrg']);
	});

	it('canInvite: admins invite admins and consultants; consultants invite beneficiaries', () => {
		expectOnly((a) => canInvite(a, 'admin'), ['adminSameOrg', 'adminOtherOrg']);
		expectOnly((a) => canInvite(a, 'consultant'), ['adminSameOrg', 'adminOtherOrg']);
		expectOnly((a) => canInvite(a, 'beneficiary'), ['assignedConsultant', 'otherConsultant']);
	});

	it('visiblePeopleRoles and canViewTeam: admins everyone, consultants beneficiaries', () => {
		const got = Object.fromEntries(everyone.map((w) => [w, visiblePeopleRoles(actors[w])]));
		expect(got).toEqual({
			adminSameOrg: ['admin', 'consultant', 'beneficiary'],
			adminOtherOrg: ['admin', 'consultant', 'beneficiary'],
			assignedConsultant: ['beneficiary'],
			otherConsultant: ['beneficiary'],
			beneficiary: [],
			otherBeneficiary: []
		});
		expectOnly(canViewTeam, [
			'adminSameOrg',
			'adminOtherOrg',
			'assignedConsultant',
			'otherConsultant'
		]);
	});

	it('canReinvite: within the organisation; admins anyone, consultants beneficiaries', () => {
		const pending = (role: Role, organisationId = ORG) => ({ role, organisationId });
		expectOnly((a) => canReinvite(a, pending('admin')), ['adminSameOrg']);
		expectOnly((a) => canReinvite(a, pending('consultant')), ['adminSameOrg']);
		expectOnly(
			(a) => canReinvite(a, pending('beneficiary')),
			['adminSameOrg', 'assignedConsultant', 'otherConsultant']
		);
		expectOnly((a) => canReinvite(a, pending('beneficiary', OTHER_ORG)), ['adminOtherOrg']);
		expectOnly((a) => canReinvite(a, pending('consultant', OTHER_ORG)), ['adminOtherOrg']);
	});
});
