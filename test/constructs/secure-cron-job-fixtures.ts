// The SecureCronJob props the construct-level tests start from: a valid nightly job with only the
// required props; each test file adds what it is about.
import { Schedule, SecureCronJobProps } from '../../constructs';

export const JOB_IMAGE = 'registry.example.org/platform/job@sha256:7c12af72ceb38b7432ab85e1a265cff6ae58e06f95539d539b654f2cfa64bb13';

export function baseJobProps(overrides: Partial<SecureCronJobProps> = {}): SecureCronJobProps {
  return {
    schedule: Schedule.cron('0 3 * * *'),
    image: JOB_IMAGE,
    partOf: 'platform',
    owner: 'platform-team',
    runbookUrl: 'https://runbooks.example.org/nightly',
    ...overrides,
  };
}
