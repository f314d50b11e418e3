// Lints Cypher with Neo4j's own analyser (@neo4j-cypher/language-support, lintCypherQuery).
// Input on stdin, JSON: {"schema": DbSchema, "versions": ["CYPHER 5", ...], "queries": {name: text}}.
// Output on stdout, JSON: {name: {version: [{severity, line, column, message}]}}.
// Run by tests/cypher_lint/linter.py with NODE_PATH at the cached install.
import { lintCypherQuery } from '@neo4j-cypher/language-support';

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

let input = '';
for await (const chunk of process.stdin) input += chunk;
const { schema, versions, queries } = JSON.parse(input);

const out = {};
for (const [name, text] of Object.entries(queries)) {
  out[name] = {};
  for (const version of versions) {
    const versioned = { ...schema, defaultLanguage: version };
    if (!schema.functions?.[version]) {
      // No list of this version's functions: check none (an empty list would flag every one).
      delete versioned.functions;
      delete versioned.procedures;
    }
    const { diagnostics } = lintCypherQuery(text, versioned);
    out[name][version] = diagnostics.map((d) => ({
      severity: SEVERITY[d.severity] ?? String(d.severity),
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      message: d.message,
    }));
  }
}
process.stdout.write(JSON.stringify(out));
