# Every external dependency, in one place. All come from Debian 12 packages (see Makefile).
find_package(EXPAT REQUIRED)
if(SKYKEEP_TESTS)
  find_package(GTest REQUIRED)
  find_package(nlohmann_json 3 REQUIRED)
endif()
if(SKYKEEP_BENCH)
  find_package(benchmark REQUIRED)
endif()
