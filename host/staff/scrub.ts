/**
 * Removes personal data from text a technician exports (logs, diagnostics): identity numbers
 * (18-character resident ids, Hong Kong/Macao/Taiwan passes), mobile numbers, and the values of
 * JSON fields that hold names, addresses, identity numbers or phones. The host's own logs should
 * hold none of these already; this is the second line of defence before anything leaves the hall.
 */
const PERSONAL_KEYS = /"(name|fullName|applicantName|idNumber|identityNumber|phone|mobile|address|passNumber|englishName|birthDate|photo|pin)"\s*:\s*("(?:[^"\\]|\\.)*"|\d+)/g;

export function scrubPersonalData(text: string): string {
  return text
    .replace(PERSONAL_KEYS, (_whole, key: string) => `"${key}":"[removed]"`)
    .replace(/(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g, '[id-number removed]')
    .replace(/(?<![0-9A-Za-z])[HMhm]\d{8,10}(?![0-9A-Za-z])/g, '[pass number removed]')
    .replace(/(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/g, '[phone removed]');
}
