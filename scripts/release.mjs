// The release workflow's checks, runnable by hand before dispatching it:
//   node scripts/release.mjs check X.Y.Z   the version is semver, package.json says it, and CHANGELOG.md has
//                                         its section (`## [X.Y.Z] - YYYY-MM-DD`, not empty) as the newest
//                                         release; writes version/major/prerelease to $GITHUB_OUTPUT when set
//   node scripts/release.mjs notes X.Y.Z   prints that CHANGELOG.md section (the GitHub release's notes)
// Reads package.json and CHANGELOG.md from the current directory. Exit 1 with an ::error:: line on failure.
import { appendFileSync, readFileSync } from 'node:fs';

// semver.org's grammar without build metadata (`+…` has no place in a git tag users pin).
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?$/;
// Keep a Changelog headings: `## [Unreleased]`, `## [1.2.3] - 2026-12-01`.
const HEADING = /^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?\s*$/;

class ReleaseError extends Error {}

function parseVersion(text) {
  if (/^v\d/.test(text))
    throw new ReleaseError(
      `Give the version without the leading v: ${text.slice(1)}, not ${text}.`,
    );
  const m = SEMVER.exec(text);
  if (!m)
    throw new ReleaseError(
      `${JSON.stringify(text)} is not a semantic version MAJOR.MINOR.PATCH[-PRERELEASE] (https://semver.org), e.g. 1.2.0 or 2.0.0-rc.1.`,
    );
  return { version: text, major: m[1], prerelease: m[4] !== undefined };
}

/** The changelog's sections in order: heading name, date and body lines. */
function sections(changelog) {
  const found = [];
  let current = null;
  for (const [index, line] of changelog.split('\n').entries()) {
    const m = HEADING.exec(line);
    if (m) {
      current = { name: m[1], date: m[2] ?? null, line: index + 1, body: [] };
      found.push(current);
    } else if (/^## /.test(line)) {
      current = null;
    } else if (current && !/^\[[^\]]+\]: /.test(line)) {
      current.body.push(line);
    }
  }
  return found;
}

function sectionOf(changelog, version) {
  const all = sections(changelog);
  const section = all.find((s) => s.name === version);
  if (!section)
    throw new ReleaseError(
      `CHANGELOG.md has no "## [${version}] - YYYY-MM-DD" section. Move the [Unreleased] entries under a new heading for ${version} with today's date.`,
    );
  if (section.date === null)
    throw new ReleaseError(
      `CHANGELOG.md:${section.line}: the ${version} heading has no date: write "## [${version}] - YYYY-MM-DD".`,
    );
  const notes = section.body.join('\n').trim();
  if (notes === '')
    throw new ReleaseError(
      `CHANGELOG.md:${section.line}: the ${version} section is empty: list what changed.`,
    );
  const newest = all.find((s) => s.name !== 'Unreleased');
  if (newest !== section)
    throw new ReleaseError(
      `CHANGELOG.md:${section.line}: ${version} is not the newest release section (${newest.name} at line ${newest.line} is above it).`,
    );
  return notes;
}

function main(argv) {
  const [command, text] = argv;
  if ((command !== 'check' && command !== 'notes') || text === undefined)
    throw new ReleaseError('Usage: node scripts/release.mjs check|notes X.Y.Z');
  const parsed = parseVersion(text);
  const changelog = readFileSync('CHANGELOG.md', 'utf8');
  const notes = sectionOf(changelog, parsed.version);
  if (command === 'notes') {
    process.stdout.write(`${notes}\n`);
    return;
  }
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  if (pkg.version !== parsed.version)
    throw new ReleaseError(
      `package.json has version ${pkg.version}, not ${parsed.version}: bump it (and rebuild dist/) in the commit you release.`,
    );
  const outputs = `version=${parsed.version}\nmajor=${parsed.major}\nprerelease=${parsed.prerelease}\n`;
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, outputs);
  process.stdout.write(outputs);
}

try {
  main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof ReleaseError) && error?.code !== 'ENOENT') throw error;
  console.error(
    `::error title=release::${error.message.replace(/%/g, '%25').replace(/\n/g, '%0A')}`,
  );
  process.exitCode = 1;
}
