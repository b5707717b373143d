/** SshHost against the shared Host contract, over a real OpenSSH server on 127.0.0.1. */
import { after, before } from 'node:test';
import { SshHost } from '../../src/hosts/ssh.ts';
import { sshdSkipReason, startSshd, type SshdFixture } from '../helpers/sshd.ts';
import { describeHostContract } from './contract.ts';

const skip = sshdSkipReason();
let sshd: SshdFixture | undefined;
if (!skip) {
  before(async () => {
    sshd = await startSshd();
  });
  after(() => sshd?.stop());
}

describeHostContract(
  'SshHost',
  async () => {
    if (!sshd) throw new Error('sshd fixture not started');
    const host = new SshHost(sshd.target, sshd.sshOptions);
    await host.connect();
    return host;
  },
  skip,
);
