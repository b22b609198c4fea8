/**
 * JUnit XML test reports (Maven Surefire, Gradle, jest-junit, pytest, go-junit-report, vitest,
 * PHPUnit, …) read into a build's findings: how many tests ran and failed, and each failed test's
 * name, the first line of its failure and where it failed.
 *
 * Pure: text in, findings out. Where a failure happened is given as the places the report names
 * (the test case's `file`/`line` attributes, the frames of its stack trace), most telling first;
 * which of them is a file of the repository is the caller's to decide (see src/cli/notifyJunit.ts).
 *
 * Read with fast-xml-parser (entities limited by its defaults), never with regular expressions on
 * the XML; the expressions below read only the text of a failure.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { BuildFinding, BuildFindings } from './buildFindings';

/** A place a report names for a failure: a path as written (absolute, relative, or only a file name) and a line. */
export interface JunitPlace {
  path: string;
  line?: number;
  /** Folders the file may be in, as a path suffix: a Java frame's package (`com/acme`), a Go test's package path. */
  folder?: string;
}

/** A failed test, with the places its report names, most telling first. */
export interface JunitFailure extends BuildFinding {
  places: JunitPlace[];
}

export interface JunitReport {
  failed: number;
  /** Tests that ran: every test case but the skipped ones. */
  total: number;
  failures: JunitFailure[];
}

/** Not a JUnit report, and why, in words for the user ("its root element is <html>"). */
export interface NotJunit {
  notJunit: string;
}

type Node = Record<string, unknown>;

const ARRAYS = new Set(['testsuites', 'testsuite', 'testcase', 'failure', 'error', 'skipped']);
let parser: XMLParser | undefined;

function xmlParser(): XMLParser {
  parser ??= new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    attributesGroupName: '@',
    textNodeName: '#text',
    cdataPropName: false,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    // numeric character references (&#10; in go-junit-report's and pytest's messages) are decoded by this one
    htmlEntities: true,
    isArray: (name) => ARRAYS.has(name),
  });
  return parser;
}

/** An element's occurrences; one with only text (`<failure>text</failure>`, `<skipped/>`) comes as a string, read as a node. */
const asArray = (value: unknown): Node[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).flatMap((v): Node[] => (typeof v === 'string' ? [{ '#text': v }] : typeof v === 'object' && v !== null ? [v as Node] : []));
const attr = (node: Node, name: string): string | undefined => {
  const value = (node['@'] as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
};
const text = (node: Node | string | undefined): string => (typeof node === 'string' ? node : typeof node?.['#text'] === 'string' ? node['#text'] : '');

const HTML = 'it is an HTML page, not JUnit XML (an HTML test report? The XML files are usually beside it)';

/** What a text that is not XML looks like, for the warning. */
function notXml(content: string, why: string): NotJunit {
  const start = content.trimStart();
  if (start === '') return { notJunit: 'the file is empty' };
  if (/^[[{]/.test(start)) return { notJunit: 'it is JSON, not XML' };
  if (/^(?:<!doctype\s+html|<html[\s>])/i.test(start)) return { notJunit: HTML };
  return { notJunit: `it is not well-formed XML (${why})` };
}

/** Reads one report. */
export function readJunit(content: string): JunitReport | NotJunit {
  const source = content.replace(/^\uFEFF/, '');
  if (source.trim() === '') return { notJunit: 'the file is empty' };
  const valid = XMLValidator.validate(source);
  if (valid !== true) {
    // the validator lists the elements left open as a JSON array: a report cut short
    const open = /^Invalid '(\[[\s\S]*\])' found/.exec(valid.err.msg)?.[1];
    const names = open ? (JSON.parse(open) as unknown[]).filter((n): n is string => typeof n === 'string') : undefined;
    if (names?.length) return { notJunit: `it ends before its elements do (${names.map((n) => `<${n}>`).join(', ')} left open): was it cut short, or is it still being written?` };
    return notXml(source, `${valid.err.msg.replace(/\.$/, '')}, line ${valid.err.line}`);
  }
  const doc = xmlParser().parse(source) as Node;
  const roots = Object.keys(doc).filter((k) => !k.startsWith('#') && !k.startsWith('?') && !k.startsWith('!'));
  const root = roots[0];
  if (root !== 'testsuites' && root !== 'testsuite') {
    if (root === 'TestRun') return { notJunit: 'it is a TRX report (Visual Studio, dotnet test), not JUnit XML: dotnet test --logger junit writes JUnit with the JunitXml.TestLogger package' };
    if (root?.toLowerCase() === 'html') return { notJunit: HTML };
    return { notJunit: root ? `its root element is <${root}>, not <testsuites> or <testsuite>` : 'it has no root element' };
  }
  const report: JunitReport = { failed: 0, total: 0, failures: [] };
  let cases = 0;
  const counted = { tests: 0, failed: 0, skipped: 0 };
  for (const suite of asArray(doc[root])) walkSuite(suite, report, [], (n) => (cases += n), counted, root === 'testsuites');
  if (cases === 0) {
    // A summary without test cases: its counts are all there is.
    report.total = Math.max(0, counted.tests - counted.skipped);
    report.failed = Math.min(counted.failed, report.total);
  }
  return report;
}

/** True for what {@link readJunit} says is not a report. */
export function isNotJunit(value: JunitReport | NotJunit): value is NotJunit {
  return 'notJunit' in value;
}

const number = (value: string | undefined): number => {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
};

/** A suite's own test cases and its nested suites; `suites` are the names of the suites around it. */
function walkSuite(suite: Node, report: JunitReport, suites: string[], addCases: (n: number) => void, counted: { tests: number; failed: number; skipped: number }, isWrapper = false): void {
  const name = attr(suite, 'name') ?? '';
  if (!isWrapper) {
    counted.tests += number(attr(suite, 'tests'));
    counted.failed += number(attr(suite, 'failures')) + number(attr(suite, 'errors'));
    counted.skipped += number(attr(suite, 'skipped')) + number(attr(suite, 'disabled'));
  }
  const path = isWrapper ? suites : [...suites, name];
  for (const inner of asArray(suite.testsuite)) walkSuite(inner, report, path, addCases, counted);
  const testCases = asArray(suite.testcase);
  addCases(testCases.length);
  for (const testCase of testCases) {
    const problem = asArray(testCase.failure)[0] ?? asArray(testCase.error)[0];
    if (!problem && testCase.skipped !== undefined) continue;
    report.total += 1;
    if (!problem) continue;
    report.failed += 1;
    report.failures.push(failureOf(testCase, problem, suite, path));
  }
}

/** `classname` and `name` as the tool wrote them: jest-junit repeats the class in the name, Go's class is a package path. */
export function testName(classname: string | undefined, name: string | undefined): string {
  const c = (classname ?? '').trim();
  const n = (name ?? '').trim();
  if (!c) return n;
  if (!n || n === c) return c;
  if (n.startsWith(`${c} `) || n.startsWith(`${c}.`) || n.startsWith(`${c}::`)) return n;
  return `${c}${/\s/.test(c) ? ' ' : '.'}${n}`;
}

// eslint-disable-next-line no-control-regex
const ANSI_RE = /\u001b\[[0-9;?]*[A-Za-z]/g;
/** Lines that say only that a test ran or failed (go test's own), or a failure message that says nothing more. */
const NOISE_LINE_RE = /^(?:=== (?:RUN|PAUSE|CONT|NAME)\s|--- (?:FAIL|PASS|SKIP):|\s*$)/;
const GENERIC_RE = /^(?:failed|failure|error|test failed|test failure)\.?$/i;

/** The first line that says something, of a failure's message attribute or else its text. */
export function firstLine(message: string | undefined, body: string | undefined): string {
  for (const source of [message, body]) {
    for (const raw of (source ?? '').replace(ANSI_RE, '').split(/\r?\n|\r/)) {
      const line = raw.trim();
      if (NOISE_LINE_RE.test(line)) continue;
      if (GENERIC_RE.test(line)) break; // "Failed" (go-junit-report): look at the text
      return line;
    }
  }
  return '';
}

function failureOf(testCase: Node, problem: Node, suite: Node, suites: string[]): JunitFailure {
  const classname = attr(testCase, 'classname');
  const title = testName(classname, attr(testCase, 'name')) || suites.filter(Boolean).join(' ') || '(unnamed test)';
  const body = text(problem);
  const message = attr(problem, 'message');
  const detail = firstLine(message, body) || attr(problem, 'type') || '';
  // pytest (xunit1) writes the 0-based line of the test function; everyone else 1-based.
  const zeroBased = suites.includes('pytest');
  const attrFile = attr(testCase, 'file') ?? attr(testCase, 'filepath');
  const attrLine = number(attr(testCase, 'line')) + (zeroBased && attr(testCase, 'line') !== undefined ? 1 : 0);
  const fromStack = stackPlaces(`${message ?? ''}\n${body}`, classname);
  const places: JunitPlace[] = [];
  if (attrFile) {
    const base = baseName(attrFile);
    // the stack's line in the test's own file says where it failed, not where the test starts
    places.push(...fromStack.filter((p) => baseName(p.path) === base && p.path.length >= base.length));
    places.push({ path: attrFile, line: attrLine || undefined });
  }
  places.push(...fromStack);
  const suiteFile = attr(suite, 'file') ?? attr(suite, 'filepath');
  if (suiteFile) places.push({ path: suiteFile });
  return { title, ...(detail ? { detail } : {}), places: dedupe(places) };
}

const baseName = (p: string): string => p.replace(/\\/g, '/').replace(/\/+$/, '').split('/').pop() ?? p;

function dedupe(places: JunitPlace[]): JunitPlace[] {
  const seen = new Set<string>();
  return places.filter((p) => {
    const key = `${p.folder ?? ''}|${p.path}|${p.line ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// A source file's name: letters, digits and the usual punctuation, with an extension.
const FILE = String.raw`(?:[A-Za-z]:)?[^\s()'"<>:|*?]*[^\s()'"<>:|*?./\\]\.[A-Za-z0-9]{1,8}`;
/** `at fn (path:12:5)`, `at path:12:5`, `(File.java:42)` (Java, Kotlin), `File "path", line 12` (Python; pytest's `file path, line 12`), `path:12:` (pytest, go, compilers). */
const JAVA_FRAME_RE = /^\s*at\s+([\w$.<>/]+)\.[\w$<>]+\(([\w$.-]+\.[A-Za-z]{1,8}):(\d+)\)/;
const JS_FRAME_RE = new RegExp(String.raw`^\s*at\s+(?:.*?\()?(?:file://)?(${FILE}):(\d+)(?::\d+)?\)?\s*$`);
const PY_FRAME_RE = /^\s*(?:File "([^"]+)"|file (\S+)), line (\d+)/;
const PATH_LINE_RE = new RegExp(String.raw`^\s*(?:file://)?(${FILE}):(\d+)(?::\d+)?(?::\s|:?$)`);

/**
 * The places a failure's text names, in order: stack frames (JavaScript, Java/Kotlin, Python) and
 * `path:line:` lines (pytest's summary, go test, compilers). A Java frame's file is given with its
 * package as the folder (`com/acme` for `com.acme.LoginTest.test(LoginTest.java:42)`); a Go
 * test's `file_test.go:12:` with its package path (`classname`).
 */
export function stackPlaces(failureText: string, classname?: string): JunitPlace[] {
  const places: JunitPlace[] = [];
  const lines = failureText.replace(ANSI_RE, '').split(/\r?\n|\r/).slice(0, 400);
  for (const line of lines) {
    if (line.length > 2000) continue;
    const java = JAVA_FRAME_RE.exec(line);
    if (java) {
      const owner = java[1].split('$')[0].split('/').pop() ?? '';
      const pkg = owner.split('.').slice(0, -1).join('/');
      places.push({ path: java[2], line: Number(java[3]), ...(pkg ? { folder: pkg } : {}) });
      continue;
    }
    const py = PY_FRAME_RE.exec(line);
    const m = JS_FRAME_RE.exec(line) ?? (py ? [py[0], py[1] ?? py[2], py[3]] : null) ?? PATH_LINE_RE.exec(line);
    if (!m) continue;
    const path = m[1];
    if (/(?:^|[\\/])node_modules[\\/]|^node:|^internal[\\/]|^<|site-packages|dist-packages|[\\/]lib[\\/]python\d/.test(path)) continue;
    const goPackage = classname && /\.go$/.test(path) && !/[\\/]/.test(path) && /\//.test(classname) ? classname : undefined;
    places.push({ path, line: Number(m[2]), ...(goPackage ? { folder: goPackage } : {}) });
  }
  return dedupe(places);
}

/** Several reports as one: counts added up, failures in the order read. */
export function mergeJunit(reports: readonly JunitReport[]): JunitReport {
  return {
    failed: reports.reduce((n, r) => n + r.failed, 0),
    total: reports.reduce((n, r) => n + r.total, 0),
    failures: reports.flatMap((r) => r.failures),
  };
}

/** A report's findings; each failure's `path`/`line`/`url` as `place` says (the first of its places in the repository). */
export function junitFindings(report: JunitReport, place?: (failure: JunitFailure) => Pick<BuildFinding, 'path' | 'line' | 'url'> | undefined): BuildFindings {
  return {
    kind: 'tests',
    failed: report.failed,
    total: report.total,
    items: report.failures.map((f) => {
      const found = place?.(f);
      const item: BuildFinding = { title: f.title };
      if (f.detail) item.detail = f.detail;
      if (found?.path) item.path = found.path;
      if (found?.line) item.line = found.line;
      if (found?.url) item.url = found.url;
      return item;
    }),
  };
}
