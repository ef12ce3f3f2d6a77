import QRCode from 'qrcode';

/** The presentation screen's QR code of the page that joins the séance, as an SVG. */
export function joinQrSvg(joinUrl: string): Promise<string> {
	return QRCode.toString(joinUrl, {
		type: 'svg',
		margin: 1,
		errorCorrectionLevel: 'M',
		color: { dark: '#1d2330', light: '#ffffff' }
	});
}
