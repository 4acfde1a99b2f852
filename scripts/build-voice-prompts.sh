#!/usr/bin/env bash
# Records the fallback voice prompts (resources/voice/<lang>/<key>.ogg) for kiosks whose Chromium
# has no speech-synthesis voice for the language: every key of renderer/src/voice/prompts.json, in
# zh-CN and en — the prompt of every step of every citizen flow (renderer/src/voice/step-prompts.ts).
# Needs espeak-ng and sox (apt-get install espeak-ng sox). The recordings are committed; CI does not
# run this (tests/unit/renderer/voice/voice.test.ts checks that every key has its recording).
# Ogg Vorbis, 16 kHz mono at the lowest quality (-1): Chromium plays it everywhere, and all of them
# together stay under 1 MB (quality 0 came to 1.2 MB; WAV would be several MB). Intelligible, not pretty.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v espeak-ng >/dev/null && command -v sox >/dev/null || { echo "needs espeak-ng and sox: apt-get install espeak-ng sox" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
node -e '
  const prompts = require("./renderer/src/voice/prompts.json");
  for (const [lang, texts] of Object.entries(prompts)) for (const [key, text] of Object.entries(texts)) console.log([lang, key, text].join("\t"));
' > "$tmp/list.tsv"
# From scratch: a prompt that was removed leaves no recording behind.
rm -f resources/voice/*/*.ogg
while IFS=$'\t' read -r lang key text; do
  case "$lang" in zh-CN) voice=cmn; speed=155 ;; en) voice=en-gb; speed=150 ;; *) continue ;; esac
  mkdir -p "resources/voice/$lang"
  espeak-ng -v "$voice" -s "$speed" -w "$tmp/raw.wav" "$text"
  sox "$tmp/raw.wav" -r 16000 -c 1 -C -1 "resources/voice/$lang/$key.ogg" gain -n -1 \
    silence 1 0.05 0.5% reverse silence 1 0.05 0.5% reverse pad 0.1 0.2
done < "$tmp/list.tsv"
du -cb resources/voice/*/*.ogg | tail -1
