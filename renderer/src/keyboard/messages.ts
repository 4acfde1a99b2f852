/** The on-screen keyboard's strings, both languages (kept out of the shared catalogs to avoid edit conflicts). */
import type { Language } from '../i18n/i18n';

const zhCN = {
  'keyboard.region': '屏幕键盘：{label}',
  'keyboard.regionNoLabel': '屏幕键盘',
  'keyboard.key.backspace': '删除',
  'keyboard.key.clear': '清空',
  'keyboard.key.space': '空格',
  'keyboard.key.done': '完成',
  'keyboard.key.shift.upper': '大写',
  'keyboard.key.shift.lower': '小写',
  'keyboard.key.separator': '分词',
  'keyboard.key.separator.name': '拼音分隔符',
  'keyboard.mode.pinyin': '中文',
  'keyboard.mode.letters': '英文',
  'keyboard.mode.digits': '数字符号',
  'keyboard.mode.pinyin.name': '切换到中文拼音输入',
  'keyboard.mode.letters.name': '切换到英文字母输入',
  'keyboard.mode.digits.name': '切换到数字和符号输入',
  'keyboard.candidates': '候选字词',
  'keyboard.candidates.hint': '输入拼音，再点选汉字',
  'keyboard.candidates.loading': '正在准备汉字，请稍候…',
  'keyboard.candidates.none': '没有找到对应汉字，请检查拼音',
  'keyboard.candidates.prev': '上一页候选',
  'keyboard.candidates.next': '下一页候选',
  'keyboard.composition': '正在输入的拼音：{letters}',
  'keyboard.value.empty': '尚未输入',
  'keyboard.count': '已输入 {count} / {max} 位',
  'keyboard.open': '点击输入{label}',
  'keyboard.close': '收起键盘',
  'keyboard.id.remaining': '还需输入 {count} 位',
  'keyboard.id.ok': '身份证号码校验通过，请再核对一遍',
  'keyboard.id.check-digit': '最后一位校验码不符，请逐位核对号码',
  'keyboard.id.birth-date': '号码中的出生日期不正确，请核对第 7 至 14 位',
  'keyboard.id.characters': '号码只能是数字，最后一位可以是 X',
  'keyboard.id.length': '身份证号码应为 18 位',
  'keyboard.id.xOnlyLast': 'X 只能作为最后一位',
  'keyboard.phone.remaining': '手机号码为 11 位，还需输入 {count} 位',
  'keyboard.phone.ok': '号码位数正确',
} as const;

export type KeyboardMessageKey = keyof typeof zhCN;

const en: Record<KeyboardMessageKey, string> = {
  'keyboard.region': 'On-screen keyboard: {label}',
  'keyboard.regionNoLabel': 'On-screen keyboard',
  'keyboard.key.backspace': 'Delete',
  'keyboard.key.clear': 'Clear',
  'keyboard.key.space': 'Space',
  'keyboard.key.done': 'Done',
  'keyboard.key.shift.upper': 'Capitals',
  'keyboard.key.shift.lower': 'Small letters',
  'keyboard.key.separator': "Split '",
  'keyboard.key.separator.name': 'Pinyin syllable separator',
  'keyboard.mode.pinyin': '中文',
  'keyboard.mode.letters': 'ABC',
  'keyboard.mode.digits': '123 #',
  'keyboard.mode.pinyin.name': 'Switch to Chinese (pinyin)',
  'keyboard.mode.letters.name': 'Switch to letters',
  'keyboard.mode.digits.name': 'Switch to digits and symbols',
  'keyboard.candidates': 'Suggestions',
  'keyboard.candidates.hint': 'Type pinyin, then tap the characters',
  'keyboard.candidates.loading': 'Preparing Chinese characters…',
  'keyboard.candidates.none': 'No characters match; check the pinyin',
  'keyboard.candidates.prev': 'Previous suggestions',
  'keyboard.candidates.next': 'More suggestions',
  'keyboard.composition': 'Pinyin being typed: {letters}',
  'keyboard.value.empty': 'Nothing entered yet',
  'keyboard.count': '{count} of {max} entered',
  'keyboard.open': 'Tap to enter {label}',
  'keyboard.close': 'Hide keyboard',
  'keyboard.id.remaining': '{count} more to enter',
  'keyboard.id.ok': 'The ID number checks out; please read it once more',
  'keyboard.id.check-digit': 'The last (check) character does not match; check each digit',
  'keyboard.id.birth-date': 'The date of birth in the number is not valid; check digits 7 to 14',
  'keyboard.id.characters': 'Digits only; the last one may be X',
  'keyboard.id.length': 'An ID number has 18 characters',
  'keyboard.id.xOnlyLast': 'X can only be the last character',
  'keyboard.phone.remaining': 'A mobile number has 11 digits: {count} more to enter',
  'keyboard.phone.ok': 'The number has the right length',
};

export const KEYBOARD_MESSAGES: Record<Language, Record<KeyboardMessageKey, string>> = { 'zh-CN': zhCN, en };

export function keyboardText(language: Language, key: KeyboardMessageKey, params?: Record<string, string | number>): string {
  const template = KEYBOARD_MESSAGES[language][key];
  return params ? template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : template;
}
