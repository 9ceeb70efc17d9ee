// A bare Fastify server that parses the JSON body and returns a fixed JSON body: the baseline.
import Fastify from 'fastify';

const body = JSON.parse(process.env.BENCH_RESPONSE ?? '{"ok":true}') as unknown;
const app = Fastify({ logger: false, bodyLimit: 10 * 1024 * 1024 });
app.post('/api/v1/guards/process', async () => body);
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
console.log(`LISTENING ${typeof address === 'object' && address ? address.port : 0}`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
