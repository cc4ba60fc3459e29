/**
 * The one module that imports cdk8s-plus: moving to a newer cdk8s-plus-NN is a change here only.
 * `k8s` (re-exported) holds the generated L1 classes for what the L2 API lacks.
 */
export * from 'cdk8s-plus-28';
