/**
 * The login integration (filled by the hosted-login work).
 * @module
 */
export {};
