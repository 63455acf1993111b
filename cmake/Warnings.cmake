add_library(oulu10_warnings INTERFACE)
target_compile_options(oulu10_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough
  $<$<BOOL:${OULU10_WERROR}>:-Werror>)

add_library(oulu10_sanitizers INTERFACE)
if(OULU10_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "OULU10_FUZZ needs clang: configure with CXX=clang++ "
                        "(apt-get install clang libclang-rt-14-dev)")
  endif()
  # The library gets the fuzzer's coverage instrumentation; the targets link libFuzzer itself.
  target_compile_options(oulu10_sanitizers INTERFACE
    -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
    -fno-omit-frame-pointer)
  target_link_options(oulu10_sanitizers INTERFACE -fsanitize=address,undefined)
elseif(OULU10_SANITIZE)
  target_compile_options(oulu10_sanitizers INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(oulu10_sanitizers INTERFACE -fsanitize=address,undefined)
endif()
