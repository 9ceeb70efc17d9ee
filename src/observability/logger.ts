import pino, { type Logger } from 'pino';
import type { Config } from '../config.js';
import { withoutParameters } from '../storage/db/errors.js';

/** JSON logs (pino); pretty-printed only when LOG_PRETTY=true in development. */
export function createLogger(config: Pick<Config, 'LOG_LEVEL' | 'LOG_PRETTY' | 'NODE_ENV'>): Logger {
  const pretty = config.LOG_PRETTY && config.NODE_ENV !== 'production';
  return pino({
    level: config.LOG_LEVEL,
    base: { service: 'codeguardians-gateway' },
    // Database errors are logged without their SQL parameter values.
    serializers: { err: (err: unknown) => withoutParameters(err) },
    redact: { paths: ['req.headers.authorization', 'req.headers["x-api-key"]'], censor: '[redacted]' },
    ...(pretty ? { transport: { target: 'pino-pretty' } } : {}),
  });
}
