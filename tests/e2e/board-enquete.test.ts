import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { boardTogether, expectSaved, openBoard } from './board-helpers';

const questions = (page: Page) => page.getByTestId('question').getByRole('textbox');
const person = (page: Page, name: string) => page.getByRole('article', { name });
const verdict = (page: Page, label: string) =>
	page.getByRole('group', { name: 'Verdict sur la piste' }).getByLabel(label);

test('two people fill an enquête métier: questions added and removed, one interview typed by both, undo', async ({
	browser
}) => {
	const { consultant, beneficiary, close } = await boardTogether(
		browser,
		'enquete-metier',
		'Enquête'
	);
	// One works in the outline (keyboard, screen reader), the other on the live board.
	await beneficiary.getByRole('button', { name: 'Vue liste (clavier, lecteur d’écran)' }).click();
	// The suggested questions, in the same order on both sides.
	await expect(questions(beneficiary)).toHaveCount(8);
	await expect(questions(beneficiary).first()).toHaveValue(
		'Comment êtes-vous arrivé·e à ce métier ?'
	);

	await consultant.getByLabel('Nouvelle question').fill('Quel salaire pour débuter ?');
	await consultant.getByRole('button', { name: 'Ajouter la question' }).click();
	await expect(questions(beneficiary)).toHaveCount(9);
	await expect(questions(beneficiary).last()).toHaveValue('Quel salaire pour débuter ?');

	// A deletion reaches the other; undoing it brings the question back for both.
	await beneficiary.getByRole('button', { name: 'Retirer Question 1' }).click();
	await expect(questions(consultant)).toHaveCount(8);
	await expect(questions(consultant).first()).toHaveValue(
		'À quoi ressemble une journée ou une semaine type ?'
	);
	await beneficiary.getByRole('button', { name: 'Annuler', exact: true }).click();
	await expect(questions(consultant)).toHaveCount(9);
	await expect(questions(consultant).first()).toHaveValue(
		'Comment êtes-vous arrivé·e à ce métier ?'
	);

	await beneficiary.getByLabel('Prénom', { exact: true }).fill('Nadia');
	await beneficiary.getByLabel('Fonction', { exact: true }).fill('Formatrice');
	await beneficiary.getByLabel('Date de l’entretien', { exact: true }).fill('2027-02-10');
	await beneficiary.getByRole('button', { name: 'Ajouter la personne' }).click();
	const theirs = person(consultant, 'Nadia').getByLabel('Notes de l’entretien');
	const mine = person(beneficiary, 'Nadia').getByLabel('Notes de l’entretien');
	// Both type into the same notes at once: each keeps their words whole.
	await mine.click();
	await mine.pressSequentially('Beaucoup de préparation.');
	await expect(theirs).toHaveValue('Beaucoup de préparation.');
	await theirs.click();
	await theirs.press('Control+Home');
	await theirs.pressSequentially('Avis : ');
	await mine.press('End');
	await mine.pressSequentially(' Horaires du soir.');
	const both = 'Avis : Beaucoup de préparation. Horaires du soir.';
	await expect(mine).toHaveValue(both);
	await expect(theirs).toHaveValue(both);
	await expect(person(consultant, 'Nadia').getByTestId('remote-caret')).toHaveAttribute(
		'data-name',
		'Bruno Bénéficiaire'
	);

	// A verdict, seen by the other, then undone by its author.
	await beneficiary.getByText('Piste à creuser').click();
	await expect(verdict(consultant, 'Piste à creuser')).toBeChecked();
	await beneficiary.getByRole('button', { name: 'Annuler', exact: true }).click();
	await expect(verdict(consultant, 'Pas encore décidé')).toBeChecked();
	// Removing the person takes the interview away for both.
	await consultant.getByRole('button', { name: 'Retirer Nadia' }).click();
	await expect(beneficiary.getByTestId('person')).toHaveCount(0);
	await expectSaved(consultant);
	await close();
});

test('a piste prepares its enquête métier, linked both ways, and notes its formations', async ({
	browser
}) => {
	test.slow();
	const { consultant, beneficiary, path, close } = await boardTogether(
		browser,
		'action-plan',
		'Plan'
	);
	await consultant.getByLabel('Intitulé de la piste').fill('Devenir formatrice');
	await consultant.getByRole('button', { name: 'Ajouter la piste' }).click();
	const card = (page: Page) => page.getByRole('article', { name: 'Devenir formatrice' });

	// A formation noted on one side appears on the other; only an http(s) link is taken.
	await card(consultant).getByText('Noter une formation').click();
	await card(consultant).getByLabel('Intitulé de la formation').fill('Titre pro FPA');
	await card(consultant).getByLabel('Organisme').fill('AFPA');
	await card(consultant).getByLabel('Éligible au CPF').check();
	const link = card(consultant).getByLabel('Lien (adresse http ou https)');
	await link.fill('javascript:alert(1)');
	await card(consultant).getByRole('button', { name: 'Ajouter la formation' }).click();
	await expect(consultant.locator('.alert-error')).toHaveText(
		'Le lien doit commencer par http:// ou https://.'
	);
	await link.fill('https://www.afpa.fr/');
	await card(consultant).getByRole('button', { name: 'Ajouter la formation' }).click();
	const formation = card(beneficiary).getByTestId('formation');
	await expect(formation.getByRole('strong')).toHaveText('Titre pro FPA');
	await expect(formation.getByRole('link')).toHaveAttribute('href', 'https://www.afpa.fr/');

	await card(beneficiary)
		.getByRole('button', { name: /Préparer l’enquête métier/ })
		.click();
	await expect(beneficiary.getByRole('heading', { level: 1 })).toHaveText(
		'Enquête métier — Devenir formatrice'
	);
	await expect(beneficiary.getByRole('link', { name: 'Voir le plan d’action' })).toHaveAttribute(
		'href',
		path
	);
	await expect(beneficiary.getByTestId('board-connection')).toHaveText('Connecté');
	await beneficiary.getByText('Piste confirmée').click();
	await expectSaved(beneficiary);
	const axe = await new AxeBuilder({ page: beneficiary }).analyze();
	expect(
		axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)
	).toEqual([]);
	const enquete = beneficiary.url();

	// The consultant's piste card now leads to the same enquête, with its verdict.
	await openBoard(consultant, path);
	const open = card(consultant).getByRole('link', { name: /Ouvrir l’enquête métier/ });
	await expect(open).toHaveAttribute('href', new URL(enquete).pathname);
	await expect(card(consultant).locator('[data-verdict]')).toHaveAttribute(
		'data-verdict',
		'confirmee'
	);
	await close();
});
