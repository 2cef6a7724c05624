/** Params files (params.yaml / .toml / .json): where they are, how they are read and merged, and their loader. */
import type { ParamsCodec, ParamsFormat } from './document';
import { jsonCodec } from './json';
import { tomlCodec } from './toml';
import { yamlCodec } from './yaml';

export * from './document';
export * from './values';
export * from './keys';
export * from './loader';
export * from './location';
export { pyyamlPlainScalar } from './yaml';

const CODECS: Record<ParamsFormat, ParamsCodec> = { yaml: yamlCodec, toml: tomlCodec, json: jsonCodec };

export function codecFor(format: ParamsFormat): ParamsCodec {
  return CODECS[format];
}
