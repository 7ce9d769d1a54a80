// ASCII text helpers (common/text.h).
#include "common/text.h"

#include <algorithm>

namespace rsemu {

std::string AsciiLowercase(std::string_view text) {
  std::string out(text);
  AsciiLowercaseInPlace(out);
  return out;
}

void AsciiLowercaseInPlace(std::string& text) {
  for (char& c : text) c = AsciiLower(c);
}

bool IsAccountId(std::string_view text) {
  return text.size() == 12 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace rsemu
