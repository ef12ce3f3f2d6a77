import { eq } from 'drizzle-orm';
import { recordAudit } from './audit.ts';
import { BILAN_NOT_FOUND, managedBilan } from './bilans.service.ts';
import { Checker, isUuid } from './bilans.validation.ts';
import type { Db } from './db/index.ts';
import { bilans, employerAgreements, type Bilan } from './db/schema.ts';
import { checkPdf } from './pdf-attachment.ts';
import {
	canManageEmployerAgreement,
	canReadEmployerAgreementLetter,
	canViewEmployerAgreement,
	PermissionError,
	type Actor
} from './permissions.ts';

/**
 * The employer's prior agreement to a CPF bilan held during working time (L6323-17): when it was
 * asked for, when it was granted, and the signed letter as a PDF. It belongs to the bilan's
 * funding, like the funding itself: whoever sees the bilan's metadata sees it (an admin preparing
 * a funder's or a Qualiopi audit needs the proof), whoever manages the bilan records it. It holds
 * nothing of the bilan's content, and the employer, who has no account, is shown nothing.
 * `$lib/bilans/employer-agreement.ts` decides when it is needed and when to warn.
 */

/** What pages and the API show: the dates and whether a letter is attached. */
export interface AgreementView {
	requestedOn: string | null;
	grantedOn: string | null;
	attachmentSize: number | null;
	updatedAt: Date;
}

function notFound(): PermissionError {
	return new PermissionError('not_found', BILAN_NOT_FOUND);
}

const viewColumns = {
	requestedOn: employerAgreements.requestedOn,
	grantedOn: employerAgreements.grantedOn,
	attachmentSize: employerAgreements.attachmentSize,
	updatedAt: employerAgreements.updatedAt
};

/** The agreement of a bilan the actor sees (loaded through getBilan); null when none recorded. */
export async function employerAgreementOf(
	db: Db,
	actor: Actor,
	bilan: Bilan
): Promise<AgreementView | null> {
	if (!canViewEmployerAgreement(actor, bilan)) throw notFound();
	const [row] = await db
		.select(viewColumns)
		.from(employerAgreements)
		.where(eq(employerAgreements.bilanId, bilan.id));
	return row ?? null;
}

/** Raw values of the form (or a JSON body). */
export interface AgreementInput {
	requestedOn?: unknown;
	grantedOn?: unknown;
	/** Take the attached letter away: `true` or the form's "on"/"true". */
	removeAttachment?: unknown;
}

/**
 * Records the agreement's dates (empty: not yet), and its letter when `attachment` holds a PDF
 * of at most `maxBytes` (replacing the one before; kept when none is sent).
 */
export async function saveEmployerAgreement(
	db: Db,
	actor: Actor,
	bilanId: string,
	input: AgreementInput,
	attachment: Uint8Array | null,
	maxBytes: number
): Promise<AgreementView> {
	const bilan = await managedBilan(db, actor, bilanId);
	if (!canManageEmployerAgreement(actor, bilan)) throw notFound();
	const check = new Checker();
	const requestedOn = check.date('requestedOn', input.requestedOn, false);
	const grantedOn = check.date('grantedOn', input.grantedOn, false);
	if (requestedOn && grantedOn && grantedOn < requestedOn) {
		check.fail('grantedOn', 'L’accord ne peut pas être donné avant d’avoir été demandé.');
	}
	const pdf = checkPdf(check, 'attachment', attachment, maxBytes);
	check.done();
	const remove = [true, 'true', 'on'].includes(input.removeAttachment as string | boolean);
	const values = {
		requestedOn: requestedOn ?? null,
		grantedOn: grantedOn ?? null,
		updatedBy: actor.id,
		updatedAt: new Date(),
		...(pdf ? { attachment: pdf, attachmentSize: pdf.length } : {}),
		...(remove && !pdf ? { attachment: null, attachmentSize: null } : {})
	};
	return db.transaction(async (tx) => {
		const [row] = await tx
			.insert(employerAgreements)
			.values({ bilanId: bilan.id, ...values })
			.onConflictDoUpdate({ target: employerAgreements.bilanId, set: values })
			.returning(viewColumns);
		await recordAudit(tx, {
			organisationId: bilan.organisationId,
			actorId: actor.id,
			action: 'employer_agreement.update',
			targetType: 'bilan',
			targetId: bilan.id,
			detail: {
				requestedOn: row!.requestedOn,
				grantedOn: row!.grantedOn,
				attachment: row!.attachmentSize !== null
			}
		});
		return row!;
	});
}

/** The agreement's letter, for the beneficiary and their consultant; 404 when there is none. */
export async function employerAgreementAttachment(
	db: Db,
	actor: Actor,
	bilanId: string
): Promise<Uint8Array> {
	if (!isUuid(bilanId)) throw notFound();
	const [row] = await db
		.select({ bilan: bilans, bytes: employerAgreements.attachment })
		.from(bilans)
		.leftJoin(employerAgreements, eq(employerAgreements.bilanId, bilans.id))
		.where(eq(bilans.id, bilanId.toLowerCase()));
	if (!row || !canReadEmployerAgreementLetter(actor, row.bilan)) throw notFound();
	if (!row.bytes) {
		throw new PermissionError('not_found', 'Aucun courrier d’accord n’est joint à ce bilan.');
	}
	return row.bytes;
}

/** A bilan's agreement with its letter, for its archive (the caller checked the permission). */
export async function employerAgreementForArchive(db: Db, bilanId: string) {
	const [row] = await db
		.select({ ...viewColumns, attachment: employerAgreements.attachment })
		.from(employerAgreements)
		.where(eq(employerAgreements.bilanId, bilanId));
	return row ?? null;
}

/**
 * Erasure (GDPR): the letter names the person and cannot be anonymised, so it goes; its dates
 * stay, as the attendance signatures stay under "Personne effacée", for the funders.
 */
export async function dropAgreementLetter(tx: Db, bilanId: string): Promise<void> {
	await tx
		.update(employerAgreements)
		.set({ attachment: null, attachmentSize: null })
		.where(eq(employerAgreements.bilanId, bilanId));
}
