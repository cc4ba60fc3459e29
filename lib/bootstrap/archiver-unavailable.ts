/**
 * Stands in for the `archiver` package in the esbuild bundle (scripts/build.mjs aliases it here).
 * cdktf requires archiver at load time only to zip TerraformAssets; the bootstrap declares no
 * assets, and loading archiver and its dependencies costs about 100 ms of every synth.
 */
export = function archiverUnavailable(): never {
  throw new Error('archiver is not bundled: the bootstrap declares no TerraformAsset to archive');
};
