/* Pagefind's highlighter at the bundle's root, written by sphinx-newsletter: the
 * newest part's own (every part holds the same file), so that a page opened from a
 * search result (newsletter-page.js) finds it at pagefind/pagefind-highlight.js
 * whatever parts the bundle has. It sets window.PagefindHighlight. */
import "./{{ parts[0][0] }}/pagefind-highlight.js";
