#include "web/assets.h"

#include <string>

namespace skykeep::web {

// Defined in the generated ui_assets.cc (cmake/embed_ui.cmake).
struct EmbeddedFile {
  const char* path;
  std::string_view body;
};
extern const EmbeddedFile kEmbedded[];
extern const unsigned kEmbeddedCount;

namespace {

std::string_view type_of(std::string_view path) {
  auto ends = [&](std::string_view s) {
    return path.size() >= s.size() && path.substr(path.size() - s.size()) == s;
  };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".json")) return "application/json";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".ico")) return "image/x-icon";
  return "application/octet-stream";
}

}  // namespace

std::optional<Asset> find_asset(std::string_view path) {
  for (unsigned i = 0; i < kEmbeddedCount; ++i)
    if (path == kEmbedded[i].path)
      return Asset{kEmbedded[i].path, type_of(path), kEmbedded[i].body};
  return std::nullopt;
}

bool assets_built() { return kEmbeddedCount > 0; }

}  // namespace skykeep::web
