// ESLint (run by `make lint`): the recommended rules over the book's own scripts and the scripts
// the browser tests inject into pages (each a classic browser script, no modules, with Plotly loaded
// by the page beside it), and the book's Node build scripts.
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["src/freezelines/book/_static/*.js", "tests/*.js"],
    languageOptions: {
      ecmaVersion: "latest",
      sourceType: "script",
      globals: {
        ...globals.browser,
        Plotly: "readonly",
      },
    },
  },
  {
    // The book's build scripts (tools/plotly_bundle.mjs): ES modules run by Node.
    files: ["tools/*.mjs"],
    languageOptions: {
      ecmaVersion: "latest",
      sourceType: "module",
      globals: globals.node,
    },
  },
];
