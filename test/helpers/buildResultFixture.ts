/** For the build-notification tests: a build result at a fixed time. */
import type { BuildResult } from '../../src/core';

/** 14:03 local time, so {time} is the same in every time zone. */
export const AT = new Date(2025, 0, 2, 14, 3, 59);
export const base: BuildResult = { name: 'build', finishedAt: AT };
