// `kind version` (kubernetes-sigs/kind v0.31.0 pkg/cmd/kind/version: "kind v" + version + " " +
// the Go runtime version + " " + GOOS/GOARCH; .go-version at v0.31.0 is 1.25.5); -q prints the
// bare version.

export const KIND_VERSION = "0.31.0";
export const KIND_VERSION_LINE = `kind v${KIND_VERSION} go1.25.5 linux/amd64`;
