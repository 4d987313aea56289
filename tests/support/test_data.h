// Helpers for tests: where the shared sample logs are, and comparing two Logs.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "model/log.h"

namespace skykeep::testing {

// ../shared beside the project (SKYKEEP_SHARED overrides); empty when it is absent.
std::string shared_dir();

// Sample logs of one folder of ../shared/testdata ("ulog", "dataflash", "tlog"), sorted.
std::vector<std::filesystem::path> samples(const std::string& folder);

// Every difference between two logs' content (topics, columns, parameters, texts, dropouts),
// one line each; empty when they hold the same data.
std::vector<std::string> diff(const model::Log& a, const model::Log& b);

std::vector<std::byte> read_bytes(const std::filesystem::path& p);

}  // namespace skykeep::testing
