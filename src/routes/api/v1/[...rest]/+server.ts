import { apiError } from '$lib/server/api.http';
import type { RequestHandler } from './$types';

/** Unknown API paths and methods answer in JSON too, never with the HTML error page. */
export const fallback: RequestHandler = () => apiError(404, 'Cette adresse de l’API n’existe pas.');
