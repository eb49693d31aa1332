import path from "node:path";
import type { StageConfig } from "../packages/core/src/stage-config";
import { type Archive, athenaResultsPrefix, recordsPrefix } from "./archive";
import { queriesDir, readQueryFiles } from "./query-files";

/** What Athena users pick in the console to query the archive. */
export interface Analytics {
  database: aws.glue.CatalogDatabase;
  workgroup: aws.athena.Workgroup;
}

/**
 * Makes the archive queryable with Athena: a Glue table over the records,
 * a workgroup with a cap on scanned bytes, and the saved queries.
 *
 * @param config - the settings of the stage being deployed
 * @param archive - the archive from `createArchive`
 */
export function createAnalytics(
  config: StageConfig,
  archive: Archive,
): Analytics {
  const database = new aws.glue.CatalogDatabase("AnalyticsDatabase", {
    name: databaseName($app.name, $app.stage),
  });

  createRecordsTable(database, archive.bucket);
  const workgroup = createWorkgroup(config, archive.bucket);
  createNamedQueries(database, workgroup);

  return { database, workgroup };
}

/**
 * The Glue name of the stage's database: Glue and Athena accept lower
 * case letters, digits and underscores only.
 */
export function databaseName(app: string, stage: string): string {
  return `${app}_${stage}`.toLowerCase().replace(/[^a-z0-9]/g, "_");
}

/**
 * The `records` table over the archive, one row per stream record.
 *
 * Partition projection computes the `dt` partitions from the table's
 * parameters, so no crawler or `MSCK REPAIR` ever runs and a query on a
 * day range lists only those days' folders. The OpenX SerDe matches the
 * records' camelCase keys to these lower case columns and reads each
 * chunk, a nested JSON object, as its JSON text.
 */
function createRecordsTable(
  database: aws.glue.CatalogDatabase,
  bucket: sst.aws.Bucket,
): aws.glue.CatalogTable {
  const location = $interpolate`s3://${bucket.name}/${recordsPrefix}`;

  return new aws.glue.CatalogTable("AnalyticsRecordsTable", {
    name: "records",
    databaseName: database.name,
    tableType: "EXTERNAL_TABLE",
    parameters: {
      EXTERNAL: "TRUE",
      classification: "json",
      "projection.enabled": "true",
      "projection.dt.type": "date",
      "projection.dt.format": "yyyy-MM-dd",
      "projection.dt.range": "2024-01-01,NOW",
      "projection.dt.interval": "1",
      "projection.dt.interval.unit": "DAYS",
      "storage.location.template": $interpolate`${location}dt=\${dt}/`,
    },
    partitionKeys: [{ name: "dt", type: "string" }],
    storageDescriptor: {
      location,
      inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
      outputFormat:
        "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
      // Objects are `.gz`; the input format decompresses by extension.
      compressed: true,
      serDeInfo: {
        serializationLibrary: "org.openx.data.jsonserde.JsonSerDe",
        // A line that is not JSON becomes a row of nulls, as DuckDB reads
        // it locally, instead of failing every query over its day; the
        // saved queries skip such rows with `v = 1`.
        parameters: {
          "case.insensitive": "true",
          "ignore.malformed.json": "true",
        },
      },
      columns: [
        { name: "v", type: "int" },
        { name: "conversationid", type: "string" },
        { name: "messageid", type: "string" },
        { name: "userid", type: "string" },
        { name: "startedat", type: "bigint" },
        { name: "producedat", type: "bigint" },
        {
          name: "chunks",
          type: "array<struct<seq:int,receivedat:bigint,chunk:string>>",
        },
      ],
    },
  });
}

/** The stage's workgroup; its settings bind every query run in it. */
function createWorkgroup(
  config: StageConfig,
  bucket: sst.aws.Bucket,
): aws.athena.Workgroup {
  const results = $interpolate`s3://${bucket.name}/${athenaResultsPrefix}`;

  return new aws.athena.Workgroup("AnalyticsWorkgroup", {
    name: `${$app.name}-${$app.stage}`,
    // Saved queries come from files and results expire: nothing to keep.
    forceDestroy: true,
    configuration: {
      // Users cannot lift the cutoff or move results per query.
      enforceWorkgroupConfiguration: true,
      bytesScannedCutoffPerQuery: config.archive.bytesScannedCutoffPerQuery,
      resultConfiguration: {
        outputLocation: results,
        encryptionConfiguration: { encryptionOption: "SSE_S3" },
      },
    },
  });
}

/**
 * Saves each `.sql` file of `analytics/queries` as a named query, read at
 * deploy time: the local stack runs the same files on DuckDB.
 */
function createNamedQueries(
  database: aws.glue.CatalogDatabase,
  workgroup: aws.athena.Workgroup,
): void {
  const dir = path.join($cli.paths.root, queriesDir);

  for (const file of readQueryFiles(dir)) {
    new aws.athena.NamedQuery(`AnalyticsQuery${pascalCase(file.name)}`, {
      name: file.name,
      description: file.description,
      database: database.name,
      workgroup: workgroup.name,
      query: file.query,
    });
  }
}

/** `daily-volume` becomes `DailyVolume`, for a logical resource name. */
function pascalCase(name: string): string {
  return name
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
}
