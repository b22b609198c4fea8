// Test entry of the "git" suite: the workspace folder is a git repository with a GitHub remote,
// and holds another repository with a self-hosted GitLab remote.
import { runMochaIn } from '../mochaRunner';

export function run(): Promise<void> {
  return runMochaIn(__dirname);
}
