/**
 * HTTP helpers for tests against a real server process (tests/helpers/server.ts).
 */

/** The `Origin` header SvelteKit's CSRF check expects on form posts to `baseUrl`. */
export function originOf(baseUrl: string): string {
	return new URL(baseUrl).origin;
}

/** `name=value` pairs of the Set-Cookie headers of a response, ready for a `Cookie` header. */
export function cookiesOf(response: Response): string {
	return response.headers
		.getSetCookie()
		.map((cookie) => cookie.split(';', 1)[0]!)
		.join('; ');
}

/** Posts a form the way a browser without JavaScript does, without following redirects. */
export function postForm(
	url: string,
	fields: Record<string, string>,
	headers: Record<string, string> = {}
): Promise<Response> {
	return fetch(url, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			origin: originOf(url),
			...headers
		},
		body: new URLSearchParams(fields)
	});
}

/**
 * Signs in through the login form and returns the value for a `Cookie` header that carries the
 * session, e.g. `fetch(url, { headers: { cookie: await login(server.url, email, password) } })`.
 * Throws with the status when the login is refused.
 */
export async function login(baseUrl: string, email: string, password: string): Promise<string> {
	const response = await postForm(new URL('/login', baseUrl).toString(), { email, password });
	if (response.status !== 303) {
		throw new Error(`login as ${email} failed: HTTP ${response.status}`);
	}
	const cookie = response.headers
		.getSetCookie()
		.map((header) => header.split(';', 1)[0]!)
		.find((pair) => pair.startsWith('atelier_session='));
	if (!cookie) throw new Error(`login as ${email} set no session cookie`);
	return cookie;
}

/** The password of every seeded demo account. */
export const DEMO_PASSWORD = 'atelier-demo';

/** The seeded demo accounts, by the short name tests use for them. */
export const DEMO_ACCOUNTS = {
	admin: 'admin@demo.atelier.fr',
	consultante: 'consultante@demo.atelier.fr',
	beneficiaire: 'beneficiaire@demo.atelier.fr',
	beneficiaire2: 'beneficiaire2@demo.atelier.fr'
} as const;
export type DemoAccount = keyof typeof DEMO_ACCOUNTS;

/** Signs every demo account in, one after the other; their `Cookie` values by short name. */
export async function loginDemoAccounts(baseUrl: string): Promise<Record<DemoAccount, string>> {
	const cookies = {} as Record<DemoAccount, string>;
	for (const [account, email] of Object.entries(DEMO_ACCOUNTS)) {
		cookies[account as DemoAccount] = await login(baseUrl, email, DEMO_PASSWORD);
	}
	return cookies;
}

/** The id of the demo bilan whose beneficiary is `name`, from the JSON API list `cookie` sees. */
export async function demoBilanId(
	baseUrl: string,
	cookie: string,
	name = 'Bruno Bénéficiaire'
): Promise<string> {
	const list = (await fetch(new URL('/api/v1/bilans', baseUrl), { headers: { cookie } }).then((r) =>
		r.json()
	)) as { bilans: { id: string; beneficiary: { name: string } }[] };
	const bilan = list.bilans.find((b) => b.beneficiary.name === name);
	if (!bilan) throw new Error(`no demo bilan of ${name}`);
	return bilan.id;
}
