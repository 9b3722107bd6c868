// The plotly.js the book serves: plotly.js's own core with only the trace types the book draws
// (scatter, which core registers, and bar), built from the npm package `plotly.js` (its source, pinned
// in package.json) with esbuild the way plotly.js builds its partial bundles (esbuild-config.js,
// tasks/partial_bundle.mjs and tasks/compress_attributes.js of plotly.js): an IIFE named Plotly,
// minified for ES2016, the attributes' documentation strings left out, plotly.js's licence header on
// top. Core's components stay but for the few no figure of the book uses (plotly.js's Registry makes
// a missing component's methods no-ops), listed below with the reason each can go.
// Run by the Makefile after `npm ci`: `node tools/plotly_bundle.mjs [--out FILE]`. The same inputs
// give the same bytes (no date, no absolute path in the output).
import { readFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, version as esbuildVersion } from "esbuild";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PLOTLY = path.join(ROOT, "node_modules", "plotly.js");
export const OUT = path.join(ROOT, "node_modules", ".freezelines", "plotly.min.js");

// Registered on top of core (which registers scatter itself).
export const TRACES = ["bar"];
// Core's components the book does without: none of its figures sets what they draw.
export const DROPPED_COMPONENTS = {
  annotations3d: "annotations in 3D scenes (no 3D trace is registered)",
  grid: "layout.grid, subplots laid out in a grid (no figure sets it)",
  colorbar: "colour bars of colour scales (no trace shows a scale: no showscale, no coloraxis)",
};

// plotly.js's tasks/compress_attributes.js: each attribute's description (a string or a joined array
// of strings), requiredOpts, otherOpts, role and hrName are documentation for the schema, never read
// when drawing.
const META = [
  ["description", "'.*'"],
  ["description", "\\[[\\s\\S]*?\\]\\.join\\([\\s\\S]*?\\)"],
  ["requiredOpts", "\\[[\\s\\S]*?\\]"],
  ["otherOpts", "\\[[\\s\\S]*?\\]"],
  ["role", "'.*'"],
  ["hrName", "'.*'"],
].map(([name, value]) => new RegExp(`\\s*${name}: ${value},?`, "g"));

const stripMeta = {
  name: "freezelines-strip-attribute-meta",
  setup(build) {
    build.onLoad({ filter: /\.js$/ }, async (file) => ({
      contents: META.reduce((code, pattern) => code.replace(pattern, ""), await readFile(file.path, "utf8")),
      loader: "js",
    }));
  },
};

// plotly.js's registry requires maplibre-gl's stylesheet when a map trace registers (plotly.js's own
// bundles inline it, 83 KB, in every partial bundle). No map trace is registered here: an empty module.
const noMapStylesheet = {
  name: "freezelines-no-map-stylesheet",
  setup(build) {
    build.onResolve({ filter: /^maplibre-gl\/dist\/maplibre-gl\.css$/ }, () => ({ path: "maplibre-gl.css", namespace: "unused" }));
    build.onLoad({ filter: /.*/, namespace: "unused" }, () => ({ contents: "", loader: "js" }));
  },
};

/** plotly.js's src/core.js without the dropped components, then the book's traces registered. */
export function entry(core) {
  let code = core;
  for (const name of Object.keys(DROPPED_COMPONENTS)) {
    const pattern = new RegExp(`\\n\\s*require\\('\\./components/${name}'\\),?`);
    if (!pattern.test(code)) {
      throw new Error(`plotly.js's src/core.js no longer registers the component "${name}": review DROPPED_COMPONENTS`);
    }
    code = code.replace(pattern, "");
  }
  if (!code.includes("register(require('./traces/scatter'));")) {
    throw new Error("plotly.js's src/core.js no longer registers scatter: register it in TRACES");
  }
  const traces = TRACES.map((name) => `    require('./traces/${name}')`).join(",\n");
  return `${code}\n// Freeze the Lines?: the trace types the book draws besides scatter.\nregister([\n${traces}\n]);\n`;
}

/** plotly.js's own licence header (from its full bundle), naming this bundle and how it was made. */
export function header(plotlyHeader, plotlyVersion) {
  const head = plotlyHeader.match(/^\/\*\*\n\* plotly\.js v[0-9.]+\n[\s\S]*?\*\/\n/);
  if (!head || !head[0].includes(`plotly.js v${plotlyVersion}\n`)) {
    throw new Error(`dist/plotly.min.js of plotly.js ${plotlyVersion} does not start with its licence header`);
  }
  const traces = ["scatter", ...TRACES].join(", ");
  const without = Object.keys(DROPPED_COMPONENTS).join(", ");
  return head[0]
    .replace("* plotly.js v", `* plotly.js (freezelines: ${traces} - minified) v`)
    .replace(/\*\/\n$/, `* Built by Freeze the Lines?' tools/plotly_bundle.mjs with esbuild ${esbuildVersion}:\n`
      + `* plotly.js's src/core.js without ${without}, with ${traces}.\n*/\n`);
}

export async function bundle() {
  const pkg = JSON.parse(await readFile(path.join(PLOTLY, "package.json"), "utf8"));
  const core = await readFile(path.join(PLOTLY, "src", "core.js"), "utf8");
  const full = await readFile(path.join(PLOTLY, "dist", "plotly.min.js"), "utf8");
  const result = await build({
    stdin: { contents: entry(core), resolveDir: path.join(PLOTLY, "src"), sourcefile: "freezelines-plotly.js" },
    bundle: true,
    format: "iife",
    globalName: "Plotly",
    minify: true,
    target: "es2016",
    define: { global: "window", "define.amd": "false", "process.env.NODE_DEBUG": "false" },
    legalComments: "eof",
    plugins: [noMapStylesheet, stripMeta],
    write: false,
    logLevel: "warning",
  });
  const code = new TextDecoder().decode(result.outputFiles[0].contents);
  return `${header(full.slice(0, 400), pkg.version)}${code}window.Plotly = Plotly;\n`;
}

async function main(argv) {
  if (!(argv.length === 0 || (argv.length === 2 && argv[0] === "--out"))) {
    throw new Error(`usage: node tools/plotly_bundle.mjs [--out FILE] (default ${path.relative(ROOT, OUT)}), not: ${argv.join(" ")}`);
  }
  const out = argv.length ? path.resolve(argv[1]) : OUT;
  const text = await bundle();
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, text);
  const bytes = Buffer.from(text);
  console.log(`${path.relative(process.cwd(), out)}: ${bytes.length} bytes, ${gzipSync(bytes, { level: 9 }).length} gzip -9`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main(process.argv.slice(2));
}
