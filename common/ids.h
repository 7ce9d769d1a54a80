// IdGenerator: request ids, resource ids, access keys and secrets. Seeded for
// tests (deterministic output), seeded from the OS otherwise.
// Thread-safety: all methods are safe to call concurrently (internal mutex).
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "common/random.h"

namespace rsemu {

class IdGenerator {
 public:
  // seed 0 = seed from std::random_device.
  explicit IdGenerator(uint64_t seed = 0);

  // A version-4 UUID, lower-case: "2c5a1f7e-5d0b-4a52-9a51-6f1d2b0c9e11".
  std::string Uuid();
  // `length` characters drawn from `alphabet`.
  std::string FromAlphabet(std::string_view alphabet, size_t length);
  // `prefix` followed by upper-case letters and digits up to `total_length`
  // (IAM style ids: AKIA…, AIDA…, AROA…).
  std::string UpperAlnum(std::string_view prefix, size_t total_length);
  // Lower-case letters and digits.
  std::string LowerAlnum(size_t length);

 private:
  std::mutex mutex_;
  Random random_;  // GUARDED_BY(mutex_)
};

}  // namespace rsemu
