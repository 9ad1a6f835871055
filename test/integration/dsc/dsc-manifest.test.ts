import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { compileInstanceSchema } from './dsc-instance-schema.js';
import { repoRoot } from '../../support/paths.js';
import { manifest } from './dsc-harness.js';

const subset = JSON.parse(readFileSync(join(repoRoot, 'dsc', 'dsc-manifest.subset.schema.json'), 'utf8'));
const validateManifest = new Ajv2020({ strict: false, allErrors: true }).compile(subset);
const clone = () => JSON.parse(JSON.stringify(manifest));

describe('DSC resource manifest', () => {
  test('valid against our subset of DSC\'s published manifest schema', () => {
    assert.ok(validateManifest(manifest), JSON.stringify(validateManifest.errors, null, 2));
  });

  const mutations: Array<[string, (m: any) => void]> = [
    ['no input and no JSON input argument', (m) => delete m.test.input],
    ['two JSON input arguments', (m) => (m.get.args = ['dsc', { jsonInputArg: '--a' }, { jsonInputArg: '--b' }], delete m.get.input)],
    ['a type name without an owner', (m) => (m.type = 'FtpFirewall')],
    ['a version that is not semver', (m) => (m.version = '1.0')],
    ['an exit code that is not an integer', (m) => (m.exitCodes['0x1'] = 'hex')],
    ['whatIf without return', (m) => delete m.whatIf.return],
    ['an unknown return kind', (m) => (m.set.return = 'diff')],
    ['an embedded schema of another dialect', (m) => (m.schema.embedded.$schema = 'http://json-schema.org/draft-04/schema#')],
    ['an unknown top-level key', (m) => (m.setup = {})],
    // DSC's rule that the shipped manifest once broke: well-known properties are references, never inline.
    ['_inDesiredState defined inline', (m) => (m.schema.embedded.properties._inDesiredState = { type: ['boolean', 'null'], readOnly: true })],
    ['_inDesiredState as a reference with a sibling keyword', (m) => (m.schema.embedded.properties._inDesiredState.description = 'x')],
    ['_inDesiredState referencing a schema that is not DSC\'s', (m) => (m.schema.embedded.properties._inDesiredState = { $ref: 'https://example.com/inDesiredState.json' })],
    ['_inDesiredState referencing another well-known property', (m) => (m.schema.embedded.properties._inDesiredState = { $ref: 'https://aka.ms/dsc/schemas/v3/resource/properties/exist.json' })],
    ['_exist defined inline', (m) => (m.schema.embedded.properties._exist = { type: 'boolean' })],
    ['test implemented without _inDesiredState', (m) => delete m.schema.embedded.properties._inDesiredState],
    ['an embedded schema without properties', (m) => (m.schema.embedded.properties = {})],
    ['a manifest schema URL DSC does not publish', (m) => (m.$schema = 'https://aka.ms/dsc/schemas/v4/resource/manifest.json')],
  ];
  for (const [what, mutate] of mutations) {
    test(`the subset rejects ${what}`, () => {
      const m = clone();
      mutate(m);
      assert.equal(validateManifest(m), false);
    });
  }

  test('the instance schema covers every desired-state property, so no desired-state file is refused by DSC', () => {
    const desiredSchema = JSON.parse(readFileSync(join(repoRoot, 'schema', 'desired-state.schema.json'), 'utf8'));
    const desiredKeys = Object.keys(desiredSchema.properties).filter((k) => k !== '$schema');
    const instanceKeys = Object.keys(manifest.schema.embedded.properties);
    for (const k of desiredKeys) assert.ok(instanceKeys.includes(k), `instance schema lacks ${k}`);
    assert.deepEqual(desiredSchema.required.slice().sort(), manifest.schema.embedded.required.slice().sort());
  });

  test('the subset accepts the other canonical forms DSC publishes', () => {
    for (const url of ['https://raw.githubusercontent.com/PowerShell/DSC/main/schemas/v3.1.0/resource/properties/inDesiredState.json', 'https://aka.ms/dsc/schemas/v3.0.2/resource/properties/inDesiredState.json']) {
      const m = clone();
      m.schema.embedded.properties._inDesiredState = { $ref: url };
      assert.ok(validateManifest(m), `${url}: ${JSON.stringify(validateManifest.errors)}`);
    }
    const m = clone();
    m.$schema = 'https://raw.githubusercontent.com/PowerShell/DSC/main/schemas/v3.1/bundled/resource/manifest.vscode.json';
    assert.ok(validateManifest(m), JSON.stringify(validateManifest.errors));
  });

  test('an instance\'s _inDesiredState is checked through the referenced schema (boolean or null)', () => {
    const validate = compileInstanceSchema(manifest.schema.embedded);
    const sample = JSON.parse(readFileSync(join(repoRoot, 'fixtures', 'desired.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(validate({ ...sample, _inDesiredState: false }), true);
    assert.equal(validate({ ...sample, _inDesiredState: null }), true);
    assert.equal(validate({ ...sample, _inDesiredState: 'yes' }), false);
  });

  test('the valid desired-state samples are valid instances', () => {
    const validate = compileInstanceSchema(manifest.schema.embedded);
    const sample = JSON.parse(readFileSync(join(repoRoot, 'fixtures', 'desired.json'), 'utf8')) as Record<string, unknown>;
    assert.ok(validate(sample), JSON.stringify(validate.errors));
    assert.equal(validate({ ...sample, configPath: 'C:\\x\\applicationHost.config' }), true);
    assert.equal(validate({ ...sample, externalIPv4Address: '1.2.3.4' }), false);
  });

  test('the manifest version follows the package version', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    assert.equal(manifest.version, pkg.version);
  });
});
