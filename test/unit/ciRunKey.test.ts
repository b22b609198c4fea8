/** The run and job of a CI (ciRunKey), from recorded CI environments: what ties a job's "started" message to its result. */
import * as assert from 'node:assert/strict';
import { ciRunKey } from '../../src/core';
import { ciFixture } from '../helpers/ciFixture';

describe('ciRunKey', () => {
  const expected: Record<string, string> = {
    github: 'github:acme/app/11876543210/2/test',
    gitlab: 'gitlab:4711/982341/5512340',
    jenkins: 'jenkins:app/PR-64/73',
    teamcity: 'teamcity:102938/Unit tests',
    azure: 'azure:20931/Job',
    bitbucket: 'bitbucket:acme/app/482/{9a8b7c6d-0000-4e3f-8a1b-2c3d4e5f6a7b}',
    drone: 'drone:acme/app/91/default',
    woodpecker: 'woodpecker:acme/app/144/test',
  };
  for (const [provider, key] of Object.entries(expected)) {
    it(`${provider}: the run, and the job where the CI names it`, () => {
      assert.equal(ciRunKey(ciFixture(provider)), key);
    });
  }

  it('each job and each attempt of a run is a run of its own', () => {
    const github = ciFixture('github');
    assert.notEqual(ciRunKey({ ...github, GITHUB_JOB: 'lint' }), ciRunKey(github));
    assert.notEqual(ciRunKey({ ...github, GITHUB_RUN_ATTEMPT: '3' }), ciRunKey(github));
    assert.equal(ciRunKey({ ...github, GITHUB_JOB: '' }), 'github:acme/app/11876543210/2', 'without a job: the run');
  });

  it('none outside a known CI, or when the CI does not name the run', () => {
    assert.equal(ciRunKey({}), undefined);
    assert.equal(ciRunKey({ ...ciFixture('github'), GITHUB_RUN_ID: '' }), undefined);
  });
});
