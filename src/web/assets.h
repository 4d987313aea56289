// The web interface's files (ui/, built by Vite), embedded in the binary at build time so that
// `skykeep ui` serves them with nothing else installed. Read-only static data; thread-safe.
#pragma once

#include <optional>
#include <string_view>

namespace skykeep::web {

struct Asset {
  std::string_view path;  // "index.html", "assets/index.js"
  std::string_view type;  // its Content-Type
  std::string_view body;
};

// The file at path, or nullopt.
std::optional<Asset> find_asset(std::string_view path);
// False in a build made without the web interface (SKYKEEP_UI=OFF).
bool assets_built();

}  // namespace skykeep::web
