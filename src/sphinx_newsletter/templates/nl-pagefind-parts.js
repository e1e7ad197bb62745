/* The site's search bundle, written by sphinx-newsletter: Pagefind's JS API over
 * every part of the bundle merged, so that pagefind/pagefind.js finds every record
 * on its own, as the issue format's contract says. The bundle is in parts (one
 * Pagefind bundle each, newest first: the kit's search/parts.py), and a query's
 * Chinese and Japanese runs are cut as the kit indexed them (newsletter-search-cut.js).
 * The kit's own search page uses the parts directly, to show the newest first. */
import * as pagefind from "./{{ parts[0][0] }}/pagefind.js";
import { cutQuery } from "../_static/newsletter-search-cut.js";

// [part, [its other languages]], newest first.
const PARTS = {{ parts | tojson }};
// The site's root: a merged index's results get URLs from it (else absolute ones).
const baseUrl = new URL("../", import.meta.url).pathname;
let ready = null;

async function mergeParts() {
  await pagefind.init();
  for (const [i, [part, languages]] of PARTS.entries()) {
    const url = new URL(`${part}/`, import.meta.url).href;
    if (i) await pagefind.mergeIndex(url, { baseUrl });
    for (const language of languages) await pagefind.mergeIndex(url, { language, baseUrl });
  }
}

function setUp() {
  ready ||= mergeParts();
  return ready;
}

const cut = (term) => (typeof term === "string" ? cutQuery(term) : term);

export const options = (values) => pagefind.options(values);
export const init = () => setUp();
export const mergeIndex = async (...args) => (await setUp(), pagefind.mergeIndex(...args));
export const search = async (term, values) => (await setUp(), pagefind.search(cut(term), values));
export const debouncedSearch = async (term, values, wait) => (
  await setUp(), pagefind.debouncedSearch(cut(term), values, wait)
);
export const preload = async (term, values) => (await setUp(), pagefind.preload(cut(term), values));
export const filters = async () => (await setUp(), pagefind.filters());
export const createInstance = pagefind.createInstance;
export async function destroy() {
  ready = null;
  await pagefind.destroy();
}
