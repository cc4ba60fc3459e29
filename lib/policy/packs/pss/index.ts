export { pssBaselinePack } from './baseline';
export { pssRestrictedPack } from './restricted';
export { LATEST_PSS_VERSION } from './version';
