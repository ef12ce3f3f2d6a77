import type { Cookies } from '@sveltejs/kit';
import { DEVICE_COOKIE } from './device.ts';
import { SESSION_COOKIE } from './session.ts';

/** HttpOnly, SameSite=Lax, and Secure whenever the app is served over HTTPS. */
function setCredentialCookie(
	cookies: Cookies,
	name: string,
	url: URL,
	token: string,
	expiresAt: Date
): void {
	cookies.set(name, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		expires: expiresAt
	});
}

export function setSessionCookie(cookies: Cookies, url: URL, token: string, expiresAt: Date): void {
	setCredentialCookie(cookies, SESSION_COOKIE, url, token, expiresAt);
}

/** The device cookie (device.ts) outlives sessions: signing out keeps the browser known. */
export function setDeviceCookie(cookies: Cookies, url: URL, token: string, expiresAt: Date): void {
	setCredentialCookie(cookies, DEVICE_COOKIE, url, token, expiresAt);
}

export function clearSessionCookie(cookies: Cookies): void {
	cookies.delete(SESSION_COOKIE, { path: '/' });
}
