// IdGenerator: id formats built on the seeded Random.
#include "common/ids.h"

#include <random>

namespace rsemu {
namespace {
constexpr std::string_view kUpperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
constexpr std::string_view kLowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789";

uint64_t SeedFromDevice() {
  std::random_device device;
  return (static_cast<uint64_t>(device()) << 32) ^ device();
}
}  // namespace

IdGenerator::IdGenerator(uint64_t seed) : random_(seed == 0 ? SeedFromDevice() : seed) {}

std::string IdGenerator::Uuid() {
  static constexpr char kHex[] = "0123456789abcdef";
  uint64_t high;
  uint64_t low;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    high = random_.Next();
    low = random_.Next();
  }
  high = (high & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;  // version 4
  low = (low & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;    // variant 10
  std::string out;
  out.reserve(36);
  for (int i = 15; i >= 0; --i) {
    out.push_back(kHex[(high >> (i * 4)) & 0xF]);
    if (i == 8 || i == 4) out.push_back('-');
  }
  out.push_back('-');
  for (int i = 15; i >= 0; --i) {
    out.push_back(kHex[(low >> (i * 4)) & 0xF]);
    if (i == 12) out.push_back('-');
  }
  return out;
}

std::string IdGenerator::FromAlphabet(std::string_view alphabet, size_t length) {
  std::string out;
  out.reserve(length);
  std::lock_guard<std::mutex> lock(mutex_);
  for (size_t i = 0; i < length; ++i) out.push_back(alphabet[random_.Uniform(alphabet.size())]);
  return out;
}

std::string IdGenerator::UpperAlnum(std::string_view prefix, size_t total_length) {
  std::string out(prefix);
  if (out.size() < total_length) out += FromAlphabet(kUpperAlnum, total_length - out.size());
  return out;
}

std::string IdGenerator::LowerAlnum(size_t length) { return FromAlphabet(kLowerAlnum, length); }

}  // namespace rsemu
