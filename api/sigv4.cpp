// SigV4 verification for awsQuery requests: parsing Authorization/X-Amz-Date,
// building the canonical request and string to sign, deriving (and caching)
// signing keys, and the constant-time signature check. Hashing and HMAC come
// from OpenSSL's libcrypto.
#include "api/sigv4.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <utility>

#include "common/time_format.h"

namespace rsemu::api {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
constexpr std::string_view kTerminator = "aws4_request";
constexpr char kHexDigits[] = "0123456789abcdef";
constexpr char kUpperHexDigits[] = "0123456789ABCDEF";
constexpr size_t kDigestSize = 32;
constexpr size_t kSignatureHexSize = 64;

using Digest = std::array<uint8_t, kDigestSize>;

// SHA-256 fetched once: avoids OpenSSL 3's implicit fetch on every digest.
const EVP_MD* Sha256Md() {
  static const EVP_MD* const md = [] {
    const EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return fetched != nullptr ? fetched : EVP_sha256();
  }();
  return md;
}

bool Sha256(std::string_view data, uint8_t* out) {
  unsigned int size = 0;
  return EVP_Digest(data.data(), data.size(), out, &size, Sha256Md(), nullptr) == 1 &&
         size == kDigestSize;
}

// An HMAC context with its digest already set to SHA-256 and no key: HMAC()
// and a fresh EVP_MAC_CTX would look the MAC and the digest up by name on every
// call (a third of a signature check). Each call copies it and sets the key.
// Copying only reads the template, so concurrent calls are safe.
const EVP_MAC_CTX* HmacSha256Template() {
  static const EVP_MAC_CTX* const context = []() -> EVP_MAC_CTX* {
    EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    if (mac == nullptr) return nullptr;
    EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(mac);
    EVP_MAC_free(mac);  // the context keeps its own reference
    char digest[] = "SHA256";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", digest, 0),
                           OSSL_PARAM_construct_end()};
    if (ctx != nullptr && EVP_MAC_CTX_set_params(ctx, params) != 1) {
      EVP_MAC_CTX_free(ctx);
      return nullptr;
    }
    return ctx;
  }();
  return context;
}

bool HmacSha256(const uint8_t* key, size_t key_size, std::string_view data, uint8_t* out) {
  const EVP_MAC_CTX* model = HmacSha256Template();
  if (model == nullptr) return false;
  std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> ctx(EVP_MAC_CTX_dup(model),
                                                                &EVP_MAC_CTX_free);
  size_t size = 0;
  return ctx != nullptr && EVP_MAC_init(ctx.get(), key, key_size, nullptr) == 1 &&
         EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(data.data()),
                        data.size()) == 1 &&
         EVP_MAC_final(ctx.get(), out, &size, kDigestSize) == 1 && size == kDigestSize;
}

void AppendHex(std::string* out, const uint8_t* bytes, size_t size) {
  for (size_t i = 0; i < size; ++i) {
    out->push_back(kHexDigits[bytes[i] >> 4]);
    out->push_back(kHexDigits[bytes[i] & 0xf]);
  }
}

// A derived key of all zeros marks a libcrypto failure (a real one has
// probability 2^-256); SignatureHex refuses it so a failure never verifies.
bool IsZero(const Digest& key) {
  return std::all_of(key.begin(), key.end(), [](uint8_t b) { return b == 0; });
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view s) { return std::all_of(s.begin(), s.end(), IsDigit); }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsUnreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || IsDigit(c) || c == '-' || c == '_' ||
         c == '.' || c == '~';
}

// RFC 3986 encoding: unreserved characters kept, every other byte as %XX.
void AppendUriEncoded(std::string* out, std::string_view s) {
  for (char c : s) {
    if (IsUnreserved(c)) {
      out->push_back(c);
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out->push_back('%');
      out->push_back(kUpperHexDigits[byte >> 4]);
      out->push_back(kUpperHexDigits[byte & 0xf]);
    }
  }
}

// Percent-decoding with "+" as a space; a malformed escape stays literal.
std::string QueryDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2])));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string QueryReencode(std::string_view s) {
  const std::string decoded = QueryDecode(s);
  std::string out;
  out.reserve(decoded.size() + decoded.size() / 2);
  AppendUriEncoded(&out, decoded);
  return out;
}

// The header value with leading/trailing whitespace removed and every inner
// run of whitespace turned into one space.
void AppendTrimmedCollapsed(std::string* out, std::string_view value) {
  value = Trim(value);
  bool in_space = false;
  for (char c : value) {
    if (IsSpace(c)) {
      in_space = true;
      continue;
    }
    if (in_space) out->push_back(' ');
    in_space = false;
    out->push_back(c);
  }
}

void AppendCanonicalUri(std::string* out, std::string_view path) {
  if (path.empty() || path == "/") {
    out->push_back('/');
    return;
  }
  // Remove empty and dot segments (RFC 3986 §5.2.4, plus the empty segments
  // AWS also drops), without decoding anything.
  std::vector<std::string_view> segments;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view segment = path.substr(start, end - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = end + 1;
  }
  const size_t before = out->size();
  if (path.front() == '/') out->push_back('/');
  for (size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) out->push_back('/');
    AppendUriEncoded(out, segments[i]);
  }
  if (!segments.empty() && path.back() == '/') out->push_back('/');
  if (out->size() == before) out->push_back('/');
}

// `drop_signature`: leave out X-Amz-Signature (presigned URLs sign everything else).
void AppendCanonicalQuery(std::string* out, std::string_view query, bool drop_signature) {
  if (query.empty()) return;
  std::vector<std::pair<std::string, std::string>> pairs;
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view piece = query.substr(start, end - start);
    if (!piece.empty()) {
      const size_t eq = piece.find('=');
      if (drop_signature && piece.substr(0, eq) == "X-Amz-Signature") {
        // not part of what was signed
      } else if (eq == std::string_view::npos) {
        pairs.emplace_back(QueryReencode(piece), std::string());
      } else {
        pairs.emplace_back(QueryReencode(piece.substr(0, eq)), QueryReencode(piece.substr(eq + 1)));
      }
    }
    start = end + 1;
  }
  std::sort(pairs.begin(), pairs.end());
  for (size_t i = 0; i < pairs.size(); ++i) {
    if (i > 0) out->push_back('&');
    out->append(pairs[i].first);
    out->push_back('=');
    out->append(pairs[i].second);
  }
}

Status Incomplete(std::string message) {
  return Status::AwsError("IncompleteSignature", std::move(message));
}

Status Mismatch(std::string message) {
  return Status::AwsError("SignatureDoesNotMatch", std::move(message));
}

Status SignatureMismatch() {
  return Mismatch(
      "The request signature we calculated does not match the signature you provided. Check your "
      "AWS Secret Access Key and signing method. Consult the service documentation for details.");
}

Status ParseCredential(std::string_view credential, CredentialScope* scope) {
  std::array<std::string_view, 5> parts;
  size_t count = 0;
  size_t start = 0;
  while (true) {
    const size_t slash = credential.find('/', start);
    const size_t end = slash == std::string_view::npos ? credential.size() : slash;
    if (count == parts.size()) {
      count = parts.size() + 1;  // too many
      break;
    }
    parts[count++] = credential.substr(start, end - start);
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (count != parts.size()) {
    return Incomplete(
        "Credential must have exactly 5 slash-delimited elements, e.g. "
        "keyid/date/region/service/term, got '" +
        std::string(credential) + "'");
  }
  if (parts[0].empty()) {
    return Incomplete("Credential must start with an access key id, got '" +
                      std::string(credential) + "'");
  }
  if (parts[1].size() != 8 || !AllDigits(parts[1])) {
    return Incomplete("Credential date must be in the form YYYYMMDD, not '" +
                      std::string(parts[1]) + "'.");
  }
  if (parts[2].empty()) return Incomplete("Credential should be scoped to a valid region, not ''.");
  if (parts[3].empty()) {
    return Incomplete("Credential should be scoped to a valid service, not ''.");
  }
  if (parts[4] != kTerminator) {
    return Incomplete("Credential should be scoped with a valid terminator: 'aws4_request', not '" +
                      std::string(parts[4]) + "'.");
  }
  scope->access_key_id.assign(parts[0]);
  scope->date.assign(parts[1]);
  scope->region.assign(parts[2]);
  scope->service.assign(parts[3]);
  return Status::Ok();
}

Status ParseSignedHeaders(std::string_view value, SigV4Authorization* auth) {
  bool has_host = false;
  size_t start = 0;
  while (start <= value.size()) {
    size_t end = value.find(';', start);
    if (end == std::string_view::npos) end = value.size();
    const std::string_view name = value.substr(start, end - start);
    if (name.empty()) {
      return Incomplete("SignedHeaders has an empty header name: '" + std::string(value) + "'.");
    }
    for (char c : name) {
      if ((c >= 'A' && c <= 'Z') || static_cast<unsigned char>(c) <= ' ' || c == 0x7f) {
        return Incomplete("SignedHeaders must be lower-case header names separated by ';', got '" +
                          std::string(value) + "'.");
      }
    }
    if (name == "host") has_host = true;
    auth->signed_header_names.emplace_back(name);
    start = end + 1;
  }
  if (!has_host) {
    return Incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  auth->signed_headers.assign(value);
  return Status::Ok();
}

Status ParseSignature(std::string_view value, SigV4Authorization* auth) {
  if (value.size() != kSignatureHexSize ||
      !std::all_of(value.begin(), value.end(), [](char c) { return HexValue(c) >= 0; })) {
    return Incomplete("Signature must be 64 hexadecimal characters, got '" + std::string(value) +
                      "'.");
  }
  auth->signature.resize(value.size());
  std::transform(value.begin(), value.end(), auth->signature.begin(),
                 [](char c) { return (c >= 'A' && c <= 'F') ? static_cast<char>(c + 32) : c; });
  return Status::Ok();
}

// "Signature expired: ..." times are written in X-Amz-Date's compact form.
std::string CompactTime(int64_t epoch_millis) {
  std::string iso = FormatIso8601Seconds(epoch_millis);  // YYYY-MM-DDTHH:MM:SSZ
  std::erase_if(iso, [](char c) { return c == '-' || c == ':'; });
  return iso;
}

std::string SkewText(int64_t millis) {
  if (millis % 60000 == 0) return std::to_string(millis / 60000) + " min.";
  if (millis % 1000 == 0) return std::to_string(millis / 1000) + " sec.";
  return std::to_string(millis) + " ms.";
}

std::string BadDateMessage(std::string_view amz_date) {
  return "Date must be in ISO-8601 'basic format'. Got '" + std::string(amz_date) +
         "'. See http://en.wikipedia.org/wiki/ISO_8601";
}

// The decoded value of query parameter `name` of the request target, if present.
std::optional<std::string> QueryParameter(const HttpRequest& request, std::string_view name) {
  std::string_view target = request.target;
  size_t question = target.find('?');
  if (question == std::string_view::npos) return std::nullopt;
  std::string_view query = target.substr(question + 1);
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view piece = query.substr(start, end - start);
    size_t eq = piece.find('=');
    if (QueryDecode(piece.substr(0, eq)) == name) {
      return eq == std::string_view::npos ? std::string() : QueryDecode(piece.substr(eq + 1));
    }
    start = end + 1;
  }
  return std::nullopt;
}

Result<SigV4Authorization> ParsePresigned(const HttpRequest& request) {
  SigV4Authorization auth;
  auth.presigned = true;
  std::string algorithm = QueryParameter(request, "X-Amz-Algorithm").value_or("");
  if (algorithm != kAlgorithm) {
    return Incomplete("Unsupported AWS 'algorithm': '" + algorithm +
                      "'. Only AWS4-HMAC-SHA256 is supported.");
  }
  auto credential = QueryParameter(request, "X-Amz-Credential");
  auto signed_headers = QueryParameter(request, "X-Amz-SignedHeaders");
  auto signature = QueryParameter(request, "X-Amz-Signature");
  auto date = QueryParameter(request, "X-Amz-Date");
  if (!credential || !signed_headers || !signature || !date) {
    std::string missing;
    for (auto [name, value] :
         {std::pair{"X-Amz-Credential", &credential},
          std::pair{"X-Amz-SignedHeaders", &signed_headers},
          std::pair{"X-Amz-Signature", &signature}, std::pair{"X-Amz-Date", &date}}) {
      if (!*value) missing += std::string(missing.empty() ? "" : ", ") + name;
    }
    return Incomplete("AWS query-string parameters must include " + missing + ".");
  }
  RSEMU_RETURN_IF_ERROR(ParseCredential(*credential, &auth.scope));
  RSEMU_RETURN_IF_ERROR(ParseSignedHeaders(*signed_headers, &auth));
  RSEMU_RETURN_IF_ERROR(ParseSignature(*signature, &auth));
  if (!ParseAmzDateMillis(*date).has_value()) return Incomplete(BadDateMessage(*date));
  if (date->substr(0, 8) != auth.scope.date) {
    return Mismatch("Date in Credential scope does not match YYYYMMDD from X-Amz-Date: '" +
                    auth.scope.date + "' != '" + date->substr(0, 8) + "'.");
  }
  auth.amz_date = *date;
  std::string expires = QueryParameter(request, "X-Amz-Expires").value_or("900");
  bool numeric = !expires.empty() && expires.size() <= 6 && AllDigits(expires);
  auth.expires_seconds = numeric ? std::stoll(expires) : 0;
  if (auth.expires_seconds < 1 || auth.expires_seconds > 604800) {
    return Incomplete("X-Amz-Expires must be between 1 and 604800 seconds, but was '" + expires +
                      "'.");
  }
  if (auto token = QueryParameter(request, "X-Amz-Security-Token")) auth.security_token = *token;
  return auth;
}

}  // namespace

bool HasSigV4(const HttpRequest& request) {
  if (request.HasHeader("authorization")) return true;
  return request.target.find("X-Amz-Algorithm=") != std::string::npos &&
         QueryParameter(request, "X-Amz-Algorithm").has_value();
}

Result<SigV4Authorization> ParseSigV4(const HttpRequest& request) {
  if (!request.HasHeader("authorization") && HasSigV4(request)) return ParsePresigned(request);
  if (!request.HasHeader("authorization")) {
    return Status::AwsError("MissingAuthenticationToken",
                            "Request is missing Authentication Token");
  }
  const std::string_view header = Trim(request.Header("authorization"));
  size_t algorithm_end = 0;
  while (algorithm_end < header.size() && !IsSpace(header[algorithm_end])) ++algorithm_end;
  const std::string_view algorithm = header.substr(0, algorithm_end);
  if (algorithm != kAlgorithm) {
    return Incomplete("Unsupported AWS 'algorithm': '" + std::string(algorithm) +
                      "'. Only AWS4-HMAC-SHA256 is supported.");
  }

  SigV4Authorization auth;
  std::string_view credential;
  std::string_view signed_headers;
  std::string_view signature;
  bool has_credential = false;
  bool has_signed_headers = false;
  bool has_signature = false;
  const std::string_view params = header.substr(algorithm_end);
  size_t start = 0;
  while (start < params.size()) {
    size_t end = params.find(',', start);
    if (end == std::string_view::npos) end = params.size();
    const std::string_view piece = Trim(params.substr(start, end - start));
    start = end + 1;
    if (piece.empty()) continue;  // tolerate stray commas and trailing whitespace
    const size_t eq = piece.find('=');
    if (eq == std::string_view::npos) {
      return Incomplete("'" + std::string(piece) +
                        "' not a valid key=value pair (missing equal-sign) in Authorization "
                        "header: '" +
                        std::string(header) + "'.");
    }
    const std::string_view key = Trim(piece.substr(0, eq));
    const std::string_view value = Trim(piece.substr(eq + 1));
    bool* seen = nullptr;
    std::string_view* slot = nullptr;
    if (key == "Credential") {
      seen = &has_credential;
      slot = &credential;
    } else if (key == "SignedHeaders") {
      seen = &has_signed_headers;
      slot = &signed_headers;
    } else if (key == "Signature") {
      seen = &has_signature;
      slot = &signature;
    } else {
      return Incomplete("Unknown parameter '" + std::string(key) + "' in Authorization header: '" +
                        std::string(header) + "'.");
    }
    if (*seen) {
      return Incomplete("Duplicate parameter '" + std::string(key) +
                        "' in Authorization header: '" + std::string(header) + "'.");
    }
    *seen = true;
    *slot = value;
  }
  if (!has_credential || !has_signed_headers || !has_signature) {
    std::string message;
    if (!has_credential) message += "Authorization header requires 'Credential' parameter. ";
    if (!has_signed_headers) message += "Authorization header requires 'SignedHeaders' parameter. ";
    if (!has_signature) message += "Authorization header requires 'Signature' parameter. ";
    message += "Authorization=";
    message += header;
    return Incomplete(std::move(message));
  }
  RSEMU_RETURN_IF_ERROR(ParseCredential(credential, &auth.scope));
  RSEMU_RETURN_IF_ERROR(ParseSignedHeaders(signed_headers, &auth));
  RSEMU_RETURN_IF_ERROR(ParseSignature(signature, &auth));

  if (!request.HasHeader("x-amz-date")) {
    return Incomplete(
        "Authorization header requires existence of a 'X-Amz-Date' header. Authorization=" +
        std::string(header));
  }
  const std::string_view amz_date = Trim(request.Header("x-amz-date"));
  if (!ParseAmzDateMillis(amz_date).has_value()) return Incomplete(BadDateMessage(amz_date));
  if (amz_date.substr(0, 8) != auth.scope.date) {
    return Mismatch(
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from "
        "HTTP: '" +
        auth.scope.date + "' != '" + std::string(amz_date.substr(0, 8)) + "', from '" +
        std::string(amz_date) + "'.");
  }
  auth.amz_date.assign(amz_date);
  if (request.HasHeader("x-amz-security-token")) {
    auth.security_token.assign(Trim(request.Header("x-amz-security-token")));
  }
  return auth;
}

std::string Sha256Hex(std::string_view data) {
  Digest digest{};
  std::string hex;
  if (!Sha256(data, digest.data())) return hex;
  hex.reserve(kSignatureHexSize);
  AppendHex(&hex, digest.data(), digest.size());
  return hex;
}

std::string CanonicalRequest(const HttpRequest& request, const SigV4Authorization& auth) {
  return CanonicalRequest(request, auth, Sha256Hex(request.body));
}

std::string CanonicalRequest(const HttpRequest& request, const SigV4Authorization& auth,
                             std::string_view payload_hash) {
  const std::string_view target = request.target;
  const size_t question = target.find('?');
  const std::string_view path = target.substr(0, question);
  const std::string_view query =
      question == std::string_view::npos ? std::string_view() : target.substr(question + 1);

  size_t estimate = request.method.size() + 3 * target.size() + auth.signed_headers.size() * 2 +
                    payload_hash.size() + 16;
  for (const auto& [name, value] : request.headers) estimate += value.size() + 1;
  std::string out;
  out.reserve(estimate);

  out.append(request.method);
  out.push_back('\n');
  AppendCanonicalUri(&out, path);
  out.push_back('\n');
  AppendCanonicalQuery(&out, query, auth.presigned);
  out.push_back('\n');
  for (const std::string& name : auth.signed_header_names) {
    out.append(name);
    out.push_back(':');
    bool first = true;
    for (const auto& [header_name, value] : request.headers) {
      if (header_name != name) continue;
      if (!first) out.push_back(',');
      first = false;
      AppendTrimmedCollapsed(&out, value);
    }
    out.push_back('\n');
  }
  out.push_back('\n');
  out.append(auth.signed_headers);
  out.push_back('\n');
  out.append(payload_hash);
  return out;
}

std::string StringToSign(const SigV4Authorization& auth, std::string_view canonical_request) {
  const CredentialScope& scope = auth.scope;
  std::string out;
  out.reserve(kAlgorithm.size() + auth.amz_date.size() + scope.date.size() + scope.region.size() +
              scope.service.size() + kTerminator.size() + kSignatureHexSize + 8);
  out.append(kAlgorithm);
  out.push_back('\n');
  out.append(auth.amz_date);
  out.push_back('\n');
  out.append(scope.date);
  out.push_back('/');
  out.append(scope.region);
  out.push_back('/');
  out.append(scope.service);
  out.push_back('/');
  out.append(kTerminator);
  out.push_back('\n');
  Digest digest{};
  if (Sha256(canonical_request, digest.data())) AppendHex(&out, digest.data(), digest.size());
  return out;
}

std::array<uint8_t, 32> DeriveSigningKey(std::string_view secret, const CredentialScope& scope) {
  std::string seed;
  seed.reserve(4 + secret.size());
  seed.append("AWS4");
  seed.append(secret);
  Digest k_date{};
  Digest k_region{};
  Digest k_service{};
  Digest k_signing{};
  const bool ok = HmacSha256(reinterpret_cast<const uint8_t*>(seed.data()), seed.size(), scope.date,
                             k_date.data()) &&
                  HmacSha256(k_date.data(), k_date.size(), scope.region, k_region.data()) &&
                  HmacSha256(k_region.data(), k_region.size(), scope.service, k_service.data()) &&
                  HmacSha256(k_service.data(), k_service.size(), kTerminator, k_signing.data());
  OPENSSL_cleanse(seed.data(), seed.size());
  OPENSSL_cleanse(k_date.data(), k_date.size());
  OPENSSL_cleanse(k_region.data(), k_region.size());
  OPENSSL_cleanse(k_service.data(), k_service.size());
  if (!ok) k_signing.fill(0);
  return k_signing;
}

std::string SignatureHex(const std::array<uint8_t, 32>& signing_key,
                         std::string_view string_to_sign) {
  std::string hex;
  if (IsZero(signing_key)) return hex;
  Digest mac{};
  if (!HmacSha256(signing_key.data(), signing_key.size(), string_to_sign, mac.data())) return hex;
  hex.reserve(kSignatureHexSize);
  AppendHex(&hex, mac.data(), mac.size());
  return hex;
}

std::array<uint8_t, 32> SigningKeyCache::Get(std::string_view secret,
                                             const CredentialScope& scope) {
  Digest secret_hash{};
  if (!Sha256(secret, secret_hash.data())) return DeriveSigningKey(secret, scope);
  std::string cache_key;
  cache_key.reserve(scope.access_key_id.size() + scope.date.size() + scope.region.size() +
                    scope.service.size() + 4 + secret_hash.size());
  cache_key.append(scope.access_key_id);
  cache_key.push_back('\n');
  cache_key.append(scope.date);
  cache_key.push_back('\n');
  cache_key.append(scope.region);
  cache_key.push_back('\n');
  cache_key.append(scope.service);
  cache_key.push_back('\n');
  cache_key.append(reinterpret_cast<const char*>(secret_hash.data()), secret_hash.size());
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = keys_.find(cache_key);
    if (it != keys_.end()) return it->second;
  }
  const Digest key = DeriveSigningKey(secret, scope);
  if (IsZero(key)) return key;  // a libcrypto failure: never cache it
  std::lock_guard<std::mutex> lock(mutex_);
  if (keys_.size() >= kMaxEntries) keys_.clear();
  keys_.emplace(std::move(cache_key), key);
  return key;
}

size_t SigningKeyCache::Size() {
  std::lock_guard<std::mutex> lock(mutex_);
  return keys_.size();
}

Status VerifySignature(const HttpRequest& request, const SigV4Authorization& auth,
                       std::string_view secret, SigningKeyCache* cache) {
  const std::string payload_hash = Sha256Hex(request.body);
  if (payload_hash.size() != kSignatureHexSize) return SignatureMismatch();
  if (request.HasHeader("x-amz-content-sha256")) {
    const std::string_view sent = Trim(request.Header("x-amz-content-sha256"));
    const bool same =
        sent.size() == payload_hash.size() &&
        std::equal(sent.begin(), sent.end(), payload_hash.begin(), [](char a, char b) {
          return ((a >= 'A' && a <= 'F') ? static_cast<char>(a + 32) : a) == b;
        });
    if (!same) {
      return Mismatch(
          "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }
  }
  const Digest key =
      cache != nullptr ? cache->Get(secret, auth.scope) : DeriveSigningKey(secret, auth.scope);
  const std::string computed =
      SignatureHex(key, StringToSign(auth, CanonicalRequest(request, auth, payload_hash)));
  if (auth.presigned && computed.size() == kSignatureHexSize &&
      auth.signature.size() == kSignatureHexSize &&
      CRYPTO_memcmp(computed.data(), auth.signature.data(), kSignatureHexSize) != 0) {
    // botocore presigns awsQuery operations with the model's method (POST) although
    // the URL is then fetched with GET, and S3-style presigners sign UNSIGNED-PAYLOAD.
    HttpRequest as_posted = request;
    as_posted.method = "POST";
    for (const HttpRequest* variant : {&request, static_cast<const HttpRequest*>(&as_posted)}) {
      for (std::string_view payload :
           {std::string_view(payload_hash), std::string_view("UNSIGNED-PAYLOAD")}) {
        const std::string candidate =
            SignatureHex(key, StringToSign(auth, CanonicalRequest(*variant, auth, payload)));
        if (CRYPTO_memcmp(candidate.data(), auth.signature.data(), kSignatureHexSize) == 0)
          return Status::Ok();
      }
    }
  }
  if (computed.size() != kSignatureHexSize || auth.signature.size() != kSignatureHexSize ||
      CRYPTO_memcmp(computed.data(), auth.signature.data(), kSignatureHexSize) != 0) {
    return SignatureMismatch();
  }
  return Status::Ok();
}

std::optional<int64_t> ParseAmzDateMillis(std::string_view amz_date) {
  if (amz_date.size() != 16 || amz_date[8] != 'T' || amz_date[15] != 'Z' ||
      !AllDigits(amz_date.substr(0, 8)) || !AllDigits(amz_date.substr(9, 6))) {
    return std::nullopt;
  }
  auto number = [&](size_t pos, size_t count) {
    int value = 0;
    for (size_t i = pos; i < pos + count; ++i) value = value * 10 + (amz_date[i] - '0');
    return value;
  };
  const std::chrono::year_month_day ymd{std::chrono::year{number(0, 4)},
                                        std::chrono::month{static_cast<unsigned>(number(4, 2))},
                                        std::chrono::day{static_cast<unsigned>(number(6, 2))}};
  const int hour = number(9, 2);
  const int minute = number(11, 2);
  const int second = number(13, 2);
  if (!ymd.ok() || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  const int64_t days = std::chrono::sys_days{ymd}.time_since_epoch().count();
  return ((days * 24 + hour) * 60 + minute) * 60000LL + second * 1000LL;
}

Status CheckRequestTime(const SigV4Authorization& auth, int64_t now_millis,
                        int64_t max_skew_millis) {
  const std::optional<int64_t> sent = ParseAmzDateMillis(auth.amz_date);
  if (!sent.has_value()) return Incomplete(BadDateMessage(auth.amz_date));
  if (*sent < now_millis - max_skew_millis) {
    return Mismatch("Signature expired: " + auth.amz_date + " is now earlier than " +
                    CompactTime(now_millis - max_skew_millis) + " (" + CompactTime(now_millis) +
                    " - " + SkewText(max_skew_millis) + ")");
  }
  if (*sent > now_millis + max_skew_millis) {
    return Mismatch("Signature not yet current: " + auth.amz_date + " is still later than " +
                    CompactTime(now_millis + max_skew_millis) + " (" + CompactTime(now_millis) +
                    " + " + SkewText(max_skew_millis) + ")");
  }
  return Status::Ok();
}

}  // namespace rsemu::api
