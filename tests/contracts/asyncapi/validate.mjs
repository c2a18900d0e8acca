// Validate AsyncAPI documents with the official parser: node validate.mjs <file>...
// Exits 1, printing every error-level diagnostic, when a document is not valid.
import { readFileSync } from "node:fs";
import { Parser } from "@asyncapi/parser";

const parser = new Parser();
let failed = false;
for (const file of process.argv.slice(2)) {
  const { document, diagnostics } = await parser.parse(readFileSync(file, "utf8"));
  const errors = diagnostics.filter((d) => d.severity === 0);
  if (!document || errors.length > 0) {
    failed = true;
    for (const e of errors) console.log(`${file}: ${e.path.join(".")}: ${e.message}`);
  } else {
    console.log(`${file}: valid AsyncAPI ${document.version()}`);
  }
}
process.exit(failed ? 1 : 0);
