/**
 * Validating instances against the manifest's embedded instance schema the way DSC does: the schema
 * references DSC's canonical schemas for its well-known properties by URL, and DSC knows those schemas
 * without fetching them. Restated here from DSC's reference docs (resource/properties/inDesiredState.json:
 * a read-only boolean or null); nothing is fetched.
 */
import { Ajv, type ValidateFunction } from 'ajv';

const IN_DESIRED_STATE = { type: ['boolean', 'null'], readOnly: true };
const DSC_PROPERTY_URLS = ['https://aka.ms/dsc/schemas/v3/resource/properties/inDesiredState.json'];

export function compileInstanceSchema(embedded: object, opts: { allErrors?: boolean } = {}): ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: opts.allErrors ?? false });
  for (const url of DSC_PROPERTY_URLS) ajv.addSchema({ $id: url, ...IN_DESIRED_STATE });
  return ajv.compile(embedded);
}
