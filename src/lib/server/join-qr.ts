import QRCode from 'qrcode';
import { JOIN_PARAM } from '$lib/seance/follow-pages';

/** The presentation screen's QR code of the page that joins the séance, as an SVG. */
function joinQrSvg(joinUrl: string): Promise<string> {
	return QRCode.toString(joinUrl, {
		type: 'svg',
		margin: 1,
		errorCorrectionLevel: 'M',
		color: { dark: '#1d2330', light: '#ffffff' }
	});
}

/**
 * What the presentation screen shows for the people in the room to join on their own device: the
 * link of `pagePath` (the bilan's or the cohort's page) that joins the séance at once, after
 * signing in if need be, and its QR code.
 */
export async function screenJoin(
	pagePath: string,
	origin: string
): Promise<{ joinUrl: string; qrSvg: string }> {
	const joinUrl = new URL(`${pagePath}?${JOIN_PARAM}`, origin).href;
	return { joinUrl, qrSvg: await joinQrSvg(joinUrl) };
}
