import { refuseCollisions } from './collisions';
import { dev } from './dev';
import { prod } from './prod';
import { staging } from './staging';
import type { EnvironmentConfig } from './types';
import { validateEnvironment } from './validate';

export type { EnvironmentConfig } from './types';
export { refuseCollisions } from './collisions';
export { inEnvironment } from './field-paths';
export { validateEnvironment } from './validate';

/** Every environment, in promotion order. Each is validated when this module loads, and against the others. */
export const ENVIRONMENTS: readonly EnvironmentConfig[] = refuseCollisions([dev, staging, prod].map(validateEnvironment));
