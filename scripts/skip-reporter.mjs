// A node:test reporter for scripts/run-tests.mjs: writes one JSON line per skipped test or suite
// ({ file, name, reason }), so the runner can count skips and fail on them in CI.
export default async function* skipReporter(source) {
  for await (const event of source) {
    if (event.type !== 'test:pass' || event.data.skip === undefined) continue;
    const { file, name, skip } = event.data;
    yield `${JSON.stringify({ file: file ?? null, name, reason: typeof skip === 'string' ? skip : null })}\n`;
  }
}
