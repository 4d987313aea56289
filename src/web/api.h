// The HTTP API behind `skykeep ui` (docs/http-api.md), without the HTTP: a request's method, path
// (what follows "/TOKEN/api/") and query in; a status, a content type and a body out. Every read
// goes through the vault and is on its audit record: the logbook listed, a flight opened, an
// original log decoded, the parameters compared, a share previewed.
// Plots are downsampled here (web/downsample.h). The decoded originals of the last few flights
// are kept in memory, so that a plot request after a flight's first answers without reading
// the vault again. Thread-safe.
#pragma once

#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "analysis/signals.h"
#include "formats/reader.h"
#include "model/log.h"
#include "vault/catalog.h"
#include "vault/vault.h"

namespace skykeep::web {

struct Request {
  std::string method = "GET";
  std::string path;  // "flights/12/series", no leading slash
  std::map<std::string, std::string> query;
};

struct Response {
  int status = 200;
  std::string type = "application/json";
  std::string body;
  std::string filename;  // when set, the body is a file to save under this name
};

struct ApiOptions {
  formats::ReaderOptions reader;  // for decoding originals (MAVLink XML)
  size_t cached_flights = 2;      // decoded originals kept in memory
  std::string tiles;              // the operator's tile server URL template, or empty
};

class Api {
 public:
  Api(vault::Vault& v, ApiOptions options);
  ~Api();
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  Response handle(const Request& r);

  // The flight's records decoded from its original log (its window, and the parameters set
  // before it), loaded once and kept among the last cached_flights. Errors as vault::read_original.
  Result<std::shared_ptr<const model::Log>> original(int64_t flight_id);

 private:
  // One per route (docs/http-api.md).
  Response config() const;
  Response logbook(const Request& r);
  Response stats();
  Response recipients();
  Response audit(const Request& r);
  Response flight(const vault::FlightDetail& d);
  Response series(const Request& r, const vault::FlightDetail& d);
  Response topics(int64_t id);
  Response params(const vault::FlightDetail& d);
  Response share(const Request& r, int64_t id);
  Response share_preview(const Request& r, int64_t id);

  Result<std::shared_ptr<const analysis::Signals>> signals(int64_t log_id);

  vault::Vault& vault_;
  ApiOptions options_;
  std::mutex cache_mutex_;  // guards the two caches; loads run under load_mutex_
  std::mutex load_mutex_;
  std::list<std::pair<int64_t, std::shared_ptr<const model::Log>>> originals_;  // most recent first
  std::list<std::pair<int64_t, std::shared_ptr<const analysis::Signals>>> signals_;  // by log id
};

}  // namespace skykeep::web
