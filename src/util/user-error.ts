/**
 * A start-up refusal the user can fix (a folder in use, a setting to change): the CLI prints its
 * one-line message and exits, without a stack trace.
 */
export class UserFacingError extends Error {
  override readonly name = 'UserFacingError';
}
