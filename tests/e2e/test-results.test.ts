import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { DEMO, loginAs } from './helpers';

/**
 * Issue 18, items 3 and 4: a CPF bilan during working time warns the consultant until the
 * employer's agreement is recorded; the consultant records a test result with its report, which
 * the beneficiary then reads.
 */

const pdf = (text: string) => ({
	name: 'document.pdf',
	mimeType: 'application/pdf',
	buffer: Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`)
});

test('the employer’s agreement, then a test result the beneficiary reads', async ({ browser }) => {
	const consultantContext = await browser.newContext();
	const consultant = await consultantContext.newPage();
	await loginAs(consultant, DEMO.consultante);

	// A new CPF bilan held during working time: warned before the first séance.
	await consultant.goto('/bilans/nouveau');
	await consultant.waitForLoadState('networkidle');
	await consultant
		.getByLabel('Personne bénéficiaire')
		.selectOption({ label: `Nadia Bénéficiaire — ${DEMO.beneficiaire2}` });
	await consultant.getByLabel('Sur le temps de travail').selectOption('true');
	await consultant.getByRole('button', { name: 'Créer le bilan' }).click();
	await expect(consultant.getByText('Le bilan a été créé.')).toBeVisible();
	const bilanPath = new URL(consultant.url()).pathname;
	await expect(consultant.getByText(/^Avant la première séance/)).toBeVisible();
	await expect(consultant.getByText(/^Attention : l’accord préalable/)).toBeVisible();

	// The agreement and its letter: the warning goes.
	await consultant.getByLabel('Accord demandé le').fill('2026-11-02');
	await consultant.getByLabel('Accord donné le').fill('2026-11-09');
	await consultant.getByLabel('Courrier d’accord (PDF, facultatif)').setInputFiles(pdf('accord'));
	await consultant.getByRole('button', { name: 'Enregistrer l’accord' }).click();
	await expect(consultant.getByText('L’accord de l’employeur est enregistré.')).toBeVisible();
	await expect(consultant.getByText('L’employeur a donné son accord.')).toBeVisible();
	await expect(consultant.getByText(/^Avant la première séance/)).toHaveCount(0);
	await expect(consultant.getByRole('link', { name: /Télécharger le courrier/ })).toBeVisible();

	// A test result: a file that is no PDF is refused with what was typed kept, then the report.
	await consultant.getByRole('link', { name: 'Voir les résultats de tests' }).click();
	await consultant.getByLabel('Nom du test').fill('Inventaire d’intérêts');
	await consultant.getByLabel('Date de passation').fill('2026-11-12');
	await consultant.getByLabel('Résultat', { exact: true }).fill('Intérêt marqué pour le conseil.');
	await consultant.getByLabel('Compte rendu (PDF, facultatif)').setInputFiles({
		name: 'photo.pdf',
		mimeType: 'application/pdf',
		buffer: Buffer.from('pas un pdf')
	});
	await consultant.getByRole('button', { name: 'Enregistrer le résultat' }).click();
	await expect(consultant.getByText('Ce fichier n’est pas un PDF')).toBeVisible();
	await expect(consultant.getByLabel('Nom du test')).toHaveValue('Inventaire d’intérêts');
	await consultant.getByLabel('Compte rendu (PDF, facultatif)').setInputFiles(pdf('rapport'));
	await consultant.getByRole('button', { name: 'Enregistrer le résultat' }).click();
	await expect(consultant.getByText('Le résultat est enregistré.')).toBeVisible();
	await expect(consultant.getByRole('heading', { name: 'Inventaire d’intérêts' })).toBeVisible();
	expect((await new AxeBuilder({ page: consultant }).analyze()).violations).toEqual([]);

	// The beneficiary reads it, with its report, and records nothing.
	const beneficiaryContext = await browser.newContext();
	const beneficiary = await beneficiaryContext.newPage();
	await loginAs(beneficiary, DEMO.beneficiaire2);
	await beneficiary.goto(`${bilanPath}/resultats-tests`);
	await expect(beneficiary.getByText('Intérêt marqué pour le conseil.')).toBeVisible();
	await expect(
		beneficiary.getByRole('link', { name: /Télécharger le compte rendu/ })
	).toBeVisible();
	await expect(beneficiary.getByRole('button', { name: 'Enregistrer le résultat' })).toHaveCount(0);

	await consultantContext.close();
	await beneficiaryContext.close();
});
