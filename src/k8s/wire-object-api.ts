// client-node's KubernetesObjectApi (discovery, URL building, SSA PATCH, DELETE) with one change:
// responses come back as the JSON the server sent instead of client-node's typed models, which
// turn timestamps into Dates and drop fields they do not model. Decisions read the wire format.

import {
  ApiException,
  type Configuration,
  type KubeConfig,
  type KubernetesObject,
  KubernetesObjectApi,
  type ResponseContext,
} from "@kubernetes/client-node";

export class WireObjectApi extends KubernetesObjectApi {
  static forConfig(kubeConfig: KubeConfig): WireObjectApi {
    const api = kubeConfig.makeApiClient(WireObjectApi);
    api.setDefaultNamespace(kubeConfig);
    return api;
  }

  /** `/api/v1/namespaces/demo/services`, `/apis/cilium.io/v2/ciliumloadbalancerippools` (uses discovery). */
  async collectionPath(
    apiVersion: string,
    kind: string,
    namespace?: string,
    signal?: AbortSignal,
  ): Promise<string> {
    // Discovery under the signal first; specUriPath then finds the kind in the cache.
    if (signal) await this.resource(apiVersion, kind, this.withSignal(signal));
    return this.specUriPath({ apiVersion, kind, metadata: namespace ? { namespace } : {} }, "list");
  }

  /**
   * Options for client-node's calls (`list(..., options)`, `resource(..., options)`) whose
   * requests the signal aborts: each call builds its request from `options.baseServer`, so a
   * server configuration that puts the signal on every request context carries it to fetch.
   */
  withSignal(signal: AbortSignal): Configuration {
    const base = this.configuration.baseServer;
    return {
      ...this.configuration,
      baseServer: {
        makeRequestContext: (endpoint, method) => {
          const context = base.makeRequestContext(endpoint, method);
          context.setSignal(signal);
          return context;
        },
      },
    };
  }

  protected override async processResponse<T extends KubernetesObject | KubernetesObject>(
    response: ResponseContext,
  ): Promise<T> {
    const text = await response.body.text();
    if (response.httpStatusCode >= 200 && response.httpStatusCode <= 299) {
      return (text === "" ? {} : JSON.parse(text)) as T;
    }
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text (a proxy's HTML error page, say)
    }
    throw new ApiException(response.httpStatusCode, "Unsuccessful HTTP Request", body, response.headers);
  }
}
