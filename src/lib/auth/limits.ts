/** Field limits shared by the forms (browser) and their checks (server). */
export const EMAIL_MAX_LENGTH = 254;
export const NAME_MAX_LENGTH = 120;
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;
