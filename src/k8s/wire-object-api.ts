// client-node's KubernetesObjectApi (discovery, URL building, DELETE) with two changes:
// responses come back as the JSON the server sent instead of client-node's typed models, which
// turn timestamps into Dates and drop fields they do not model (decisions read the wire format);
// and server-side apply sends the manifest itself. client-node's `patch` serialises the body
// through the generated models (dist/object.js: ObjectSerializer.serialize(spec, type)), which
// drops every field whose model name differs from the wire name: a CRD's JSONSchemaProps lose
// `default`, `enum`, `$ref` and all `x-kubernetes-*` markers, a NetworkPolicy rule loses `from`.

import {
  ApiException,
  type Configuration,
  HttpMethod,
  type KubeConfig,
  type KubernetesObject,
  KubernetesObjectApi,
  type ResponseContext,
} from "@kubernetes/client-node";

export interface ApplyRequest {
  fieldManager: string;
  /** Take over fields another manager owns (409 FieldManagerConflict otherwise). */
  force: boolean;
  signal?: AbortSignal;
}

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
   * Server-side apply: PATCH `application/apply-patch+yaml` (JSON is YAML) with the object exactly
   * as given, `fieldManager` and `force` in the query. The URL comes from discovery, like
   * client-node's (a namespaced object without a namespace goes to the kubeconfig's default).
   */
  async apply(object: KubernetesObject, request: ApplyRequest): Promise<KubernetesObject> {
    const options = request.signal ? this.withSignal(request.signal) : this.configuration;
    // specUriPath writes the default namespace into what it is given: give it a copy.
    const target = structuredClone(object);
    if (request.signal) await this.resource(String(target.apiVersion), String(target.kind), options);
    const path = await this.specUriPath(target, "patch");
    const context = options.baseServer.makeRequestContext(path, HttpMethod.PATCH);
    context.setHeaderParam("Accept", "application/json, */*;q=0.8");
    context.setHeaderParam("Content-Type", "application/apply-patch+yaml");
    context.setQueryParam("fieldManager", request.fieldManager);
    context.setQueryParam("force", String(request.force));
    context.setBody(JSON.stringify(object));
    return this.requestPromise(context, undefined, options);
  }

  /** GET a path with the kubeconfig's credentials; the JSON answer, or ApiException on a non-2xx. */
  async rawGet(path: string, signal?: AbortSignal): Promise<unknown> {
    const options = signal ? this.withSignal(signal) : this.configuration;
    const context = options.baseServer.makeRequestContext(path, HttpMethod.GET);
    context.setHeaderParam("Accept", "application/json, */*;q=0.8");
    return this.requestPromise(context, undefined, options);
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
