import { describe, expect, it } from 'vitest';
import { normalizeEmail, readLoginForm } from './login.ts';

function form(fields: Record<string, string>): FormData {
	const data = new FormData();
	for (const [k, v] of Object.entries(fields)) data.set(k, v);
	return data;
}

describe('readLoginForm', () => {
	it('normalises the email and keeps the password exactly', () => {
		expect(readLoginForm(form({ email: '  Claire@Demo.FR ', password: ' secret ' }))).toEqual({
			ok: true,
			form: { email: 'claire@demo.fr', password: ' secret ' }
		});
		expect(normalizeEmail('\tA@B.C\n')).toBe('a@b.c');
	});

	it('names each problem and gives the typed email back', () => {
		expect(readLoginForm(form({ password: 'x' }))).toEqual({
			ok: false,
			email: '',
			problem: 'email_required'
		});
		expect(readLoginForm(form({ email: `${'a'.repeat(250)}@b.fr`, password: 'x' }))).toMatchObject({
			ok: false,
			problem: 'email_too_long'
		});
		expect(readLoginForm(form({ email: `${'a'.repeat(245)}@b.fr`, password: 'x' }))).toMatchObject({
			ok: true
		});
		expect(readLoginForm(form({ email: 'Claire@demo.fr' }))).toEqual({
			ok: false,
			email: 'claire@demo.fr',
			problem: 'password_required'
		});
		expect(readLoginForm(form({ email: 'c@d.fr', password: 'p'.repeat(257) }))).toMatchObject({
			problem: 'password_too_long'
		});
		expect(readLoginForm(form({ email: 'c@d.fr', password: 'p'.repeat(256) }))).toMatchObject({
			ok: true
		});
	});

	it('treats a file upload in place of a field as an empty field', () => {
		const data = new FormData();
		data.set('email', new Blob(['x']), 'email.txt');
		data.set('password', 'x');
		expect(readLoginForm(data)).toMatchObject({ ok: false, problem: 'email_required' });
	});
});
