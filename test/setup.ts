// Shared jest setup: keep each file's own setup inside the file; this one stays tiny.
process.env.CDK8S_CHECK_UPGRADE = 'false';
