/**
 * The validation toolkit every construct and the environment validator use. Two shapes:
 * - `xxxProblem(value)`: pure; what is accepted when `value` is refused, else undefined (the
 *   environment's ConfigChecker collects these; `requireValid` turns one into a construct error);
 * - `requireXxx(scope, prop, value, ...)`: throws `propError` (construct path, prop, value, what is
 *   accepted) and returns the value, so a constructor reads `const port = requirePort(this, 'port', p)`.
 */
export { requireEach, requireValid } from './check';
export type { Problem } from './check';
export { constructName, constructNamespace } from './construct-names';
export { egressCidrProblem, isEveryAddress, isIpv4Cidr, isIpv6Cidr, sourceRangeProblem } from './cidr';
export { durationSeconds, requireSeconds } from './durations';
export { requireIdentity, requireRunAs, runAsProblem } from './identity';
export {
  dnsLabelProblem, dnsSubdomainProblem, envVarNameProblem, isLabelValue, labelKeyProblem, labelValueProblem, nonEmptyProblem,
  oneOfProblem, requireDnsLabel, requireDnsSubdomain, requireLabels, secretKeyProblem, serviceNameProblem,
} from './names';
export { integerProblem, portProblem, requireInteger, requirePort } from './numbers';
export type { IntegerRange } from './numbers';
export { cpuProblem, memoryProblem, requireStorageSize, storageSizeProblem } from './quantities';
export { requireSecretKeyReference, requireTimeZone } from './references';
export { containerFilePathProblem, httpsUrlProblem, relativePathProblem, urlPathProblem } from './urls';
