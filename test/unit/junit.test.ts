/** JUnit XML reports of five tools read into findings: counts, names, first lines and the places of failures. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatFindings } from '../../src/core';
import { firstLine, isNotJunit, junitFindings, mergeJunit, readJunit, stackPlaces, testName, type JunitReport } from '../../src/core/notify/junit';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'junit');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

function report(name: string): JunitReport {
  const read = readJunit(fixture(name));
  if (isNotJunit(read)) throw new Error(`${name}: ${read.notJunit}`);
  return read;
}
const summary = (r: JunitReport) => r.failures.map((f) => ({ title: f.title, detail: f.detail, place: f.places[0] }));

/** A fixture's report, with how many of its tests failed and ran checked. */
function counted(name: string, failed: number, total: number): JunitReport {
  const r = report(name);
  assert.deepEqual([r.failed, r.total], [failed, total], `${name}: failed, total`);
  return r;
}

/** Why a text is not a JUnit report (it must not be one). */
function whyNot(text: string): string {
  const read = readJunit(text);
  assert.ok(isNotJunit(read), 'not a report');
  return read.notJunit;
}

describe('JUnit reports', () => {
  it('Maven Surefire: failures and errors count, skipped and flaky-then-passed tests do not fail', () => {
    const r = counted('surefire/TEST-com.acme.payment.PaymentServiceTest.xml', 2, 4); // five test cases, one skipped
    assert.deepEqual(summary(r), [
      { title: 'com.acme.payment.PaymentServiceTest.rejectsExpiredCard', detail: 'expected: <DECLINED> but was: <APPROVED>', place: { path: 'AssertionFailureBuilder.java', line: 151, folder: 'org/junit/jupiter/api' } },
      { title: 'com.acme.payment.PaymentServiceTest.refunds', detail: 'Connection refused', place: { path: 'Net.java', line: 589, folder: 'sun/nio/ch' } },
    ]);
    // the test's own frame is among the places (the caller keeps the first that is a file of the repository)
    assert.ok(r.failures[0].places.some((p) => p.path === 'PaymentServiceTest.java' && p.line === 42 && p.folder === 'com/acme/payment'));
  });
  it('Gradle: names with (), the message with its exception class, frames with a class loader prefix', () => {
    const r = counted('gradle/TEST-com.example.CalcTest.xml', 1, 2);
    assert.equal(r.failures[0].title, 'com.example.CalcTest.addIsBroken()');
    assert.equal(r.failures[0].detail, 'org.opentest4j.AssertionFailedError: expected: <99> but was: <5>');
    assert.ok(r.failures[0].places.some((p) => p.path === 'CalcTest.java' && p.line === 14 && p.folder === 'com/example'));
  });
  it('jest-junit: the name written once (its classname repeats it), the first line of the text, the absolute runner path', () => {
    const r = counted('jest/junit.xml', 2, 4);
    assert.deepEqual(summary(r), [
      { title: 'sum adds negative numbers', detail: 'Error: expect(received).toBe(expected) // Object.is equality', place: { path: '/home/runner/work/app/app/src/sum.test.js', line: 9 } },
      { title: 'Test suite failed to run src/broken.test.js', detail: "Cannot find module './missing' from 'src/broken.test.js'", place: { path: 'src/broken.test.js', line: 1 } },
    ]);
  });
  it('pytest: classname.name, the message attribute, the summary line "path:line: Error" of the text', () => {
    const r = counted('pytest/junit.xml', 3, 5);
    assert.deepEqual(summary(r), [
      { title: 'tests.test_math.test_bad', detail: 'assert 1 == 2', place: { path: 'tests/test_math.py', line: 5 } },
      { title: 'tests.test_math.test_divide[zero]', detail: 'ZeroDivisionError: division by zero', place: { path: 'tests/test_math.py', line: 10 } },
      { title: 'tests.test_db.test_query', detail: 'failed on setup with "file /home/runner/work/app/app/tests/test_db.py, line 4', place: { path: '/home/runner/work/app/app/tests/test_db.py', line: 4 } },
    ]);
  });
  it('pytest xunit1: file and line attributes (0-based), the failing line of the same file first', () => {
    const r = counted('pytest/junit-xunit1.xml', 1, 2);
    assert.deepEqual(r.failures[0].places, [
      { path: 'test_failure_function.py', line: 9 },
      { path: 'test_failure_function.py', line: 4 },
    ]);
  });
  it('go-junit-report: "Failed" says nothing, so the first line of the text; the file with its package path', () => {
    const r = counted('go/report.xml', 2, 4);
    assert.deepEqual(summary(r), [
      { title: 'github.com/acme/app/pkg/auth.TestLogout', detail: 'auth_test.go:21: session still active after logout', place: { path: 'auth_test.go', line: 21, folder: 'github.com/acme/app/pkg/auth' } },
      { title: 'github.com/acme/app/pkg/store.TestGet/missing_key', detail: 'store_test.go:11: Error message', place: { path: 'store_test.go', line: 11, folder: 'github.com/acme/app/pkg/store' } },
    ]);
  });
  it('vitest: the file as the class, "file > describe > test", the ❯ line of its stack', () => {
    const r = counted('vitest/junit.xml', 1, 4);
    assert.deepEqual(summary(r), [{ title: 'tests/unit/math.test.ts > math > subtracts', detail: 'expected 1 to be 2 // Object.is equality', place: { path: 'tests/unit/math.test.ts', line: 9 } }]);
  });
  it('several reports add up', () => {
    const both = mergeJunit([report('surefire/TEST-com.acme.payment.PaymentServiceTest.xml'), report('surefire/TEST-com.acme.payment.CartTest.xml')]);
    assert.deepEqual([both.failed, both.total, both.failures.length], [2, 6, 2]);
    const text = formatFindings(junitFindings(both));
    assert.match(text, /^2 of 6 tests failed:\n• com\.acme\.payment\.PaymentServiceTest\.rejectsExpiredCard — expected: <DECLINED> but was: <APPROVED>\n/);
  });
  it('a summary without test cases: the suites\' counts', () => {
    const r = readJunit('<testsuites><testsuite errors="1" failures="2" skipped="3" tests="10"/><testsuite failures="0" tests="5"/></testsuites>');
    assert.deepEqual(r, { failed: 3, total: 12, failures: [] });
  });
  it('nested suites: the cases of every level, named by their own classname', () => {
    const r = report('jest/junit.xml');
    const nested = readJunit(`<testsuites><testsuite name="outer"><testsuite name="inner"><testcase classname="A" name="b"><error message="x"/></testcase></testsuite><testcase classname="C" name="d"/></testsuite></testsuites>`);
    assert.ok(!isNotJunit(nested));
    assert.deepEqual([nested.failed, nested.total, nested.failures[0].title, nested.failures[0].detail], [1, 2, 'A.b', 'x']);
    assert.ok(r.total > 0);
  });

  describe('what is not a JUnit report', () => {
    const cases: [string, RegExp][] = [
      ['not-junit/report.html', /HTML page/],
      ['not-junit/results.json', /JSON, not XML/],
      ['not-junit/empty.xml', /empty/],
      ['not-junit/results.trx', /TRX report/],
      ['not-junit/truncated.xml', /^it ends before its elements do \(<testsuite>, <testcase>, <failure> left open\)/],
    ];
    for (const [name, why] of cases) {
      it(name, () => {
        assert.match(whyNot(fixture(name)), why);
      });
    }
    it('XML that is not well-formed: where', () => {
      assert.match(whyNot('<testsuite>\n<testcase></testsuite>'), /^it is not well-formed XML \(Expected closing tag 'testcase'.*, line 2\)$/);
    });
    it('another XML document names its root', () => {
      assert.equal(whyNot('<?xml version="1.0"?><coverage line-rate="0.9"/>'), 'its root element is <coverage>, not <testsuites> or <testsuite>');
    });
  });

  describe('pieces', () => {
    it('testName: classname and name as the tool wrote them', () => {
      assert.equal(testName('com.acme.A', 'b'), 'com.acme.A.b');
      assert.equal(testName('sum adds', 'sum adds'), 'sum adds');
      assert.equal(testName('addition positive numbers', 'should add up'), 'addition positive numbers should add up');
      assert.equal(testName('', 'TestX'), 'TestX');
      assert.equal(testName('tests.test_a', 'tests.test_a.test_b'), 'tests.test_a.test_b');
    });
    it('firstLine: the message attribute, else the text; ANSI colours and go test\'s own lines left out', () => {
      assert.equal(firstLine('\n  expected 1\nsecond', 'body'), 'expected 1');
      assert.equal(firstLine(undefined, '\u001b[31mError: boom\u001b[39m\n  at x'), 'Error: boom');
      assert.equal(firstLine('Failed', '=== RUN   TestA\n    a_test.go:3: nope\n--- FAIL: TestA (0.00s)'), 'a_test.go:3: nope');
      assert.equal(firstLine('', ''), '');
    });
    it('stackPlaces: JavaScript, Java, Python frames and path:line: lines; dependencies left out', () => {
      const places = stackPlaces(
        [
          '    at Object.<anonymous> (C:\\work\\app\\src\\a.test.ts:3:9)',
          '    at run (file:///home/u/app/src/b.mjs:12:1)',
          '    at /home/u/app/src/c.js:7:2',
          '    at x (/home/u/app/node_modules/lib/index.js:1:1)',
          '    at node:internal/process/task_queues:95:5',
          '\tat com.acme.Cart$Item.total(Cart.kt:31)',
          '  File "/home/u/app/tests/test_d.py", line 14, in test_d',
          '  File "/usr/lib/python3.12/unittest/case.py", line 58, in testPartExecutor',
          'tests/test_e.py:22: AssertionError',
          'no place here: 12',
        ].join('\n'),
      );
      assert.deepEqual(places, [
        { path: 'C:\\work\\app\\src\\a.test.ts', line: 3 },
        { path: '/home/u/app/src/b.mjs', line: 12 },
        { path: '/home/u/app/src/c.js', line: 7 },
        { path: 'Cart.kt', line: 31, folder: 'com/acme' },
        { path: '/home/u/app/tests/test_d.py', line: 14 },
        { path: 'tests/test_e.py', line: 22 },
      ]);
    });
  });
});
