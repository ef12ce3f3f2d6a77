import type { FundingValue } from './values.ts';

/**
 * The employer's prior agreement (Code du travail L6323-17): a bilan funded by the CPF and held,
 * in whole or in part, during working time needs it before it starts. Plain TypeScript, for the
 * server (the bilan page, the API) and the pages alike.
 */

/** Where the agreement stands: not needed, granted, asked for and awaited, or not even asked. */
export type AgreementStatus = 'not_required' | 'granted' | 'requested' | 'missing';

export interface AgreementFacts {
	funding: FundingValue;
	workingTime: boolean;
	/** The agreement's dates as recorded (null: no agreement recorded at all). */
	agreement: { requestedOn: string | null; grantedOn: string | null } | null;
}

export function agreementStatus({
	funding,
	workingTime,
	agreement
}: AgreementFacts): AgreementStatus {
	if (funding !== 'cpf' || !workingTime) return 'not_required';
	if (agreement?.grantedOn) return 'granted';
	return agreement?.requestedOn ? 'requested' : 'missing';
}

/**
 * Whether to warn the consultant: the agreement is needed and not granted, and no séance has
 * been held yet (once one was, starting the next one no longer comes "before" the bilan starts).
 */
export function warnBeforeFirstSeance(facts: AgreementFacts, seancesHeld: number): boolean {
	const status = agreementStatus(facts);
	return (status === 'missing' || status === 'requested') && seancesHeld === 0;
}
