// The gateway with its embedded defaults, listening on a free loopback port.
import { composeServer } from '../../src/app/compose.js';
import { loadConfig } from '../../src/config.js';

const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env, HOST: '127.0.0.1', PORT: '0' });
const server = await composeServer(config);
await server.app.listen({ host: '127.0.0.1', port: 0 });
const address = server.app.server.address();
console.log(`LISTENING ${typeof address === 'object' && address ? address.port : 0}`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
