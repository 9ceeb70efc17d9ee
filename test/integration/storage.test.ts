import { pino } from 'pino';
import { MemoryKeyValueStore } from '../../src/storage/kv/memory.js';
import { RedisKeyValueStore } from '../../src/storage/kv/redis.js';
import { ResilientKeyValueStore } from '../../src/storage/kv/resilient.js';
import { dbContract } from '../contract/db.contract.js';
import { kvContract } from '../contract/kv.contract.js';
import { privateSchema } from '../helpers/postgres.js';
import { requirePostgresUrl, requireRedisUrl } from '../helpers/services.js';

const logger = pino({ level: 'silent' });

async function connectedRedis(): Promise<RedisKeyValueStore> {
  const store = RedisKeyValueStore.connect(await requireRedisUrl(), logger);
  if (!(await store.waitForConnection(5000)))
    throw new Error('Redis answered the ping but the store could not connect');
  return store;
}

kvContract('redis', connectedRedis);
kvContract('resilient over redis', async () => {
  const store = await connectedRedis();
  return new ResilientKeyValueStore(store, new MemoryKeyValueStore(), logger);
});

dbContract('postgresql (private schema)', async () => privateSchema(await requirePostgresUrl()));
