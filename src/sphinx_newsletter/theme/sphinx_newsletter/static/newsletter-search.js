/* The search page: a small component on Pagefind's JS API (pagefind/pagefind.js).
 *
 * The query and filters live in the URL (?q=sora&region=asia), so a search can be
 * shared; the filter counts load only when the Filters panel opens. Result links
 * are the records' own URLs (issues/0009/#an-id), under the site's root.
 *
 * The bundle is in parts (search/parts.py, data-parts: the newest year, then
 * five-year eras). The newest part is searched first and its results shown while
 * the whole archive (every part, merged with Pagefind's mergeIndex) is searched,
 * whose other results follow under "Earlier issues". Pagefind's scoring grows
 * with the square of a term's matches, so the newest year's share comes back many
 * times sooner (benchmarks/SEARCH.md). Every query goes to Pagefind through
 * cutQuery (newsletter-search-cut.js), which cuts Chinese and Japanese as the
 * index was cut. */
import { cutQuery } from "./newsletter-search-cut.js";

const root = document.querySelector(".nl-search");
const form = root.querySelector(".nl-search-form");
const field = root.querySelector("#nl-search-q");
const status = root.querySelector(".nl-search-status");
const list = root.querySelector(".nl-search-results");
const more = root.querySelector(".nl-search-more");
const panel = root.querySelector(".nl-search-filters");
const facets = root.querySelector(".nl-search-facets");
const FILTERS = facets.dataset.filters.split(" ");
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
const plurals = new Intl.PluralRules(document.documentElement.lang || "en");

function label(key, fields = {}) {
  return (LABELS.get(key) || key).replace(/\{(\w+)\}/g, (field, name) => own(fields, name) ?? field);
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
function excerptNodes(html) {
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
  const out = [];
  for (const node of parsed.body.firstChild.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      out.push(mark);
    } else {
      out.push(document.createTextNode(node.textContent));
    }
  }
  return out;
}

function resultItem(data) {
  const item = document.createElement("li");
  item.className = "nl-search-result";
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = data.url;
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
  excerpt.append(...excerptNodes(data.excerpt || ""));
  item.append(heading, about, excerpt);
  return item;
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

async function showMore(current, count = PAGE) {
  const start = shown;
  const batch = results.slice(start, start + count);
  const data = await Promise.all(batch.map((result) => result.data()));
  if (current !== generation) return;
  const items = data.map(resultItem);
  const split = recentCount - start;
  if (recentCount && split >= 0 && split < items.length) items.splice(split, 0, earlierHeading());
  list.append(...items);
  shown += batch.length;
  more.hidden = shown >= results.length;
}

function unique(found, seen = new Set()) {
  // A merged index of the same bundle can return a record twice: keep it once.
  return found.filter((result) => !seen.has(result.id) && seen.add(result.id));
}

async function run() {
  const params = new URLSearchParams(location.search);
  const query = (params.get("q") || "").trim();
  const filters = selectedFilters(params);
  field.value = query;
  const current = ++generation;
  list.replaceChildren();
  more.hidden = true;
  if (!query && !Object.keys(filters).length) {
    status.textContent = "";
    return;
  }
  status.textContent = label("searching");
  const newest = await load();
  const sort = query ? undefined : { date: "desc" };
  const sent = query ? cutQuery(query) : null;
  results = [];
  shown = 0;
  recentCount = 0;
  // A year filter is small already; otherwise the newest year first.
  const twoPasses = PARTS.length > 1 && !filters.year;
  if (twoPasses) {
    const recent = await newest.search(sent, { filters, sort });
    if (current !== generation) return;
    results = unique(recent.results);
    recentCount = results.length;
    await showMore(current, FIRST);
    if (current !== generation) return;
    // The first results paint before the other parts' files are asked for.
    await new Promise(requestAnimationFrame);
  }
  const search = await (await loadWhole()).search(sent, { filters, sort });
  if (current !== generation) return;
  // The whole archive's, after the recent ones already listed.
  results = results.concat(unique(search.results, new Set(results.map((result) => result.id))));
  // The first results, then the status: a reader (and a test) reading "N results"
  // finds them listed. The rest of the first page follows.
  if (shown < FIRST) await showMore(current, FIRST - shown);
  if (current !== generation) return;
  const filtered = Object.entries(filters)
    .map(([name, value]) => `${label(name)}: ${value.any.map((v) => valueTitle(name, v)).join(", ")}`)
    .join("; ");
  const what = (query ? `“${query}”` : label("filters_only")) + (query && filtered ? ` (${filtered})` : "");
  const count = results.length;
  status.textContent = count
    ? label(plurals.select(count) === "one" ? "results_one" : "results_other", { n: count, what })
    : label("none", { what });
  if (shown < PAGE) await showMore(current, PAGE - shown);
}

function navigate(params) {
  history.pushState(null, "", `${location.pathname}${params.size ? "?" + params : ""}`);
  run();
}

async function showFacets() {
  if (facets.dataset.loaded) return;
  facets.dataset.loaded = "1";
  facets.textContent = label("loading_filters");
  const counts = await (await loadWhole()).filters();
  const params = new URLSearchParams(location.search);
  const groups = [];
  for (const name of FILTERS) {
    const values = Object.entries(own(counts, name) || {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    if (!values.length) continue;
    const group = document.createElement("fieldset");
    const legend = document.createElement("legend");
    legend.textContent = label(name);
    group.append(legend);
    for (const [value, count] of values) {
      const label = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.name = name;
      box.value = value;
      box.checked = params.getAll(name).includes(value);
      label.append(box, ` ${valueTitle(name, value)} (${count})`);
      group.append(label);
    }
    groups.push(group);
  }
  facets.replaceChildren(...groups);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const params = new URLSearchParams(location.search);
  params.set("q", field.value.trim());
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
more.addEventListener("click", () => showMore(generation));
window.addEventListener("popstate", run);

// Pagefind and the index's metadata load while the reader types; the chunks of a
// word start loading as it is typed.
field.addEventListener("input", () => {
  const term = field.value.trim();
  if (term) load().then((newest) => newest.preload(cutQuery(term)));
});

field.focus();
run();
load();
