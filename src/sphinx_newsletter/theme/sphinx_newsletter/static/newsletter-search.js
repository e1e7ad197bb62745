/* The search page: a small component on Pagefind's JS API (pagefind/pagefind.js).
 *
 * The query and filters live in the URL (?q=sora&region=asia), so a search can be
 * shared; it runs as the reader types (debounced; a later query's results are never
 * overwritten by an earlier, slower one's). The filter counts are the current
 * results' and load only when the Filters panel opens. Result links are the
 * records' own URLs (issues/0009/#an-id), under the site's root, with the searched
 * words (?highlight=sora), which newsletter-page.js marks on the page they open.
 *
 * The bundle is in parts (search/parts.py, data-parts: the newest year, then
 * five-year eras). The newest part is searched first and its results shown while
 * the whole archive (every part, merged with Pagefind's mergeIndex) is searched,
 * whose other results follow under "Earlier issues". Pagefind's scoring grows
 * with the square of a term's matches, so the newest year's share comes back many
 * times sooner (benchmarks/SEARCH.md). Every query goes to Pagefind through
 * cutQuery (newsletter-search-cut.js), which cuts Chinese and Japanese as the
 * index was cut; the ?highlight= words are the query as typed. */
import { cutQuery } from "./newsletter-search-cut.js";

const root = document.querySelector(".nl-search");
const form = root.querySelector(".nl-search-form");
const field = root.querySelector("#nl-search-q");
const status = root.querySelector(".nl-search-status");
const list = root.querySelector(".nl-search-results");
const more = root.querySelector(".nl-search-more");
const panel = root.querySelector(".nl-search-filters");
const facets = root.querySelector(".nl-search-facets");
// The filters, from the kit's taxonomy registry (search/page.py): name, label, and
// a tree's parents or the year's order.
const FACETS = JSON.parse(root.dataset.facets || "[]");
const FILTERS = FACETS.map((facet) => facet.name);
// The URL parameter that carries the searched words to the page a result opens.
const HIGHLIGHT = "highlight";
// How long typing pauses before its query runs (ms).
const PAUSE = 200;
// Names from the archive (a topic "constructor", a region titled "__proto__") are
// looked up in Maps, or as own properties (own()): a plain object would answer
// them with what every object inherits ("function Object() { [native code] }").
function own(object, key) {
  return object != null && Object.hasOwn(object, key) ? object[key] : undefined;
}
function asMap(json) {
  return new Map(Object.entries(JSON.parse(json || "{}")));
}
// What a filter value that is an id shows: region → ("south-korea" → "South Korea").
const TITLES = new Map([...asMap(root.dataset.titles)].map(([name, titles]) => [name, new Map(Object.entries(titles))]));
const PAGE = 10;
// Shown as soon as their fragments arrive, before the rest of the first page.
const FIRST = 5;
const bundleUrl = new URL(root.dataset.bundle, document.baseURI);
// The site's root, wherever it is served from (a sub-path on project pages).
const siteRoot = new URL("../", bundleUrl).pathname;
// "2026 2020-2024:ja": each part's folder (newest first) and its other languages.
const PARTS = (root.dataset.parts || "").split(" ").filter(Boolean).map((part) => {
  const [name, languages = ""] = part.split(":");
  return { url: new URL(`${name}/`, bundleUrl).href, languages: languages.split(",").filter(Boolean) };
});
// The page's words in the site's language (search.html, from the kit's catalog).
const LABELS = asMap(root.dataset.labels);
const LANG = document.documentElement.lang || "en";
const plurals = new Intl.PluralRules(LANG);
const numbers = new Intl.NumberFormat(LANG);

function fill(text, fields) {
  return text.replace(/\{(\w+)\}/g, (field, name) => own(fields, name) ?? field);
}

function label(key, fields = {}) {
  return fill(LABELS.get(key) || key, fields);
}

// A plural message for the count the search found: its form for the count's plural
// category in the page's language (the catalog's forms by category, search.html).
function counted(key, n, fields = {}) {
  const forms = LABELS.get(key) || {};
  const text = own(forms, plurals.select(n)) ?? own(forms, "other") ?? key;
  return fill(text, { ...fields, n: numbers.format(n) });
}

// Pagefind's newest part once it is set up (a promise), and the whole archive's
// instance (every part merged; the same one when there is one part), set up only
// when a search needs it: the other parts' files wait until the first results show.
let pagefind = null;
let wholeArchive = null;
let results = [];
let shown = 0;
let generation = 0;
// How many of the results came from the first pass, the newest part's.
let recentCount = 0;
// The query the results are for, and the filter counts of its whole-archive pass.
let shownQuery = "";
let counts = null;
// Whether every filter's file is loaded (the panel was opened): then a search's
// counts cover every filter.
let allFilters = false;
// The pending search of a pause in typing.
let typing = 0;

// Records in another script (a :lang: zh article on an English site) are in that
// language's index of their part's bundle. A merged index gets the site's root as
// its base too: else its results' URLs are absolute, its folder's origin and all.
async function mergeLanguages(instance, part) {
  for (const language of part.languages) {
    await instance.mergeIndex(part.url, { language, baseUrl: siteRoot });
  }
}

const OPTIONS = { baseUrl: siteRoot, excerptLength: 24 };

async function setUp() {
  const api = await import(`${PARTS[0].url}pagefind.js`);
  await api.options(OPTIONS);
  await api.init();
  await mergeLanguages(api, PARTS[0]);
  return api;
}

async function setUpWhole() {
  const api = await load();
  const [first, ...older] = PARTS;
  if (!older.length) return api;
  const whole = api.createInstance({ basePath: first.url });
  await whole.options(OPTIONS);
  await whole.init();
  // The parts' files load side by side.
  await Promise.all([
    mergeLanguages(whole, first),
    ...older.map(async (part) => {
      await whole.mergeIndex(part.url, { baseUrl: siteRoot });
      await mergeLanguages(whole, part);
    }),
  ]);
  return whole;
}

// One set-up each, however many callers wait for it (the page's opening, typing, a
// search): two would merge the other languages' indexes twice.
function load() {
  pagefind ||= setUp();
  return pagefind;
}

function loadWhole() {
  wholeArchive ||= setUpWhole();
  return wholeArchive;
}

// Every query of the page goes through here: the query as typed (or "" for filters
// only), Pagefind's filters and sort, and whether to search the newest part only
// (the first of two passes) or the whole archive. The query goes cut (cutQuery).
// The response's results are in rank order (by date when sorted) and its filter
// counts are the results'.
async function runSearch(query, filters, sort, newest = false) {
  const api = await (newest ? load() : loadWhole());
  return api.search(query ? cutQuery(query) : null, { filters, sort });
}

// The index chunks of a word being typed (in the newest part), loaded before its
// search runs.
async function preloadQuery(query) {
  (await load()).preload(cutQuery(query));
}

// The whole archive's filter counts (every part's filter files loaded).
async function archiveCounts() {
  return (await loadWhole()).filters();
}

function selectedFilters(params) {
  const filters = {};
  for (const name of FILTERS) {
    const values = params.getAll(name).filter(Boolean);
    if (values.length) filters[name] = { any: values };
  }
  return filters;
}

/* Pagefind's excerpt is HTML with <mark> around the matches: keep the text and the
 * marks only, parsed in an inert document. */
function excerptNodes(html, query = "") {
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
  const runs = unspacedRuns(query);
  const out = [];
  for (const node of parsed.body.firstChild.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      out.push(mark);
    } else {
      out.push(...markRuns(node.textContent, runs));
    }
  }
  return out;
}

// The query's Chinese and Japanese runs, longest first. Pagefind matched them as the
// kit's tokens (a hidden meta field: search/segments.py), so its excerpt marks none
// of them; they are marked here, wherever they stand in the excerpt's text.
function unspacedRuns(query) {
  const runs = query.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+/gu) || [];
  return [...new Set(runs)].sort((a, b) => b.length - a.length);
}

function markRuns(text, runs) {
  if (!runs.length) return [document.createTextNode(text)];
  const out = [];
  let last = 0;
  for (const found of text.matchAll(new RegExp(runs.join("|"), "gu"))) {
    if (found.index > last) out.push(document.createTextNode(text.slice(last, found.index)));
    const mark = document.createElement("mark");
    mark.textContent = found[0];
    out.push(mark);
    last = found.index + found[0].length;
  }
  if (last < text.length) out.push(document.createTextNode(text.slice(last)));
  return out;
}

// A result's URL with the searched words, one parameter each (as Pagefind's
// highlightParam does), before its #id.
function highlighted(href, query) {
  const words = query.split(/\s+/).filter(Boolean);
  if (!words.length) return href;
  const url = new URL(href, location.href);
  for (const word of words) url.searchParams.append(HIGHLIGHT, word);
  return url.origin === location.origin ? url.pathname + url.search + url.hash : url.href;
}

function resultItem(data) {
  const item = document.createElement("li");
  item.className = "nl-search-result";
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = highlighted(data.url, shownQuery);
  link.textContent = own(data.meta, "title") || data.url;
  heading.append(link);
  const about = document.createElement("p");
  about.className = "nl-search-about";
  about.textContent = ["authors", "publication", "issue", "date"]
    .map((key) => own(data.meta, key))
    .filter(Boolean)
    .join(" · ");
  const excerpt = document.createElement("p");
  excerpt.className = "nl-search-excerpt";
  excerpt.append(...excerptNodes(data.excerpt || "", shownQuery));
  item.append(heading, about, excerpt);
  const archived = archivedLink(own(data.meta, "archived"));
  if (archived) item.append(archived);
  return item;
}

// A dead link's archived copy, from the record's meta: linked only when it is http(s).
function archivedLink(url) {
  if (!url || !/^https?:\/\//i.test(url)) return null;
  const para = document.createElement("p");
  para.className = "nl-search-archived";
  const link = document.createElement("a");
  link.className = "archived-copy";
  link.href = url;
  link.textContent = label("archived");
  para.append(link);
  return para;
}

function valueTitle(name, value) {
  return TITLES.get(name)?.get(value) || value;
}

function earlierHeading() {
  const item = document.createElement("li");
  item.className = "nl-search-earlier";
  item.textContent = label("earlier");
  return item;
}

function appendItems(data) {
  const start = shown;
  const items = data.map(resultItem);
  const split = recentCount - start;
  if (recentCount && split >= 0 && split < items.length) items.splice(split, 0, earlierHeading());
  list.append(...items);
  shown += data.length;
}

async function showMore(current, count = PAGE) {
  // A query typed on since asks for none of this one's fragments.
  if (current !== generation) return;
  const batch = results.slice(shown, shown + count);
  const data = await Promise.all(batch.map((result) => result.data()));
  if (current !== generation) return;
  appendItems(data);
  more.hidden = shown >= results.length;
}

function unique(found, seen = new Set()) {
  // A merged index of the same bundle can return a record twice: keep it once.
  return found.filter((result) => !seen.has(result.id) && seen.add(result.id));
}

async function run() {
  clearTimeout(typing);
  const params = new URLSearchParams(location.search);
  const query = (params.get("q") || "").trim();
  const filters = selectedFilters(params);
  if (document.activeElement !== field || field.value.trim() !== query) field.value = query;
  const current = ++generation;
  shownQuery = query;
  counts = null;
  if (!query && !Object.keys(filters).length) {
    list.replaceChildren();
    more.hidden = true;
    status.textContent = "";
    if (panel.open) showFacets();
    return;
  }
  // The last results stay until the new ones arrive: the list never empties and
  // refills while a reader types.
  status.textContent = label("searching");
  const sort = query ? undefined : { date: "desc" };
  let found = [];
  let recent = 0;
  // A year filter is small already; otherwise the newest year first.
  const twoPasses = PARTS.length > 1 && !filters.year;
  if (twoPasses) {
    const first = await runSearch(query, filters, sort, true);
    if (current !== generation) return;
    found = unique(first.results);
    recent = found.length;
    await replaceResults(current, found, recent);
    if (current !== generation) return;
    // The first results paint before the other parts' files are asked for.
    await new Promise(requestAnimationFrame);
    if (current !== generation) return;
  }
  const search = await runSearch(query, filters, sort);
  if (current !== generation) return;
  // The whole archive's, after the recent ones already listed.
  found = found.concat(unique(search.results, new Set(found.map((result) => result.id))));
  if (!twoPasses) {
    await replaceResults(current, found, 0);
    if (current !== generation) return;
  } else {
    results = found;
    more.hidden = shown >= results.length;
  }
  counts = search.filters;
  // The first results, then the status: a reader (and a test) reading "N results"
  // finds them listed. The rest of the first page follows.
  if (shown < FIRST) await showMore(current, FIRST - shown);
  if (current !== generation) return;
  const filtered = Object.entries(filters)
    .map(([name, value]) => `${facetLabel(name)}: ${value.any.map((v) => valueTitle(name, v)).join(", ")}`)
    .join("; ");
  const what = (query ? `“${query}”` : label("filters_only")) + (query && filtered ? ` (${filtered})` : "");
  const count = results.length;
  status.textContent = count ? counted("results", count, { what }) : label("none", { what });
  if (panel.open) showFacets();
  if (shown < PAGE) await showMore(current, PAGE - shown);
}

// The first results of a search in place of the last search's, in one step.
async function replaceResults(current, found, recent) {
  const first = found.slice(0, FIRST);
  const data = await Promise.all(first.map((result) => result.data()));
  if (current !== generation) return;
  results = found;
  recentCount = recent;
  shown = 0;
  list.replaceChildren();
  appendItems(data);
  more.hidden = shown >= results.length;
}

function navigate(params) {
  history.pushState(null, "", `${location.pathname}${params.size ? "?" + params : ""}`);
  run();
}

// While typing: the URL says what is searched (kept shareable, no history entry per
// key), and the query runs once typing pauses.
function typed() {
  clearTimeout(typing);
  const term = field.value.trim();
  const params = new URLSearchParams(location.search);
  if (term === (params.get("q") || "").trim()) return;
  if (term) {
    preloadQuery(term);
    // One Latin letter matches most of the archive: searching it costs more than
    // the word it starts. A Chinese, Japanese or Korean character is a word.
    if (term.length < 2 && !/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(term)) return;
  }
  typing = setTimeout(() => {
    if (term) params.set("q", term);
    else params.delete("q");
    history.replaceState(null, "", `${location.pathname}${params.size ? "?" + params : ""}`);
    run();
  }, PAUSE);
}

function facetLabel(name) {
  return FACETS.find((facet) => facet.name === name)?.label || name;
}

// One checkbox and its label: "South Korea (3)".
function facetBox(name, value, count, checked) {
  const label = document.createElement("label");
  const box = document.createElement("input");
  box.type = "checkbox";
  box.name = name;
  box.value = value;
  box.checked = checked;
  label.append(box, ` ${valueTitle(name, value)} (${numbers.format(count)})`);
  return label;
}

// A tree's values nested under their parents (a region's count holds its children's:
// a record is filed under every ancestor), each level in the configured order.
function facetTree(parents, present, make) {
  const children = new Map();
  for (const [id, parent] of Object.entries(parents)) {
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(id);
  }
  const placed = new Set();
  const level = (parent) => {
    const items = [];
    for (const id of children.get(parent) || []) {
      if (!present.has(id)) continue;
      placed.add(id);
      const item = document.createElement("li");
      item.append(make(id));
      const below = level(id);
      if (below) item.append(below);
      items.push(item);
    }
    if (!items.length) return null;
    const tree = document.createElement("ul");
    tree.className = "nl-search-tree";
    tree.append(...items);
    return tree;
  };
  const tree = level("");
  // A value outside the configured tree (none today) is listed after it.
  const rest = [...present].filter((id) => !placed.has(id)).map(make);
  return [tree, ...rest].filter(Boolean);
}

// The filters of the current results: each value they hold, with how many of them;
// a value checked stays, a filter with no value is left out.
function renderFacets(found) {
  const params = new URLSearchParams(location.search);
  // The box a keyboard reader just ticked keeps the focus when the panel is redrawn.
  const active = facets.contains(document.activeElement) ? document.activeElement : null;
  const groups = [];
  for (const facet of FACETS) {
    const name = facet.name;
    const checked = new Set(params.getAll(name));
    const tally = new Map(Object.entries(own(found, name) || {}));
    for (const value of checked) if (!tally.has(value)) tally.set(value, 0);
    const values = [...tally].filter(([value, n]) => n > 0 || checked.has(value));
    if (!values.length) continue;
    if (facet.newest_first) values.sort((a, b) => b[0].localeCompare(a[0]));
    else values.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const group = document.createElement("fieldset");
    const legend = document.createElement("legend");
    legend.textContent = facet.label;
    group.append(legend);
    const make = (value) => facetBox(name, value, tally.get(value), checked.has(value));
    if (facet.parents) group.append(...facetTree(facet.parents, new Set(values.map(([v]) => v)), make));
    else group.append(...values.map(([value]) => make(value)));
    groups.push(group);
  }
  facets.replaceChildren(...groups);
  if (active) {
    [...facets.querySelectorAll("input")].find((box) => box.name === active.name && box.value === active.value)?.focus();
  }
}

// The panel's counts: the current results' once every filter's file is loaded
// (the first opening loads them and searches again); the archive's with no search.
async function showFacets() {
  const current = generation;
  if (!allFilters) {
    if (!facets.childElementCount) facets.textContent = label("loading_filters");
    const archive = await archiveCounts();
    allFilters = true;
    if (current !== generation) return;
    const params = new URLSearchParams(location.search);
    const query = (params.get("q") || "").trim();
    const filters = selectedFilters(params);
    if (!query && !Object.keys(filters).length) {
      renderFacets(archive);
      return;
    }
    const sort = query ? undefined : { date: "desc" };
    const search = await runSearch(query, filters, sort);
    if (current !== generation) return;
    counts = search.filters;
  }
  if (counts) renderFacets(counts);
  else if (!shownQuery && !Object.keys(selectedFilters(new URLSearchParams(location.search))).length) {
    renderFacets(await archiveCounts());
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const params = new URLSearchParams(location.search);
  const term = field.value.trim();
  // Typing has searched it already (or is about to): Enter keeps the results.
  if (term && term === (params.get("q") || "").trim() && term === shownQuery) {
    clearTimeout(typing);
    return;
  }
  params.set("q", term);
  navigate(params);
});
facets.addEventListener("change", (event) => {
  const box = event.target;
  const params = new URLSearchParams(location.search);
  const values = params.getAll(box.name).filter((value) => value !== box.value);
  if (box.checked) values.push(box.value);
  params.delete(box.name);
  for (const value of values) params.append(box.name, value);
  navigate(params);
});
panel.addEventListener("toggle", () => panel.open && showFacets());
// One batch at a time: a second click while one loads would list the same results again.
let loadingMore = null;
more.addEventListener("click", () => {
  loadingMore ||= showMore(generation).finally(() => {
    loadingMore = null;
  });
});
window.addEventListener("popstate", run);
// Pagefind and the index's metadata load while the reader types; the chunks of a
// word start loading as it is typed, and the query runs when typing pauses.
field.addEventListener("input", typed);

field.focus();
run();
load();
