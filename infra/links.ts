/**
 * Links in this app carry names, never permissions.
 *
 * SST's built-in link on a component both exposes its properties to
 * `Resource.X` and grants broad access to it: `dynamodb:*` on a table and
 * every index, `kinesis:*` on a stream, `lambda:InvokeFunction` on a
 * function, ManageConnections on an API. Least privilege is a requirement
 * here, so the wraps below keep the properties the handlers read (the
 * shapes in `sst-env.d.ts`) and drop the `include` that carries the
 * permissions. Each function then states the few actions it needs in its
 * own `permissions` (see `permissions.ts`).
 *
 * `sst.Linkable.wrap` replaces the link definition of a component class
 * for the whole app, so this must run before any function is created.
 */
export function linkPropertiesOnly(): void {
  sst.Linkable.wrap(sst.aws.Dynamo, (table) => ({
    properties: { name: table.name },
  }));

  sst.Linkable.wrap(sst.aws.KinesisStream, (stream) => ({
    properties: { name: stream.name },
  }));

  sst.Linkable.wrap(sst.aws.Function, (fn) => ({
    properties: { name: fn.name },
  }));

  sst.Linkable.wrap(sst.aws.ApiGatewayWebSocket, (api) => ({
    properties: {
      url: api.url,
      managementEndpoint: api.managementEndpoint,
    },
  }));
}
