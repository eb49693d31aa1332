/// <reference path="./.sst/platform/config.d.ts" />

export default $config({
  app(input) {
    const production = input?.stage === "production";
    return {
      name: "chat-stream",
      home: "aws",
      // Production keeps its tables and buckets and refuses `sst remove`.
      removal: production ? "retain" : "remove",
      protect: production,
    };
  },

  async run() {
    const { stageConfig } = await import("./packages/core/src/stage-config");
    const config = stageConfig($app.stage);

    // Both change how later components are built, so they come first.
    const { linkPropertiesOnly } = await import("./infra/links");
    linkPropertiesOnly();
    const { setFunctionDefaults } = await import("./infra/function-defaults");
    setFunctionDefaults(config);

    const { createSettings } = await import("./infra/config");
    const settings = createSettings(config);

    const { createTables } = await import("./infra/storage");
    const tables = createTables(config);

    const { createStream } = await import("./infra/stream");
    const stream = createStream(config);

    const { createApi, addRoutes } = await import("./infra/api");
    const api = createApi(config);

    const { createGeneration } = await import("./infra/generation");
    const generate = createGeneration({
      config,
      api,
      stream,
      tables,
      settings,
    });
    addRoutes(api, { tables, settings, generate });

    const { createDelivery } = await import("./infra/delivery");
    const delivery = createDelivery({
      config,
      api,
      stream,
      tables,
      settings,
    });

    const { createArchive } = await import("./infra/archive");
    const archive = createArchive(config, stream);

    const { createAnalytics } = await import("./infra/analytics");
    const analytics = createAnalytics(config, archive);

    const { createAlarms } = await import("./infra/alarms");
    const alarms = createAlarms({ generate, ...delivery });

    return {
      websocketUrl: api.url,
      managementEndpoint: api.managementEndpoint,
      streamName: stream.name,
      connectionsTable: tables.connections.name,
      conversationsTable: tables.conversations.name,
      chunksTable: tables.chunks.name,
      archiveBucket: archive.bucket.name,
      athenaWorkgroup: analytics.workgroup.name,
      athenaDatabase: analytics.database.name,
      deliveryFailuresQueue: delivery.failures.url,
      alarmsTopic: alarms.arn,
      region: aws.getRegionOutput().region,
    };
  },
});
