// The tests that run in Node (the in-VS-Code suites are test/integration/, run by runInServer.ts),
// in three folders by where they run:
//   out/test/unit/  in this process: the core, the CLI's main(), the fake OK server, the extension's pure parts
//   out/test/cli/   the built `ok-chat` run as a process, as users run it
//   out/test/repo/  checks of the repository's files: the .vsix, l10n bundles, README and docs, lint ignores
// `npx mocha` runs all three (as `npm test` does); `npm run test:unit` (`test:cli`, `test:repo`) one of them.
const ALL = ['unit', 'cli', 'repo'];
const ONE = { 'test:unit': 'unit', 'test:cli': 'cli', 'test:repo': 'repo' }[process.env.npm_lifecycle_event ?? ''];

module.exports = {
  spec: (ONE ? [ONE] : ALL).map((folder) => `out/test/${folder}/**/*.test.js`),
  timeout: 30000,
  reporter: 'spec',
  'enable-source-maps': true,
};
