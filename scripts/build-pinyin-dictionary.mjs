#!/usr/bin/env node
// Builds the on-screen keyboard's pinyin dictionary: renderer/src/keyboard/pinyin-dictionary.json.
//
//   node scripts/build-pinyin-dictionary.mjs            (needs: apt-get install python3-jieba)
//
// Sources, both offline:
//   - pinyin-pro (npm, MIT): every reading of every character of the CJK basic block (U+4E00–U+9FFF),
//     and the reading of each word in context (so 银行 is yin'hang, 长孙 zhang'sun).
//   - jieba's dict.txt (Debian python3-jieba, MIT): 349 046 words with their counts in a large
//     general-purpose simplified-Chinese corpus. A character's weight under one reading is the sum of
//     the counts of the words in which it is read that way, i.e. how often it is typed with that pinyin.
//     GB 2312 membership (level 1 ≈ the 3 500 of 通用规范汉字表 level 1) breaks ties among unseen
//     characters, so rare characters of names are still there, just further down.
// The generated file is committed; CI does not run this script.
//
// Output shape (toneless pinyin, ü written v):
//   { version, source, common: "<the 4 000 most frequent characters, most frequent first>", chars: { "<syllable>": "<characters, most common first>" },
//     words: { "<syll>'<syll>[…]": "<words of that many characters, concatenated, most common first>" } }
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Buffer } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { pinyin } from 'pinyin-pro';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(root, 'renderer/src/keyboard/pinyin-dictionary.json');
const JIEBA = process.env.JIEBA_DICT ?? '/usr/lib/python3/dist-packages/jieba/dict.txt';
/** Upper bound for the committed file; words are added by frequency until it is reached. */
const MAX_BYTES = 290_000;
/** Words seen fewer times than this in the corpus are never offered as phrases. */
const MIN_WORD_COUNT = 20;
/** How many characters the frequency ranking `common` lists. */
const COMMON_CHARS = 4_000;
const STANDALONE_WEIGHT = 2;

if (!existsSync(JIEBA)) {
  console.error(`jieba's dict.txt not found at ${JIEBA}: apt-get install python3-jieba, or set JIEBA_DICT.`);
  process.exit(1);
}

const isCjk = (ch) => ch >= '\u4e00' && ch <= '\u9fff';
const SYLLABLE = /^[a-z]*[aeiouv][a-z]*$/; // consonant-only interjections (ng, hm, m, n) would break segmentation
const readingsOf = (ch) => [...new Set(pinyin(ch, { multiple: true, type: 'array', toneType: 'none', v: true }))].filter((s) => SYLLABLE.test(s));
const wordReading = (word) => pinyin(word, { type: 'array', toneType: 'none', v: true });

// GB 2312: level 1 is rows 16–55, level 2 rows 56–87 (EUC-CN lead bytes 0xB0–0xD7 and 0xD8–0xF7).
const gbLevel = new Map();
{
  const decoder = new TextDecoder('gb2312');
  for (let lead = 0xb0; lead <= 0xf7; lead += 1) {
    for (let trail = 0xa1; trail <= 0xfe; trail += 1) {
      const ch = decoder.decode(new Uint8Array([lead, trail]));
      if (ch.length === 1 && isCjk(ch) && !gbLevel.has(ch)) gbLevel.set(ch, lead <= 0xd7 ? 1 : 2);
    }
  }
}

// Government-service words that must be offered whatever their count in a general corpus.
const SERVICE_WORDS = `社保 医保 社保卡 医保卡 公积金 身份证 户口 户口本 户籍 居住证 营业执照 不动产 房产证 结婚证 离婚证 出生证明
  独生子女 退休 养老金 养老保险 医疗保险 失业保险 工伤保险 生育保险 低保 残疾证 残疾人 老年人 驾驶证 行驶证 港澳通行证 护照 签注
  个体工商户 统一社会信用代码 法定代表人 经营范围 注册资本 住所 预约 取号 办件 办事指南 申请人 委托书 授权委托书 证明 材料
  政务服务 税务 发票 纳税人 公证 户口迁移 迁入 迁出 补办 换领 挂失 注销 变更 登记 备案 审批 许可 申报 缴费 查询 打印 回执 身份证号
  手机号 联系电话 联系人 通讯地址 邮政编码 工作单位 街道 社区 居委会 村委会 乡镇 区县 广东省 广州市 深圳市 北京市 上海市`.split(/\s+/).filter(Boolean);

// Compound surnames that pinyin-pro knows (欧阳, 司马, …): read from its surname table by converting them.
const COMPOUND_SURNAMES = `欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 司徒 令狐 宇文 长孙 夏侯 轩辕 钟离 南宫 西门 独孤 端木 申屠 公羊 澹台 濮阳 淳于 万俟 闻人 赫连`.split(/\s+/);

console.log('reading jieba…');
const words = []; // [word, count]
const charReadingWeight = new Map(); // "字\treading" → weight
const charWeight = new Map();
let lines = 0;
for (const line of readFileSync(JIEBA, 'utf8').split('\n')) {
  const [word, countText] = line.split(' ');
  if (!word || !countText) continue;
  const chars = Array.from(word);
  if (!chars.every(isCjk)) continue;
  const count = Number(countText);
  lines += 1;
  const reading = chars.length === 1 ? null : wordReading(word);
  if (reading && reading.length !== chars.length) continue;
  chars.forEach((ch, i) => {
    charWeight.set(ch, (charWeight.get(ch) ?? 0) + count);
    // A single character is credited to all its readings, most to the first (pinyin-pro's main one).
    const readings = reading ? [reading[i]] : readingsOf(ch);
    // Typed alone counts double: single-character candidates are what one picks to type one character.
    readings.forEach((r, j) => {
      const key = `${ch}\t${r}`;
      const weight = reading ? count : STANDALONE_WEIGHT * (j === 0 ? count : count / 10);
      charReadingWeight.set(key, (charReadingWeight.get(key) ?? 0) + weight);
    });
  });
  if (chars.length >= 2 && chars.length <= 4 && reading.every((s) => SYLLABLE.test(s))) words.push([word, count, reading]);
}
console.log(`  ${lines} all-CJK entries, ${words.length} words of 2–4 characters`);

// Characters per syllable.
const bySyllable = new Map();
for (let code = 0x4e00; code <= 0x9fff; code += 1) {
  const ch = String.fromCharCode(code);
  for (const r of readingsOf(ch)) {
    if (!bySyllable.has(r)) bySyllable.set(r, []);
    bySyllable.get(r).push(ch);
  }
}
const chars = {};
for (const syllable of [...bySyllable.keys()].sort()) {
  const list = bySyllable.get(syllable);
  const score = (ch) => charReadingWeight.get(`${ch}\t${syllable}`) ?? 0;
  list.sort((a, b) => score(b) - score(a) || (charWeight.get(b) ?? 0) - (charWeight.get(a) ?? 0) || (gbLevel.get(a) ?? 9) - (gbLevel.get(b) ?? 9) || a.localeCompare(b));
  chars[syllable] = list.join('');
}

// Words: service terms and compound surnames first (they always fit), then by corpus count.
const wordMap = new Map(); // key → [word, count][]
const addWord = (word, count, reading = wordReading(word)) => {
  if (reading.length !== Array.from(word).length || !reading.every((s) => SYLLABLE.test(s))) return 0;
  const key = reading.join("'");
  if (!wordMap.has(key)) wordMap.set(key, []);
  const list = wordMap.get(key);
  if (list.some(([w]) => w === word)) return 0;
  list.push([word, count]);
  return Buffer.byteLength(word) + (list.length === 1 ? Buffer.byteLength(key) + 6 : 0);
};
const countOf = new Map(words.map(([w, c]) => [w, c]));
const boosted = new Set([...SERVICE_WORDS, ...COMPOUND_SURNAMES]);
let bytes = 60_000; // rough size of the chars part; corrected below
for (const [syllable, list] of Object.entries(chars)) bytes += syllable.length + 6 + Buffer.byteLength(list);
bytes -= 60_000;
bytes += COMMON_CHARS * 3 + 20;
for (const word of boosted) if (Array.from(word).length <= 6) bytes += addWord(word, Math.max(countOf.get(word) ?? 0, 1000));
words.sort((a, b) => b[1] - a[1]);
let added = 0;
for (const [word, count, reading] of words) {
  if (count < MIN_WORD_COUNT || bytes > MAX_BYTES - 2_000) break;
  if (boosted.has(word)) continue;
  bytes += addWord(word, count, reading);
  added += 1;
}
const wordsOut = {};
for (const key of [...wordMap.keys()].sort()) {
  wordsOut[key] = wordMap
    .get(key)
    .sort((a, b) => b[1] - a[1])
    .map(([w]) => w)
    .join('');
}

// Every character seen in the corpus, most frequent first (ranks candidates merged across syllables).
const common = [...charWeight.entries()]
  .filter(([ch]) => readingsOf(ch).length > 0)
  .sort((a, b) => b[1] - a[1])
  .slice(0, COMMON_CHARS)
  .map(([ch]) => ch)
  .join('');

const dictionary = {
  version: 1,
  source: 'pinyin-pro readings (MIT); frequencies from jieba dict.txt (MIT); built by scripts/build-pinyin-dictionary.mjs',
  common,
  chars,
  words: wordsOut,
};
const json = JSON.stringify(dictionary);
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, json);
const charCount = new Set(Object.values(chars).join('')).size;
const level1 = [...gbLevel].filter(([, l]) => l === 1).map(([c]) => c);
const missing = level1.filter((c) => !Object.values(chars).some((s) => s.includes(c)));
console.log(`wrote ${OUT}: ${json.length} characters, ${Buffer.byteLength(json)} bytes`);
console.log(`  ${Object.keys(chars).length} syllables, ${charCount} distinct characters; ${Object.keys(wordsOut).length} word keys, ${added + boosted.size} words`);
console.log(`  GB 2312 level 1 characters missing: ${missing.length}${missing.length ? ` (${missing.join('')})` : ''}`);
