/** The suite's version, sent in the user agent of every AWS call. Checked against package.json by a test. */
export const SUITE_NAME = 'tandem-deploy';
export const SUITE_VERSION = '1.0.0';
