// Start-up cost of the `ok-chat` CLI against an empty Node process.
//
//   npm run bench:cli                         (builds, compiles the fake server, 30 pairs)
//   node scripts/bench-cli.mjs [pairs] [--version-too]
//
// Runs `node -e 0` and `node dist/cli.js send --chat <id> --text hi` against the fake OK server
// (started in this process, on a random port) in pairs (A B A B ...): the machine may be busy, so
// each pair gives one ratio and the min and median of the ratios are printed, for wall-clock time
// and CPU time (user + system of the child, from /proc/self/stat: 10 ms resolution).
// With --version-too, `ok-chat --version` is measured the same way.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const pairs = Number(args.find((a) => /^\d+$/.test(a)) ?? 30);
const versionToo = args.includes('--version-too');

/** CPU seconds (user + system) used by this process's waited-for children so far. */
function childCpu() {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 16 and 17 of stat(5) (cutime, cstime), counted from the state field (3).
  return (Number(fields[16 - 3]) + Number(fields[17 - 3])) / 100;
}

function once(argv, env) {
  return new Promise((resolve, reject) => {
    const cpu0 = childCpu();
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      const cpu = childCpu() - cpu0;
      if (code !== 0) reject(new Error(`${argv.join(' ')} exited ${code}: ${err}${out}`));
      else resolve({ wall, cpu });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (s) => `${(s * 1000).toFixed(0)} ms`;

const { FakeOkServer } = require('../out/test/fake-ok/server.js');
const server = await FakeOkServer.start({ seed: true, port: 0 });
const chat = [...server.chats.values()][0].chat_id;
const env = { ...process.env, OK_ACCESS_TOKEN: server.token, OK_API_BASE_URL: server.baseUrl };
for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy']) delete env[name];

const cases = [['send', ['dist/cli.js', 'send', '--chat', chat, '--text', 'hi']]];
if (versionToo) cases.push(['--version', ['dist/cli.js', '--version']]);

try {
  // Warm the file cache first.
  await once(['-e', '0'], env);
  for (const [, argv] of cases) await once(argv, env);
  const rows = [];
  const base = [];
  const results = cases.map(() => []);
  for (let i = 0; i < pairs; i++) {
    const b = await once(['-e', '0'], env);
    base.push(b);
    for (let c = 0; c < cases.length; c++) results[c].push({ ...(await once(cases[c][1], env)), base: b });
  }
  rows.push(['node -e 0', ms(Math.min(...base.map((r) => r.wall))), ms(median(base.map((r) => r.wall))), ms(Math.min(...base.map((r) => r.cpu))), ms(median(base.map((r) => r.cpu))), '', '', '', '']);
  for (let c = 0; c < cases.length; c++) {
    const r = results[c];
    const wallRatio = r.map((x) => x.wall / x.base.wall);
    const cpuRatio = r.map((x) => x.cpu / Math.max(x.base.cpu, 0.01));
    rows.push([
      `ok-chat ${cases[c][0]}`,
      ms(Math.min(...r.map((x) => x.wall))),
      ms(median(r.map((x) => x.wall))),
      ms(Math.min(...r.map((x) => x.cpu))),
      ms(median(r.map((x) => x.cpu))),
      Math.min(...wallRatio).toFixed(2),
      median(wallRatio).toFixed(2),
      Math.min(...cpuRatio).toFixed(2),
      median(cpuRatio).toFixed(2),
    ]);
  }
  console.log(`${pairs} pairs, Node ${process.version}`);
  const head = ['', 'wall min', 'wall median', 'CPU min', 'CPU median', 'wall ratio min', 'wall ratio median', 'CPU ratio min', 'CPU ratio median'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const row of [head, ...rows]) console.log(row.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  '));
} finally {
  await server.close();
}
