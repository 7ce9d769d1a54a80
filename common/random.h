// Random: a small seeded pseudo-random generator (splitmix64), so that every
// generated id replays from its seed. Not for cryptography.
// Thread-safety: not thread-safe; IdGenerator guards its own instance.
#pragma once

#include <cstdint>

namespace rsemu {

class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n); n > 0.
  uint64_t Uniform(uint64_t n) { return Next() % n; }

 private:
  uint64_t state_;
};

}  // namespace rsemu
