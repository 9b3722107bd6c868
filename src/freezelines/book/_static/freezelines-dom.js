/* Freeze the Lines? - the one helper that builds page elements, shared by freezelines-common.js
 * (the explorer and the deal panel) and freezelines-embed.js (the "Embed" control). Written for this
 * book. Loaded before both, on every page with a chart (freezelines.book.page_scripts) and on a
 * widget's embed page (freezelines.book.embeds); exposed as window.FreezeLines.el. */
(function () {
  "use strict";

  /* An element with its text (a text node: never parsed as markup) and its class. */
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    if (cls) { node.className = cls; }
    return node;
  }

  window.FreezeLines = window.FreezeLines || {};
  window.FreezeLines.el = el;
})();
