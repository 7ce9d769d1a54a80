// rsemu_model_minify: a build-time tool. Copies an AWS service model (JSON)
// without its "documentation" members, which are most of a model's bytes and
// which rsemu never reads, as compact JSON; the build embeds the result, so
// the emulator parses a fraction of the text at start-up.
//
// Usage: rsemu_model_minify IN.json OUT.json   (exit 1 on any failure)
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace {

void StripDocumentation(rapidjson::Value& value) {
  if (value.IsObject()) {
    value.RemoveMember("documentation");
    for (auto& member : value.GetObject()) StripDocumentation(member.value);
  } else if (value.IsArray()) {
    for (auto& item : value.GetArray()) StripDocumentation(item);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: rsemu_model_minify IN.json OUT.json\n");
    return 1;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) {
    std::fprintf(stderr, "rsemu_model_minify: cannot read %s\n", argv[1]);
    return 1;
  }
  rapidjson::Document model;
  model.Parse(text.str().c_str());
  if (model.HasParseError()) {
    std::fprintf(stderr, "rsemu_model_minify: %s: %s at offset %zu\n", argv[1],
                 rapidjson::GetParseError_En(model.GetParseError()), model.GetErrorOffset());
    return 1;
  }
  StripDocumentation(model);
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  model.Accept(writer);
  std::ofstream out(argv[2], std::ios::binary | std::ios::trunc);
  out.write(buffer.GetString(), static_cast<std::streamsize>(buffer.GetSize()));
  out.close();
  if (!out) {
    std::fprintf(stderr, "rsemu_model_minify: cannot write %s\n", argv[2]);
    return 1;
  }
  return 0;
}
