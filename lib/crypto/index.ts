export * from "./secretbox";
export * from "./master-key";
export * from "./reencrypt";
