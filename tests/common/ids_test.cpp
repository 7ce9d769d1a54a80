// Tests for IdGenerator: formats and seeded determinism.
#include "common/ids.h"

#include <doctest/doctest.h>

#include <regex>

namespace rsemu {

TEST_CASE("ids have AWS's formats and replay from their seed") {
  IdGenerator a(42), b(42), c(43);
  std::string uuid = a.Uuid();
  CHECK(std::regex_match(
      uuid, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
  CHECK(b.Uuid() == uuid);
  CHECK(c.Uuid() != uuid);
  std::string key = a.UpperAlnum("AKIA", 20);
  CHECK(key.size() == 20);
  CHECK(std::regex_match(key, std::regex("AKIA[A-Z0-9]{16}")));
  CHECK(std::regex_match(a.LowerAlnum(12), std::regex("[a-z0-9]{12}")));
}

}  // namespace rsemu
