/* The query as the search page sends it to Pagefind: each run of Han and kana
 * characters cut into overlapping pairs, each spelt as the token the kit indexed
 * (search/segments.py, whose twin this is: tests/test_search_recall.py runs both).
 * Pagefind's own segmenters (a dictionary when indexing, Intl.Segmenter when
 * searching) disagree on Chinese and Japanese words; the tokens are ASCII words
 * neither of them cuts. Everything else in the query goes as typed. */
const RANGES = [
  [0x3005, 0x3007],
  [0x3040, 0x309f],
  [0x30a0, 0x30ff],
  [0x31f0, 0x31ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xf900, 0xfaff],
  [0xff66, 0xff9f],
  [0x20000, 0x3ffff],
];
const LEAD = "qz";
const DIGITS = "bcdfghjklmnprstv";
const hex = (low, high) => `\\u{${low.toString(16)}}-\\u{${high.toString(16)}}`;
const RUN = new RegExp(`[${RANGES.map(([low, high]) => hex(low, high)).join("")}]+`, "gu");

function spell(char) {
  return char
    .codePointAt(0)
    .toString(16)
    .padStart(5, "0")
    .replace(/[0-9a-f]/g, (digit) => DIGITS[parseInt(digit, 16)]);
}

export function cutQuery(query) {
  const cut = query.replace(RUN, (run) => {
    const chars = [...run];
    if (chars.length === 1) return ` ${LEAD}${spell(chars[0])} `;
    const pairs = chars.slice(1).map((char, i) => LEAD + spell(chars[i]) + spell(char));
    return ` ${pairs.join(" ")} `;
  });
  return cut.split(/\s+/).filter(Boolean).join(" ");
}
