import * as core from '@actions/core';
import { decodedOrAsWritten } from './names.js';

// The one place that decides what is a secret in a value the suite handles (a database URL, an
// environment variable, a build argument) and how it is hidden: registered with the runner's
// mask for the log, replaced by *** in what the suite writes itself (diffs, summaries, reports).

export const HIDDEN = '***';

// A piece this short is left alone: masking it would hide ordinary words all over the log.
const SHORTEST_PIECE = 4;

/** Names whose values are secrets by convention: DB_PASSWORD, SECRET_KEY, NPM_TOKEN, SENTRY_DSN, ... Too many hidden beats one shown. */
const SECRET_NAME = /PASSW(OR)?D|PASSPHRASE|SECRET|TOKEN|CREDENTIAL|PRIVATE|KEY|SALT|DSN/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * The password of a URL as written and URL-decoded: where a URL parser finds it (the user part
 * before the first `/`, `?` or `#`, up to its last `@`, as urllib and dj-database-url read it),
 * and where the person meant it (up to the last `@` of the whole URL) when `/`, `?` or `#` in it
 * were not encoded. Such a URL splits in odd places in a parser, whose errors may print a piece
 * of it, so the pieces are included too.
 */
export function urlPasswordForms(value: string): string[] {
  const rest = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/(.*)$/s.exec(value.trim())?.[1];
  if (rest === undefined) return [];
  const parsed = /^([^/?#]*)@/.exec(rest)?.[1];
  const meant = rest.includes('@') ? rest.slice(0, rest.lastIndexOf('@')) : undefined;
  const forms: string[] = [];
  for (const userinfo of [parsed, meant]) {
    const colon = userinfo?.indexOf(':') ?? -1;
    if (!userinfo || colon === -1 || colon === userinfo.length - 1) continue;
    const password = userinfo.slice(colon + 1);
    forms.push(password, decodedOrAsWritten(password));
    if (/[/?#@]/.test(password)) forms.push(...password.split(/[/?#@:]/).filter((piece) => piece.length >= SHORTEST_PIECE));
  }
  return [...new Set(forms)];
}

/** Whether a value is a URL that holds a password (postgres://app:PASSWORD@host/db). */
export function hasUrlPassword(value: string): boolean {
  return urlPasswordForms(value).length > 0;
}

/** Whether the value of a variable, argument or setting named `name` is a secret, or holds one. */
export function carriesSecret(name: string, value: string): boolean {
  return isSecretName(name) || hasUrlPassword(value);
}

/** The value as the suite may show it: *** for a secret by name, a URL with its password as ***, else the value. */
export function shownValue(name: string, value: string): string {
  if (isSecretName(name)) return HIDDEN;
  return hideSecrets(value, urlPasswordForms(value));
}

/** Cuts every secret (longest first, so a piece never leaves the rest of a longer one) out of a text. */
export function hideSecrets(text: string, secrets: Iterable<string>): string {
  const longestFirst = [...new Set(secrets)].filter(Boolean).sort((a, b) => b.length - a.length);
  return longestFirst.reduce((result, secret) => result.split(secret).join(HIDDEN), text);
}

/**
 * Registers each value with the runner's mask, and the password inside a URL-shaped value in
 * every form it could be printed, so a log line never shows either. Call before anything that
 * might print it. Returns what was registered, for texts the runner does not mask (files).
 */
export function mask(...values: Array<string | undefined>): string[] {
  const registered: string[] = [];
  for (const value of values) {
    if (!value) continue;
    for (const form of [...urlPasswordForms(value), value]) {
      core.setSecret(form);
      registered.push(form);
    }
  }
  return registered;
}
