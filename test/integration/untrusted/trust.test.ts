import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';

describe('restricted mode', () => {
  it('the workspace is not trusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });
});
