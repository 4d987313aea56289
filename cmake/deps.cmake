# Every external dependency, in one place. All come from Debian 12 packages (see Makefile).
find_package(EXPAT REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(SQLCIPHER REQUIRED IMPORTED_TARGET sqlcipher)  # the catalog: decisions/0003
find_package(zstd CONFIG REQUIRED)
find_package(OpenSSL REQUIRED COMPONENTS Crypto)  # SHA-256 only: docs/decisions/0004
find_package(nlohmann_json 3 REQUIRED)
find_package(tomlplusplus 3 REQUIRED)  # sharing policies: privacy/policy.cc
pkg_check_modules(GEOGRAPHICLIB REQUIRED IMPORTED_TARGET geographiclib)  # geodesics: analysis/geo.cc
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)  # skykeep ui: web/server.cc
if(SKYKEEP_TESTS)
  find_package(GTest REQUIRED)
  find_package(rapidcheck REQUIRED)  # property tests: privacy/privacy_test.cc
endif()
if(SKYKEEP_BENCH)
  find_package(benchmark REQUIRED)
endif()
