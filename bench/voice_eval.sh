#!/usr/bin/env bash
# The voice evaluation's recordings (docs/evaluation.md, Voice): every question of a set that is
# not a follow-up, spoken by `oiis voice speak` (espeak-ng) in three voices at three speeds, each
# also with white noise mixed in by sox at 20 dB and at 10 dB SNR; then `oiis voice eval` scores
# them per condition (word error rate, router accuracy on the transcript, decode time).
#
# The sets: validation = examples/agents/questions_fresh.jsonl (split fresh), on which the
# language weight, the dictionary fallback and the noise floor were chosen; test =
# questions_blind3.jsonl (split blind3), scored once with the chosen settings (blind2, the
# earlier test set, has been looked at since its run and is no longer a test set). None is in
# the language model's text (the router's training questions: the train split of
# questions.jsonl and router_training_extra).
#
# Usage: bench/voice_eval.sh DATA_DIR OUT_DIR [validation|test|both] [-- extra `oiis voice eval` options]
#   OIIS_BIN (default build/oiis). Recordings are kept in OUT_DIR/audio and reused when present;
#   VOICE_RECORD_ONLY=1 stops after writing OUT_DIR/manifest.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
oiis=${OIIS_BIN:-build/oiis}
data=${1:?data directory (a store, e.g. from oiis generate)}
out=${2:?output folder}
which=${3:-both}
shift $(( $# >= 3 ? 3 : $# )); [ "${1:-}" = "--" ] && shift
command -v sox >/dev/null || { echo "sox not found: run scripts/install-deps" >&2; exit 1; }
mkdir -p "$out/audio"
manifest="$out/manifest.jsonl"
: > "$manifest"

# voice:words-per-minute
speakers=("en-us:165" "en-us+f3:140" "en-gb-x-rp:190")
snrs=(clean 20 10)

rms() { sox "$1" -n stat 2>&1 | awk '/RMS +amplitude/ {print $3}'; }

# One long white-noise recording, trimmed to each clip; mixed in at $3 dB below the clean
# clip's RMS (measured over the whole clip, pauses included).
noise="$out/audio/white-noise.wav"
[ -s "$noise" ] || sox -n -r 16000 -b 16 -c 1 "$noise" synth 30 whitenoise vol 0.1
noise_rms=$(rms "$noise")
add_noise() {
  local clean=$1 noisy=$2 snr=$3 seconds gain
  seconds=$(soxi -D "$clean")
  gain=$(awk -v s="$4" -v n="$noise_rms" -v snr="$snr" 'BEGIN {print s / (n * 10 ^ (snr / 20))}')
  sox -m -v 1 "$clean" -v "$gain" "$noise" "$noisy" trim 0 "$seconds"
}

record_set() {
  local set=$1 file=$2 split=$3
  python3 - "$file" "$split" > "$out/$set.tsv" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    q = json.loads(line)
    if q["split"] == sys.argv[2] and "follows" not in q:
        print("\t".join([q["id"], q["agent"], q["question"].replace("\t", " ")]))
PY
  local id agent question speaker voice speed snr base clean clean_rms
  while IFS=$'\t' read -r id agent question; do
    for speaker in "${speakers[@]}"; do
      voice=${speaker%%:*}; speed=${speaker##*:}
      base="$out/audio/$set-$id-${voice//+/_}-$speed"
      clean="$base-clean.wav"
      [ -s "$clean" ] || "$oiis" voice speak "$question" --voice "$voice" --speed "$speed" --out "$clean" >/dev/null
      clean_rms=""
      for snr in "${snrs[@]}"; do
        [ "$snr" = clean ] || [ -s "$base-$snr.wav" ] && continue
        [ -n "$clean_rms" ] || clean_rms=$(rms "$clean")
        add_noise "$clean" "$base-$snr.wav" "$snr" "$clean_rms"
      done
    done
  done < "$out/$set.tsv"
  python3 - "$out" "$set" "${speakers[*]}" "${snrs[*]}" >> "$manifest" <<'PY'
import json, sys
out, set_name, speakers, snrs = sys.argv[1], sys.argv[2], sys.argv[3].split(), sys.argv[4].split()
for line in open(f"{out}/{set_name}.tsv"):
    qid, agent, question = line.rstrip("\n").split("\t")
    for speaker in speakers:
        voice, speed = speaker.split(":")
        for snr in snrs:
            wav = f"{out}/audio/{set_name}-{qid}-{voice.replace('+', '_')}-{speed}-{snr}.wav"
            print(json.dumps({"wav": wav, "id": qid, "question": question, "agent": agent,
                              "condition": f"{voice}/{speed}/{snr}", "set": set_name}))
PY
}

case "$which" in
  validation) record_set validation examples/agents/questions_fresh.jsonl fresh ;;
  test) record_set test examples/agents/questions_blind3.jsonl blind3 ;;
  both) record_set validation examples/agents/questions_fresh.jsonl fresh
        record_set test examples/agents/questions_blind3.jsonl blind3 ;;
  *) echo "which: validation, test or both" >&2; exit 2 ;;
esac
echo "== $(wc -l < "$manifest") recordings in $manifest" >&2
[ "${VOICE_RECORD_ONLY:-0}" = 1 ] && exit 0
"$oiis" voice eval --data "$data" --manifest "$manifest" --json "$@"
