// WAV in and out and resampling: pure, no I/O.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <numbers>

#include "voice/voice.h"

namespace oiis::voice {
namespace {

std::uint32_t read_u32(std::string_view b, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3])) << 24;
}
std::uint16_t read_u16(std::string_view b, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) | static_cast<unsigned char>(b[at + 1]) << 8);
}
void put_u32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void put_u16(std::string& out, std::uint16_t v) {
  out.push_back(static_cast<char>(v & 0xff));
  out.push_back(static_cast<char>(v >> 8));
}

struct WavFormat {
  int channels = 0, rate = 0, bits = 0, tag = 0;
};

Status check_format(const WavFormat& f, const WavLimits& limits, const std::string& field) {
  // 0xFFFE is WAVE_FORMAT_EXTENSIBLE, which browsers and sox write for plain PCM too.
  if (f.tag != 1 && f.tag != 0xFFFE)
    return invalid_argument("only PCM WAV is accepted (format tag " + std::to_string(f.tag) + ")", field);
  if (f.bits != 16) return invalid_argument("only 16-bit samples are accepted, not " + std::to_string(f.bits) + "-bit", field);
  if (f.channels != 1 && f.channels != 2)
    return invalid_argument("one or two channels are accepted, not " + std::to_string(f.channels), field);
  if (f.rate < limits.min_rate || f.rate > limits.max_rate)
    return invalid_argument("sample rate " + std::to_string(f.rate) + " Hz is outside " + std::to_string(limits.min_rate) +
                                ".." + std::to_string(limits.max_rate) + " Hz",
                            field);
  return Status::ok();
}

Audio decode_samples(std::string_view data, const WavFormat& f) {
  Audio audio;
  audio.sample_rate = f.rate;
  std::size_t frames = data.size() / (2 * static_cast<std::size_t>(f.channels));
  audio.samples.resize(frames);
  for (std::size_t i = 0; i < frames; ++i) {
    int sum = 0;
    for (int c = 0; c < f.channels; ++c)
      sum += static_cast<std::int16_t>(read_u16(data, (i * f.channels + c) * 2));
    audio.samples[i] = static_cast<std::int16_t>(sum / f.channels);
  }
  return audio;
}

}  // namespace

Result<Audio> parse_wav(std::string_view bytes, const WavLimits& limits, const std::string& field) {
  if (bytes.size() < 12 || bytes.substr(0, 4) != "RIFF" || bytes.substr(8, 4) != "WAVE")
    return invalid_argument("not a WAV file (no RIFF/WAVE header)", field);
  WavFormat format;
  std::size_t at = 12;
  while (at + 8 <= bytes.size()) {
    std::string_view id = bytes.substr(at, 4);
    std::size_t size = read_u32(bytes, at + 4);
    std::size_t body = at + 8;
    if (id == "fmt ") {
      if (size < 16 || body + 16 > bytes.size()) return invalid_argument("the WAV fmt chunk is truncated", field);
      format.tag = read_u16(bytes, body);
      format.channels = read_u16(bytes, body + 2);
      format.rate = static_cast<int>(read_u32(bytes, body + 4));
      format.bits = read_u16(bytes, body + 14);
    } else if (id == "data") {
      if (format.tag == 0) return invalid_argument("the WAV data chunk comes before its fmt chunk", field);
      OIIS_RETURN_IF_ERROR(check_format(format, limits, field));
      // Streaming writers (browsers, sox to a pipe) leave the size at 0 or 0xFFFFFFFF: take the rest.
      std::size_t available = bytes.size() - body;
      std::size_t n = (size == 0 || size > available) ? available : size;
      double seconds = static_cast<double>(n) / (2.0 * format.channels * format.rate);
      if (seconds > limits.max_seconds)
        return invalid_argument("the recording is " + std::to_string(static_cast<int>(std::ceil(seconds))) +
                                    " s long; at most " + std::to_string(static_cast<int>(limits.max_seconds)) + " s is accepted",
                                field);
      if (n < 2u * format.channels) return invalid_argument("the WAV file holds no samples", field);
      return decode_samples(bytes.substr(body, n), format);
    }
    at = body + size + (size & 1);  // chunks are padded to an even size
  }
  return invalid_argument("the WAV file has no data chunk", field);
}

std::string to_wav(const Audio& audio) {
  std::string out;
  auto data_bytes = static_cast<std::uint32_t>(audio.samples.size() * 2);
  out.reserve(44 + data_bytes);
  out += "RIFF";
  put_u32(out, 36 + data_bytes);
  out += "WAVEfmt ";
  put_u32(out, 16);
  put_u16(out, 1);  // PCM
  put_u16(out, 1);  // mono
  put_u32(out, static_cast<std::uint32_t>(audio.sample_rate));
  put_u32(out, static_cast<std::uint32_t>(audio.sample_rate * 2));
  put_u16(out, 2);
  put_u16(out, 16);
  out += "data";
  put_u32(out, data_bytes);
  for (auto s : audio.samples) put_u16(out, static_cast<std::uint16_t>(s));
  return out;
}

Audio resample(const Audio& audio, int rate) {
  if (audio.sample_rate == rate || audio.samples.empty() || rate <= 0) {
    Audio same = audio;
    same.sample_rate = rate > 0 ? rate : audio.sample_rate;
    return same;
  }
  const double ratio = static_cast<double>(rate) / audio.sample_rate;
  // Cut off below the lower Nyquist frequency so that downsampling does not fold high
  // frequencies (espeak-ng's sibilants at 22 kHz) into the band the recogniser listens to.
  const double cutoff = std::min(1.0, ratio) * 0.92;
  const int half_width = 48;  // zero crossings each side: a sharp band edge (sox-like)
  const double reach = half_width / cutoff;
  Audio out;
  out.sample_rate = rate;
  auto n_out = static_cast<std::size_t>(std::floor(static_cast<double>(audio.samples.size()) * ratio));
  out.samples.resize(n_out);
  const auto n_in = static_cast<std::int64_t>(audio.samples.size());
  for (std::size_t i = 0; i < n_out; ++i) {
    double centre = static_cast<double>(i) / ratio;
    auto lo = std::max<std::int64_t>(0, static_cast<std::int64_t>(std::ceil(centre - reach)));
    auto hi = std::min<std::int64_t>(n_in - 1, static_cast<std::int64_t>(std::floor(centre + reach)));
    double sum = 0, weights = 0;
    for (auto j = lo; j <= hi; ++j) {
      double x = (static_cast<double>(j) - centre) * cutoff;
      double sinc = std::abs(x) < 1e-9 ? 1.0 : std::sin(std::numbers::pi * x) / (std::numbers::pi * x);
      double window = 0.5 + 0.5 * std::cos(std::numbers::pi * x / half_width);  // Hann
      double w = sinc * window;
      sum += w * audio.samples[static_cast<std::size_t>(j)];
      weights += w;
    }
    double v = weights != 0 ? sum / weights : 0;
    out.samples[i] = static_cast<std::int16_t>(std::clamp(std::lround(v), -32768L, 32767L));
  }
  return out;
}

}  // namespace oiis::voice
