// Everything `skykeep ui` serves under /TOKEN/ (docs/http-api.md), without the HTTP: a request's
// method, path and query in; a status, a content type and a body out. The routes are one table
// (web/routes.cc); a path outside it is 404, a method it does not list for the path 405. Every
// read goes through the vault and is on its audit record: the logbook listed, a flight opened,
// an original log decoded, the parameters compared, a share previewed; a share is written only
// by a POST. Plots are downsampled here (web/downsample.h). The derived signals and decoded
// originals of the last few flights are kept in memory, keyed by the log's hash, and every
// answer about a flight first asks the catalog whether it still exists, so a flight deleted by
// another process is gone here too. Thread-safe.
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
  Request() = default;
  Request(std::string m, std::string p, std::map<std::string, std::string> q = {})
      : method(std::move(m)), path(std::move(p)), query(std::move(q)) {}

  std::string method = "GET";  // HEAD is answered as GET
  std::string path;            // what follows "/TOKEN/": "api/flights/12/series", no leading slash
  std::map<std::string, std::string> query;
  // Filled by the route table from the path: {id} and {file}.
  int64_t id = 0;
  std::string file;
};

struct Response {
  int status = 200;
  std::string type = "application/json";
  std::string body;
  std::string filename;  // when set, the body is a file to save under this name
  std::string allow;     // on a 405: the methods the path takes ("GET, HEAD")
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

  // Answers r through the route table. Never throws: anything thrown below is a JSON 500.
  Response handle(Request r);

  // The handlers, one per route of web/routes.cc; r.id and r.file are filled from the path.
  Response page(const Request& r);
  Response asset(const Request& r);
  Response config(const Request& r);
  Response logbook(const Request& r);
  Response stats(const Request& r);
  Response recipients(const Request& r);
  Response audit(const Request& r);
  Response flight(const Request& r);
  Response series(const Request& r);
  Response topics(const Request& r);
  Response params(const Request& r);
  Response share_preview(const Request& r);
  Response share(const Request& r);

 private:
  // The flight's records decoded from its original log (its window, and the parameters set
  // before it), loaded once and kept among the last cached_flights. Errors as vault::read_window.
  Result<std::shared_ptr<const model::Log>> original(const vault::FlightDetail& d);
  // The log's derived signals, kept among the last eight logs. Errors as vault::load_signals.
  Result<std::shared_ptr<const analysis::Signals>> signals(const vault::FlightDetail& d);
  // One series of a plot request as JSON. Errors: InvalidArgument (a malformed name), NotFound,
  // and the loads'.
  Result<std::string> one_series(const vault::FlightDetail& d, const std::string& name,
                                 int64_t from, int64_t to, size_t buckets);

  vault::Vault& vault_;
  ApiOptions options_;
  std::mutex cache_mutex_;  // guards the two caches; loads run under load_mutex_
  std::mutex load_mutex_;
  // Most recent first. Keys are the log's SHA-256 (and, for originals, the flight's window), so
  // a number reused by the catalog after a deletion never finds another log's data.
  std::list<std::pair<std::string, std::shared_ptr<const model::Log>>> originals_;
  std::list<std::pair<std::string, std::shared_ptr<const analysis::Signals>>> signals_;
};

}  // namespace skykeep::web
