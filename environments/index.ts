import { dev } from './dev';
import { prod } from './prod';
import { staging } from './staging';
import type { EnvironmentConfig } from './types';
import { validateEnvironment } from './validate';

export type { EnvironmentConfig } from './types';
export { validateEnvironment } from './validate';

/** Every environment, in promotion order. Each is validated when this module loads. */
export const ENVIRONMENTS: readonly EnvironmentConfig[] = [dev, staging, prod].map(validateEnvironment);
