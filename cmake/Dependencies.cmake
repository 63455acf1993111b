# Every dependency is a Debian package; a missing one stops configuration with the package to
# install, so nobody has to guess from a CMake backtrace.
function(oulu10_require found what package)
  if(NOT ${found})
    message(FATAL_ERROR "${what} not found: install the Debian package ${package} "
                        "(apt-get install ${package})")
  endif()
endfunction()

find_package(SQLite3 QUIET)
oulu10_require(SQLite3_FOUND "SQLite 3 development files" libsqlite3-dev)

find_package(fmt QUIET)
oulu10_require(fmt_FOUND "{fmt}" libfmt-dev)

find_package(nlohmann_json 3.10 QUIET)
oulu10_require(nlohmann_json_FOUND "nlohmann/json" nlohmann-json3-dev)

find_package(CLI11 QUIET)
oulu10_require(CLI11_FOUND "CLI11" libcli11-dev)

find_package(OpenSSL QUIET COMPONENTS Crypto)
oulu10_require(OpenSSL_FOUND "OpenSSL libcrypto" libssl-dev)

# libphonenumber ships neither a CMake package nor a pkg-config file on Debian.
find_path(PHONENUMBER_INCLUDE_DIR phonenumbers/phonenumberutil.h)
find_library(PHONENUMBER_LIBRARY phonenumber)
if(PHONENUMBER_INCLUDE_DIR AND PHONENUMBER_LIBRARY)
  set(PHONENUMBER_FOUND TRUE)
endif()
oulu10_require(PHONENUMBER_FOUND "libphonenumber" libphonenumber-dev)
add_library(phonenumber::phonenumber UNKNOWN IMPORTED)
set_target_properties(phonenumber::phonenumber PROPERTIES
  IMPORTED_LOCATION "${PHONENUMBER_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${PHONENUMBER_INCLUDE_DIR}")

if(OULU10_TESTS)
  find_package(doctest QUIET)
  oulu10_require(doctest_FOUND "doctest" doctest-dev)
endif()
