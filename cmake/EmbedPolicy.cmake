# Turns the policy JSON into a C++ source file holding it as a string.
file(READ ${INPUT} policy_text)
string(FIND "${policy_text}" ")policy\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )policy\"")
endif()
file(WRITE ${OUTPUT}.tmp
  "// Generated from ${INPUT} by cmake/EmbedPolicy.cmake; do not edit.\n"
  "#include <string_view>\n"
  "namespace oulu10 {\n"
  "extern const std::string_view kEmbeddedPolicy;\n"
  "const std::string_view kEmbeddedPolicy = R\"policy(${policy_text})policy\";\n"
  "}  // namespace oulu10\n")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
