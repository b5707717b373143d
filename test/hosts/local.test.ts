/** LocalHost against the shared Host contract. */
import { LocalHost } from '../../src/hosts/local.ts';
import { describeHostContract } from './contract.ts';

describeHostContract('LocalHost', async () => new LocalHost());
