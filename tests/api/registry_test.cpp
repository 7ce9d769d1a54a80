// The handler registry against the models and the README: every registered
// operation is one the service's model defines, none is registered twice, and
// the counts the README states are the registry's.
#include "api/registry.h"

#include <doctest/doctest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "api/model.h"

namespace rsemu::api {
namespace {

std::string ReadReadme() {
  std::ifstream file(std::string(RSEMU_SOURCE_DIR) + "/README.md");
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

TEST_CASE("registry: every registered operation is modeled, once") {
  const Registry& registry = Registry::Default();
  CHECK(registry.DuplicateKeys().empty());
  for (const std::string& key : registry.Keys()) {
    CAPTURE(key);
    size_t colon = key.find(':');
    REQUIRE(colon != std::string::npos);
    const ServiceModel* model = Models::Get().ForService(key.substr(0, colon));
    REQUIRE_MESSAGE(model != nullptr, "registered under a service rsemu has no model for");
    CHECK_MESSAGE(model->FindOperation(key.substr(colon + 1)) != nullptr,
                  "registered name is not an operation of the model");
  }
}

TEST_CASE("registry: the README's operation counts are the registry's") {
  std::string readme = ReadReadme();
  REQUIRE_FALSE(readme.empty());
  for (const ServiceModel* model : Models::Get().all()) {
    CAPTURE(model->service());
    size_t implemented = Registry::Default().Implemented(model->service()).size();
    size_t modeled = model->operations().size();
    // "- **Redshift (71 of 141):**" — one such line per service.
    std::regex line(R"(\*\*([A-Za-z]+) \((\d+) of (\d+)\):\*\*)");
    bool found = false;
    for (auto it = std::sregex_iterator(readme.begin(), readme.end(), line);
         it != std::sregex_iterator(); ++it) {
      std::string name = (*it)[1];
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (name != model->service()) continue;
      found = true;
      CHECK(std::stoul((*it)[2]) == implemented);
      CHECK(std::stoul((*it)[3]) == modeled);
    }
    CHECK_MESSAGE(found, "README names no \"(N of M)\" count for this service");
  }
}

}  // namespace
}  // namespace rsemu::api
