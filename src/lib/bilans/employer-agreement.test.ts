import { describe, expect, it } from 'vitest';
import { agreementStatus, warnBeforeFirstSeance, type AgreementFacts } from './employer-agreement';

const cpfAtWork: AgreementFacts = { funding: 'cpf', workingTime: true, agreement: null };

describe('the employer’s agreement', () => {
	it('is needed only for a CPF bilan during working time', () => {
		expect(agreementStatus({ ...cpfAtWork, workingTime: false })).toBe('not_required');
		for (const funding of ['france_travail', 'opco', 'employeur', 'personnel'] as const) {
			expect(agreementStatus({ ...cpfAtWork, funding })).toBe('not_required');
		}
		expect(agreementStatus(cpfAtWork)).toBe('missing');
	});

	it('is missing, then requested, then granted as its dates are recorded', () => {
		const dates = (requestedOn: string | null, grantedOn: string | null) =>
			agreementStatus({ ...cpfAtWork, agreement: { requestedOn, grantedOn } });
		expect(dates(null, null)).toBe('missing');
		expect(dates('2026-11-02', null)).toBe('requested');
		expect(dates('2026-11-02', '2026-11-09')).toBe('granted');
		// A letter dated without the request's date still grants it.
		expect(dates(null, '2026-11-09')).toBe('granted');
	});

	it('warns before the first séance only, while it is not granted', () => {
		expect(warnBeforeFirstSeance(cpfAtWork, 0)).toBe(true);
		const requested = { ...cpfAtWork, agreement: { requestedOn: '2026-11-02', grantedOn: null } };
		expect(warnBeforeFirstSeance(requested, 0)).toBe(true);
		expect(warnBeforeFirstSeance(cpfAtWork, 1)).toBe(false);
		const granted = { ...cpfAtWork, agreement: { requestedOn: null, grantedOn: '2026-11-09' } };
		expect(warnBeforeFirstSeance(granted, 0)).toBe(false);
		expect(warnBeforeFirstSeance({ ...cpfAtWork, funding: 'opco' }, 0)).toBe(false);
	});
});
