export * from "./dynamodb-server";
export * from "./errors";
export * from "./http-server";
export * from "./kinesis-server";
export * from "./lambda-context";
export * from "./lambda-function";
export * from "./lambda-service";
export * from "./logger";
