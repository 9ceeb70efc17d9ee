import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { errorHandler } from '../../src/gateway/error-handler.js';
import { sharedTestDb } from '../helpers/app.js';

// A unique key written first by another request (SQLSTATE 23505) is the client's race, not a bug
// of the server: any route that meets one answers 409 CONFLICT, never a 500.
describe('a unique key another request wrote first', () => {
  it('is a 409 CONFLICT through the error handler', async () => {
    const db = await sharedTestDb();
    await db.query('CREATE TEMP TABLE IF NOT EXISTS unique_race (k text PRIMARY KEY)');
    const app = Fastify();
    app.setErrorHandler(errorHandler);
    const key = `race-${process.pid}-${Date.now()}`;
    app.post('/insert', async () => db.query('INSERT INTO unique_race (k) VALUES ($1)', [key]));
    expect((await app.inject({ method: 'POST', url: '/insert' })).statusCode).toBe(200);
    const again = await app.inject({ method: 'POST', url: '/insert' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('CONFLICT');
    await app.close();
  });
});
