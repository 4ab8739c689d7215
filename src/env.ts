/**
 * The environment variable each setting is read from. Its own module, free of side effects,
 * so that code naming a variable in an error message does not pull in the config schema.
 * @module
 */

/** The environment variables each setting is read from. */
export const ENV_NAMES: Readonly<Record<string, string>> = {
  url: "AUTHROCKET_URL",
  apiKey: "AUTHROCKET_API_KEY",
  realm: "AUTHROCKET_REALM",
  account: "AUTHROCKET_ACCOUNT",
  jwtSecret: "AUTHROCKET_JWT_SECRET",
  loginUrl: "AUTHROCKET_LOGIN_URL",
};
