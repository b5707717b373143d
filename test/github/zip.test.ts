/** The zip reader: stored and deflated entries, data descriptors, CRC checks, unsafe paths; and a zip made by the `zip` CLI. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { extractZip, readZipEntries } from '../../src/github/zip.js';
import { tempDir } from './support.js';
import { writeZip } from './zip-writer.js';

function hasZipCli(): boolean {
  try {
    execFileSync('zip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('zip reader', () => {
  it('unpacks stored and deflated entries, with and without data descriptors', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const big = 'GET /?q=1 HTTP/1.1\r\n'.repeat(5000);
      for (const dataDescriptor of [false, true]) {
        const zip = writeZip(
          [
            { name: 'run.json', data: '{"schema":"waf-gate/run@1"}', method: 'store' },
            { name: 'quality/outcomes.jsonl', data: big },
            { name: 'quality/', data: '' },
          ],
          { dataDescriptor },
        );
        const dest = join(dir, `dd-${dataDescriptor}`);
        const files = await extractZip(zip, dest);
        assert.deepEqual(files, ['run.json', 'quality/outcomes.jsonl']);
        assert.equal(await readFile(join(dest, 'quality/outcomes.jsonl'), 'utf8'), big);
      }
    } finally {
      await cleanup();
    }
  });

  it('refuses paths outside the target, corrupt data and zip bombs', () => {
    assert.throws(
      () => readZipEntries(writeZip([{ name: '../evil', data: 'x' }])),
      /outside the target folder/,
    );
    assert.throws(
      () => readZipEntries(writeZip([{ name: '/etc/passwd', data: 'x' }])),
      /outside the target folder/,
    );
    assert.throws(
      () => readZipEntries(Buffer.from('not a zip at all, no end record here')),
      /no end-of-central-directory/,
    );
    assert.throws(
      () =>
        readZipEntries(writeZip([{ name: 'a', data: 'x'.repeat(2000) }]), { maxTotalBytes: 1000 }),
      /more than the limit/,
    );
    const zip = writeZip([{ name: 'a.txt', data: 'hello world', method: 'store' }]);
    const at = 30 + 'a.txt'.length;
    zip.writeUInt8(zip.readUInt8(at) ^ 0xff, at); // flip the first data byte
    return assert.rejects(extractZip(zip, join('/tmp', `never-${process.pid}`)), /corrupt/);
  });

  it(
    'reads an archive written by the zip CLI',
    { skip: hasZipCli() ? false : 'zip CLI not installed (apt-get install zip)' },
    async () => {
      const { dir, cleanup } = await tempDir();
      try {
        const src = join(dir, 'src');
        await mkdir(join(src, 'rounds', '1'), { recursive: true });
        await writeFile(
          join(src, 'run.json'),
          JSON.stringify({ schema: 'waf-gate/run@1', label: 'baseline' }),
        );
        await writeFile(join(src, 'rounds', '1', 'replay.json'), '{"x":1}'.repeat(1000));
        execFileSync('zip', ['-qr', join(dir, 'a.zip'), '.'], { cwd: src });
        const files = await extractZip(await readFile(join(dir, 'a.zip')), join(dir, 'out'));
        assert.deepEqual(files.sort(), ['rounds/1/replay.json', 'run.json']);
        assert.equal(
          await readFile(join(dir, 'out', 'rounds', '1', 'replay.json'), 'utf8'),
          '{"x":1}'.repeat(1000),
        );
      } finally {
        await cleanup();
      }
    },
  );
});
