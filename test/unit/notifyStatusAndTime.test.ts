/** Build notifications: statuses, durations and times. */
import * as assert from 'node:assert/strict';
import { InputError, formatDuration, formatTime, parseDuration, statusOf } from '../../src/core';
import { AT } from '../helpers/buildResultFixture';

describe('notify', () => {
  describe('statusOf', () => {
    it('maps exit codes to statuses', () => {
      assert.equal(statusOf(0), 'success');
      assert.equal(statusOf(1), 'failure');
      assert.equal(statusOf(130), 'failure');
      assert.equal(statusOf(-1), 'failure');
      assert.equal(statusOf(undefined), 'cancelled');
      assert.equal(statusOf(null), 'cancelled');
      assert.equal(statusOf(NaN), 'cancelled');
    });
  });

  describe('formatDuration', () => {
    const cases: Array<[number | undefined, string]> = [
      [0, '0 ms'],
      [850, '850 ms'],
      [999.4, '999 ms'],
      [999.6, '1.0 s'],
      [1000, '1.0 s'],
      [12_345, '12.3 s'],
      [59_949, '59.9 s'],
      [59_960, '1 min 00 s'],
      [125_000, '2 min 05 s'],
      [3_599_000, '59 min 59 s'],
      [3_599_600, '1 h 00 min'],
      [3_720_000, '1 h 02 min'],
      [90_000_000, '25 h 00 min'],
      [undefined, ''],
      [-5, ''],
      [NaN, ''],
      [Infinity, ''],
    ];
    for (const [ms, text] of cases) it(`${String(ms)} → "${text}"`, () => assert.equal(formatDuration(ms), text));
  });

  describe('parseDuration', () => {
    const cases: Array<[string, number]> = [
      ['93', 93_000],
      ['93.5', 93_500],
      ['93s', 93_000],
      ['93000ms', 93_000],
      ['1m33s', 93_000],
      ['1h2m', 3_720_000],
      ['1 min 33 s', 93_000],
      ['2M', 120_000],
      [' 1.5s ', 1500],
      ['0', 0],
    ];
    for (const [text, ms] of cases) it(`"${text}" → ${ms} ms`, () => assert.equal(parseDuration(text), ms));
    it('refuses what is not a duration', () => {
      for (const bad of ['', '5x', 's', '1m 5', '-3', 'abc', '1..2s']) assert.throws(() => parseDuration(bad), InputError, bad);
    });
  });

  describe('formatTime', () => {
    it('is HH:MM in local time', () => {
      assert.equal(formatTime(AT), '14:03');
      assert.equal(formatTime(new Date(2025, 0, 2, 7, 5)), '07:05');
    });
  });

});
