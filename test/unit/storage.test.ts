import { MemoryKeyValueStore } from '../../src/storage/kv/memory.js';
import { kvContract } from '../contract/kv.contract.js';

kvContract('memory', async () => new MemoryKeyValueStore());
