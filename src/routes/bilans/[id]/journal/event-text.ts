import { m } from '$lib/paraglide/messages';
import { formatCalendarDate } from '$lib/format/dates';
import { phaseLabel } from '$lib/bilans/labels';
import { PHASES, type PhaseValue } from '$lib/bilans/values';
import { questionnaireName } from '$lib/questionnaires/labels';
import { QUESTIONNAIRES, type QuestionnaireValue } from '$lib/questionnaires/values';
import type { AuditAction } from '$lib/server/audit';
import type { JournalEvent } from '$lib/server/journal.service';
import type { LinkMail } from '$lib/server/team.service';

/** One journal event in plain words: who, then what (the page adds when). */

export function eventActor(event: JournalEvent): string {
	const recipient = event.detail.recipientName;
	if (event.actorName) return event.actorName;
	if ((event.action === 'share.view' || event.action === 'share.pdf') && recipient) {
		return m.journal_who_recipient({ name: String(recipient) });
	}
	return event.action === 'retention.destroy' ? m.journal_who_automatic() : m.journal_who_unknown();
}

const phase = (value: unknown) =>
	PHASES.includes(value as PhaseValue) ? phaseLabel(value as PhaseValue) : String(value ?? '');

const invitationTexts: Record<LinkMail, () => string> = {
	sent: m.journal_invitation_create_mailed,
	failed: m.journal_invitation_create_mail_failed,
	off: m.journal_invitation_create_screen
};

/** Every action in words: a new action cannot be recorded without its sentence here. */
const texts: Record<AuditAction, (detail: JournalEvent['detail'], locale: string) => string> = {
	'auth.login': () => m.journal_login(),
	'auth.login_failed': () => m.journal_login_failed(),
	'auth.logout': () => m.journal_logout(),
	'auth.logout_all': () => m.journal_logout_all(),
	'invitation.create': (d) =>
		(invitationTexts[String(d.mail) as LinkMail] ?? m.journal_invitation_create)(),
	'invitation.accept': () => m.journal_invitation_accept(),
	'auth.password_changed': () => m.journal_password_changed(),
	'bilan.create': () => m.journal_bilan_create(),
	'bilan.update': () => m.journal_bilan_update(),
	'bilan.assign': (d) =>
		typeof d.toName !== 'string'
			? m.journal_bilan_assign()
			: typeof d.fromName === 'string'
				? m.journal_bilan_assign_named({ from: d.fromName, to: d.toName })
				: m.journal_bilan_assign_to({ to: d.toName }),
	'bilan.phase': (d) => m.journal_bilan_phase({ from: phase(d.from), to: phase(d.to) }),
	'bilan.close': () => m.journal_bilan_close(),
	'rendezvous.create': () => m.journal_rendezvous_create(),
	'rendezvous.start': () => m.journal_rendezvous_start(),
	'rendezvous.end': () => m.journal_rendezvous_end(),
	'attendance.sign': (d, locale) =>
		m.journal_attendance_sign({
			day: typeof d.day === 'string' ? formatCalendarDate(d.day, locale) : ''
		}),
	'attendance.export': (d) =>
		m.journal_attendance_export({ format: String(d.format ?? '').toUpperCase() }),
	'closure.agree': () => m.journal_closure_agree(),
	'retention.destroy': () => m.journal_retention_destroy(),
	'board.lock': () => m.journal_board_lock(),
	'board.unlock': () => m.journal_board_unlock(),
	'snapshot.create': () => m.journal_snapshot_create(),
	'snapshot.restore': () => m.journal_snapshot_restore(),
	'board.rename': () => m.journal_board_rename(),
	'board.delete': () => m.journal_board_delete(),
	'synthese.validate': (d) => m.journal_synthese_validate({ version: String(d.version ?? '') }),
	'synthese.pdf': () => m.journal_synthese_pdf(),
	'archive.download': () => m.journal_archive_download(),
	'share.create': (d) =>
		typeof d.version === 'number'
			? m.journal_share_create_version({ name: String(d.recipientName ?? ''), version: d.version })
			: m.journal_share_create({ name: String(d.recipientName ?? '') }),
	'share.update': (d) =>
		m.journal_share_update({ name: String(d.recipientName ?? ''), version: String(d.version) }),
	'share.revoke': (d) => m.journal_share_revoke({ name: String(d.recipientName ?? '') }),
	'share.view': () => m.journal_share_view(),
	'share.pdf': () => m.journal_share_pdf(),
	'questionnaire.submit': (d) =>
		m.journal_questionnaire_submit({
			name: QUESTIONNAIRES.includes(d.questionnaire as QuestionnaireValue)
				? questionnaireName(d.questionnaire as QuestionnaireValue)
				: ''
		}),
	'test_result.create': () => m.journal_test_result_create(),
	'test_result.delete': () => m.journal_test_result_delete(),
	'employer_agreement.update': () => m.journal_employer_agreement_update(),
	'gdpr.export': () => m.journal_gdpr_export(),
	'gdpr.erasure_request': () => m.journal_gdpr_erasure_request(),
	'gdpr.erasure_withdraw': () => m.journal_gdpr_erasure_withdraw(),
	'gdpr.erasure_done': () => m.journal_gdpr_erasure_done(),
	'cohort.create': () => m.journal_cohort_create(),
	'cohort.join': () => m.journal_cohort_join(),
	'cohort.charter': () => m.journal_cohort_charter(),
	'cohort.exercise': () => m.journal_cohort_exercise(),
	'cohort.carry': () => m.journal_cohort_carry(),
	'cohort.end': () => m.journal_cohort_end(),
	'cohort.close': () => m.journal_cohort_close(),
	'cohort.seance.start': () => m.journal_cohort_seance_start(),
	'cohort.seance.end': () => m.journal_cohort_seance_end()
};

const isAuditAction = (action: string): action is AuditAction => Object.hasOwn(texts, action);

export function eventText(event: JournalEvent, locale: string): string {
	// Events recorded under a name this version no longer has still show.
	return isAuditAction(event.action)
		? texts[event.action](event.detail, locale)
		: m.journal_other({ action: event.action });
}
