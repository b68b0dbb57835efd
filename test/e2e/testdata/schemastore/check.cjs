// Compiles the swarm schema the way SchemaStore's cli.js does (Ajv for
// draft 2020-12, strict mode, ajv-formats) and validates documents with it:
//   node check.cjs SCHEMA valid|invalid FILE.json...
// Union types ("type": ["integer", "object"]) are standard JSON Schema that
// Ajv's strictTypes refuses unless allowed; they are allowed here, and that
// is the one strict-mode option relaxed. Prints one line per problem; exit 1
// on any.
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");
const fs = require("fs");

const [schemaPath, want, ...files] = process.argv.slice(2);
const warnings = [];
const logger = { log() {}, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) };
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true, logger });
addFormats(ajv);
let validate;
try {
  validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, "utf8")));
} catch (e) {
  console.log(`${schemaPath}: does not compile in strict mode: ${e.message}`);
  process.exit(1);
}
let bad = warnings.length > 0;
for (const w of warnings) console.log(`${schemaPath}: ${w}`);
for (const f of files) {
  const ok = validate(JSON.parse(fs.readFileSync(f, "utf8")));
  if (want === "valid" && !ok) {
    bad = true;
    console.log(`${f}: invalid: ${ajv.errorsText(validate.errors)}`);
  }
  if (want === "invalid" && ok) {
    bad = true;
    console.log(`${f}: valid, but should not be`);
  }
}
process.exit(bad ? 1 : 0);
