// Well-formedness check with expat, shared by the targets that produce XML
// (link EXPAT::EXPAT).
#pragma once

#include <expat.h>

#include <string>
#include <string_view>

#include "fuzz/fuzz_util.h"

namespace rsemu::fuzz {

namespace xml_check_detail {

struct ParseState {
  std::string root;
  bool seen_root = false;
};

inline void XMLCALL OnStart(void* user_data, const XML_Char* name, const XML_Char**) {
  auto* state = static_cast<ParseState*>(user_data);
  if (!state->seen_root) {
    state->root = name;
    state->seen_root = true;
  }
}

}  // namespace xml_check_detail

// Parses `xml` with expat; aborts unless it is a well-formed XML 1.0 document
// whose root element is `root` (any root when `root` is empty).
inline void CheckWellFormed(std::string_view xml, std::string_view root, std::string_view what) {
  XML_Parser parser = XML_ParserCreate(nullptr);
  FUZZ_CHECK(parser != nullptr, "XML_ParserCreate failed");
  xml_check_detail::ParseState state;
  XML_SetUserData(parser, &state);
  XML_SetStartElementHandler(parser, xml_check_detail::OnStart);
  const XML_Status status =
      XML_Parse(parser, xml.data(), static_cast<int>(xml.size()), /*isFinal=*/XML_TRUE);
  std::string error;
  if (status != XML_STATUS_OK) {
    error = std::string(XML_ErrorString(XML_GetErrorCode(parser))) + " at line " +
            std::to_string(XML_GetCurrentLineNumber(parser)) + " column " +
            std::to_string(XML_GetCurrentColumnNumber(parser)) + " (byte " +
            std::to_string(XML_GetCurrentByteIndex(parser)) + ")";
  }
  XML_ParserFree(parser);
  FUZZ_CHECK(status == XML_STATUS_OK,
             std::string(what) + " is not well-formed XML: " + error + "\n" + Printable(xml, 4000));
  FUZZ_CHECK(root.empty() || state.root == root,
             std::string(what) + " has root <" + state.root + ">, not <" + std::string(root) + ">");
}

}  // namespace rsemu::fuzz
