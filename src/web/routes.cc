// Every route of `skykeep ui` under /TOKEN/, one line each (docs/http-api.md), and the dispatch
// through them. A GET route answers HEAD too. A route that changes anything is a POST, and the
// server lets a POST through only from its own page (Origin, Sec-Fetch-Site: web/server.cc).
#include <exception>
#include <string_view>
#include <vector>

#include "base/json_writer.h"
#include "web/api.h"

namespace skykeep::web {
namespace {

struct Route {
  std::string_view method;   // GET or POST
  std::string_view pattern;  // segments; {id} is a flight number, {file} any one segment
  Response (Api::*handler)(const Request&);
};

// clang-format off
constexpr Route kRoutes[] = {
    {"GET",  "",                                &Api::page},
    {"GET",  "index.html",                      &Api::page},
    {"GET",  "assets/{file}",                   &Api::asset},
    {"GET",  "api/config",                      &Api::config},
    {"GET",  "api/flights",                     &Api::logbook},
    {"GET",  "api/stats",                       &Api::stats},
    {"GET",  "api/recipients",                  &Api::recipients},
    {"GET",  "api/audit",                       &Api::audit},
    {"GET",  "api/flights/{id}",                &Api::flight},
    {"GET",  "api/flights/{id}/series",         &Api::series},
    {"GET",  "api/flights/{id}/topics",         &Api::topics},
    {"GET",  "api/flights/{id}/params",         &Api::params},
    {"GET",  "api/flights/{id}/share-preview",  &Api::share_preview},
    {"POST", "api/flights/{id}/share",          &Api::share},
};
// clang-format on

// Whether path fits pattern; fills r's {id} and {file}.
bool match(std::string_view pattern, std::string_view path, Request& r) {
  for (;;) {
    size_t ps = pattern.find('/'), ss = path.find('/');
    std::string_view want = pattern.substr(0, ps), got = path.substr(0, ss);
    if (want == "{id}") {
      if (got.empty() || got.size() > 18 ||
          got.find_first_not_of("0123456789") != std::string_view::npos)
        return false;
      r.id = 0;
      for (char c : got) r.id = r.id * 10 + (c - '0');
    } else if (want == "{file}") {
      if (got.empty()) return false;
      r.file = std::string(got);
    } else if (want != got) {
      return false;
    }
    if ((ps == std::string_view::npos) != (ss == std::string_view::npos)) return false;
    if (ps == std::string_view::npos) return true;
    pattern.remove_prefix(ps + 1);
    path.remove_prefix(ss + 1);
  }
}

Response error(int status, const std::string& message) {
  JsonWriter j;
  j.begin_object().key("error").value(message).end_object();
  return {status, "application/json", j.str(), "", ""};
}

}  // namespace

Response Api::handle(Request r) {
  try {
    const std::string_view method = r.method == "HEAD" ? "GET" : std::string_view(r.method);
    std::string allow;
    for (const Route& route : kRoutes) {
      if (!match(route.pattern, r.path, r)) continue;
      if (route.method == method) return (this->*route.handler)(r);
      allow += allow.empty() ? "" : ", ";
      allow += route.method == "GET" ? "GET, HEAD" : std::string(route.method);
    }
    if (allow.empty()) return error(404, "no such resource: " + r.path);
    Response out = error(405, r.method + " is not served here; " + allow + " is");
    out.allow = allow;
    return out;
  } catch (const std::exception& e) {
    return error(500, std::string("internal error: ") + e.what());
  } catch (...) {
    return error(500, "internal error");
  }
}

}  // namespace skykeep::web
