// ASCII text helpers shared by every layer: case folding (locale-independent,
// as AWS compares names) and the shape of an AWS account id.
#pragma once

#include <string>
#include <string_view>

namespace rsemu {

constexpr char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
// `text` with A-Z folded to a-z; every other byte unchanged.
std::string AsciiLowercase(std::string_view text);
void AsciiLowercaseInPlace(std::string& text);
// Twelve decimal digits.
bool IsAccountId(std::string_view text);

}  // namespace rsemu
