import { and, eq, inArray } from 'drizzle-orm';
import {
	ACTIONS_TAKEN,
	COMMENT_MAX_LENGTH,
	COMMENTS_MIN_RESPONSES,
	FOLLOW_UP_QUESTIONNAIRE_MONTHS,
	OBJECTIVES,
	QUESTIONNAIRES,
	RECOMMEND,
	SATISFACTION_MAX,
	SATISFACTION_MIN,
	SITUATIONS,
	type QuestionnaireAnswers,
	type QuestionnaireValue
} from '../questionnaires/values.ts';
import { recordAudit } from './audit.ts';
import { getBilan, type BilanSummary } from './bilans.service.ts';
import { Checker } from './bilans.validation.ts';
import { isUniqueViolation } from './db/errors.ts';
import type { Db } from './db/index.ts';
import { bilanClosures, bilans, questionnaireEnum, questionnaireResponses } from './db/schema.ts';
import {
	canAnswerQuestionnaire,
	canViewQuestionnaireStats,
	isClosedPhase,
	PermissionError,
	type Actor
} from './permissions.ts';

/**
 * Qualiopi indicator 30: the end-of-bilan questionnaire (once the bilan is closed, phase suivi or
 * clos) and the six-month one (six months after the close recorded in `bilan_closures`), each
 * answered once by the beneficiary. Their consultant sees whether they were answered, never the
 * answers; the admin sees the organisation's statistics, with free comments anonymised.
 */

if (QUESTIONNAIRES.join() !== questionnaireEnum.enumValues.join()) {
	throw new Error('src/lib/questionnaires/values.ts no longer matches the database enum');
}

export interface QuestionnaireItem {
	questionnaire: QuestionnaireValue;
	/** When it opens (opened) or will open; null while that depends on the close to come. */
	opensAt: Date | null;
	available: boolean;
	submittedAt: Date | null;
	/** The person's own answers: for the beneficiary only. */
	answers: QuestionnaireAnswers | null;
}

export interface QuestionnairesView {
	bilan: BilanSummary;
	canAnswer: boolean;
	items: QuestionnaireItem[];
}

/** The same instant `months` calendar months later, on the month's last day when it is shorter. */
export function monthsLater(from: Date, months: number): Date {
	const target = new Date(from);
	target.setUTCDate(1);
	target.setUTCMonth(target.getUTCMonth() + months);
	const lastDay = new Date(
		Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)
	).getUTCDate();
	target.setUTCDate(Math.min(from.getUTCDate(), lastDay));
	return target;
}

async function closedAtOf(db: Db, bilanId: string): Promise<Date | null> {
	const [row] = await db
		.select({ closedAt: bilanClosures.closedAt })
		.from(bilanClosures)
		.where(eq(bilanClosures.bilanId, bilanId));
	return row?.closedAt ?? null;
}

function opening(questionnaire: QuestionnaireValue, bilan: BilanSummary, closedAt: Date | null) {
	if (questionnaire === 'fin_de_bilan') {
		return { opensAt: closedAt, open: isClosedPhase(bilan.phase) };
	}
	const opensAt = closedAt ? monthsLater(closedAt, FOLLOW_UP_QUESTIONNAIRE_MONTHS) : null;
	return { opensAt, open: false };
}

/** The bilan's two questionnaires: when they open, whether they were answered. */
export async function listQuestionnaires(
	db: Db,
	actor: Actor,
	bilanId: string,
	now = new Date()
): Promise<QuestionnairesView> {
	const bilan = await getBilan(db, actor, bilanId);
	const canAnswer = canAnswerQuestionnaire(actor, bilan);
	const closedAt = await closedAtOf(db, bilan.id);
	const responses = await db
		.select()
		.from(questionnaireResponses)
		.where(eq(questionnaireResponses.bilanId, bilan.id));
	const items = QUESTIONNAIRES.map((questionnaire): QuestionnaireItem => {
		const { opensAt, open } = opening(questionnaire, bilan, closedAt);
		const response = responses.find((r) => r.questionnaire === questionnaire);
		return {
			questionnaire,
			opensAt,
			available: open || (opensAt !== null && opensAt.getTime() <= now.getTime()),
			submittedAt: response?.submittedAt ?? null,
			answers: canAnswer && response ? (response.answers as unknown as QuestionnaireAnswers) : null
		};
	});
	return { bilan, canAnswer, items };
}

/** Raw values as the form sends them. */
export type QuestionnaireInput = Partial<Record<keyof QuestionnaireAnswers, unknown>>;

function readAnswers(questionnaire: QuestionnaireValue, input: QuestionnaireInput) {
	const check = new Checker();
	const choose = 'Choisissez une réponse.';
	const answers: QuestionnaireAnswers = {
		satisfaction: check.integer(
			'satisfaction',
			input.satisfaction,
			SATISFACTION_MIN,
			SATISFACTION_MAX,
			'Choisissez une note de 1 à 5.'
		)!,
		objectives: check.oneOf('objectives', input.objectives, OBJECTIVES, choose)!,
		recommend: check.oneOf('recommend', input.recommend, RECOMMEND, choose)!,
		comment: check.text('comment', input.comment, false, COMMENT_MAX_LENGTH) ?? null
	};
	if (questionnaire === 'six_mois') {
		answers.situation = check.oneOf('situation', input.situation, SITUATIONS, choose);
		answers.actionsTaken = check.oneOf('actionsTaken', input.actionsTaken, ACTIONS_TAKEN, choose);
	}
	check.done();
	return answers;
}

const ALREADY_ANSWERED = 'Vous avez déjà répondu à ce questionnaire : merci !';

/** Records the beneficiary's answers to a questionnaire that is open, once. */
export async function submitQuestionnaire(
	db: Db,
	actor: Actor,
	bilanId: string,
	questionnaire: string,
	input: QuestionnaireInput,
	now = new Date()
): Promise<void> {
	const view = await listQuestionnaires(db, actor, bilanId, now);
	const item = view.items.find((i) => i.questionnaire === questionnaire);
	if (!item) throw new PermissionError('not_found', 'Ce questionnaire n’existe pas.');
	if (!view.canAnswer) {
		throw new PermissionError(
			'forbidden',
			'Seule la personne bénéficiaire répond au questionnaire.'
		);
	}
	if (!item.available) {
		throw new PermissionError('forbidden', 'Ce questionnaire n’est pas encore ouvert.');
	}
	if (item.submittedAt) throw new PermissionError('forbidden', ALREADY_ANSWERED);
	const answers = readAnswers(item.questionnaire, input);
	try {
		await db.transaction(async (tx) => {
			await tx.insert(questionnaireResponses).values({
				bilanId: view.bilan.id,
				questionnaire: item.questionnaire,
				answers: { ...answers },
				submittedBy: actor.id,
				submittedAt: now
			});
			await recordAudit(tx, {
				organisationId: view.bilan.organisationId,
				actorId: actor.id,
				action: 'questionnaire.submit',
				targetType: 'bilan',
				targetId: view.bilan.id,
				detail: { questionnaire: item.questionnaire }
			});
		});
	} catch (cause) {
		// Two submissions at once: the unique index keeps the first.
		if (isUniqueViolation(cause)) throw new PermissionError('forbidden', ALREADY_ANSWERED);
		throw cause;
	}
}

export interface QuestionnaireStats {
	questionnaire: QuestionnaireValue;
	/** Bilans for which the questionnaire is open (or was answered). */
	eligible: number;
	responses: number;
	/** Average satisfaction 1–5, null without responses. */
	averageSatisfaction: number | null;
	/** Answer → number of people, for each closed question. */
	counts: Record<string, Record<string, number>>;
	/** Free comments, without name, bilan or date, in alphabetical order; empty below the threshold. */
	comments: string[];
	commentsHidden: boolean;
}

const COUNTED: Record<QuestionnaireValue, (keyof QuestionnaireAnswers)[]> = {
	fin_de_bilan: ['satisfaction', 'objectives', 'recommend'],
	six_mois: ['satisfaction', 'objectives', 'recommend', 'situation', 'actionsTaken']
};

/** The organisation's questionnaire statistics (admins): aggregated, comments anonymised. */
export async function questionnaireStats(
	db: Db,
	actor: Actor,
	now = new Date()
): Promise<QuestionnaireStats[]> {
	if (!canViewQuestionnaireStats(actor, actor.organisationId)) {
		throw new PermissionError('forbidden', 'Ces statistiques sont réservées à l’administration.');
	}
	const ofOrganisation = eq(bilans.organisationId, actor.organisationId);
	const closed = await db
		.select({ phase: bilans.phase, closedAt: bilanClosures.closedAt })
		.from(bilans)
		.leftJoin(bilanClosures, eq(bilanClosures.bilanId, bilans.id))
		.where(and(ofOrganisation, inArray(bilans.phase, ['suivi', 'clos'])));
	const rows = await db
		.select({
			questionnaire: questionnaireResponses.questionnaire,
			answers: questionnaireResponses.answers
		})
		.from(questionnaireResponses)
		.innerJoin(bilans, eq(bilans.id, questionnaireResponses.bilanId))
		.where(ofOrganisation);
	return QUESTIONNAIRES.map((questionnaire) => {
		const answers = rows
			.filter((row) => row.questionnaire === questionnaire)
			.map((row) => row.answers as unknown as QuestionnaireAnswers);
		const open = closed.filter(
			(bilan) =>
				questionnaire === 'fin_de_bilan' ||
				(bilan.closedAt &&
					monthsLater(bilan.closedAt, FOLLOW_UP_QUESTIONNAIRE_MONTHS).getTime() <= now.getTime())
		).length;
		const counts: QuestionnaireStats['counts'] = {};
		for (const question of COUNTED[questionnaire]) {
			const tally: Record<string, number> = {};
			for (const answer of answers) {
				const value = answer[question];
				if (value !== undefined && value !== null)
					tally[String(value)] = (tally[String(value)] ?? 0) + 1;
			}
			counts[question] = tally;
		}
		const commentsHidden = answers.length < COMMENTS_MIN_RESPONSES;
		const total = answers.reduce((sum, answer) => sum + answer.satisfaction, 0);
		return {
			questionnaire,
			eligible: Math.max(open, answers.length),
			responses: answers.length,
			averageSatisfaction: answers.length ? Math.round((total / answers.length) * 10) / 10 : null,
			counts,
			comments: commentsHidden
				? []
				: answers
						.map((answer) => answer.comment)
						.filter((comment): comment is string => Boolean(comment))
						.sort((a, b) => a.localeCompare(b, 'fr')),
			commentsHidden
		};
	});
}
