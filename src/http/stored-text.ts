import { z } from 'zod';

/**
 * A string the API stores. PostgreSQL cannot hold U+0000 in text, so a value with it is refused
 * here with a 400 that names the field, instead of by the database (error-handler.ts catches any
 * field without this schema).
 */
export const storedString = () =>
  z.string().refine((s) => !s.includes('\u0000'), 'must not contain the NUL character (U+0000)');
