// Shared entry point for tests that need a Kubernetes API: the in-process wire-format server.
// Documentation: test/k8s/support/README.md.

export {
  type ExecCall,
  type ExecResult,
  FakeKubeApi,
  type InjectedFailure,
  type ObjectRef,
  type RecordedRequest,
} from "../k8s/support/fake-kube-api.ts";
export { DEFAULT_RESOURCES, type FakeResource } from "../k8s/support/fake-resources.ts";
