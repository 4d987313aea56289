// `skykeep ui`'s HTTP server: listens on 127.0.0.1 only; every route lives under a random
// per-run token (http://127.0.0.1:PORT/TOKEN/...), and anything else, a wrong token, or a Host
// header naming another host (DNS rebinding), gets 403, as does any request but GET and HEAD
// whose Origin is not this server's (or whose Sec-Fetch-Site is not same-origin). Serves
// web::Api, the embedded interface and its API. Every response carries a strict
// Content-Security-Policy (nothing from anywhere but this server and, when the operator names
// one, their tile server; Trusted Types) and no-referrer, so the token never leaves in a
// Referer. Requests are read within bounds and a deadline (web/front_internal.h, decisions/0010).
// Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "base/result.h"
#include "web/api.h"

namespace skykeep::web {

struct ServerOptions {
  uint16_t port = 0;  // 0: any free port
  ApiOptions api;
  std::string token;  // empty: 128 random bits, hex (tests may set one)
  // Called with every accepted socket, once its options are set (tests check them).
  std::function<void(int fd)> on_accept;
};

class Server {
 public:
  // Binds 127.0.0.1:port. Errors: InvalidArgument (a tile URL that is not http(s)://host/...),
  // IOError (the port is taken).
  static Result<std::unique_ptr<Server>> bind(vault::Vault& v, ServerOptions options);
  ~Server();

  uint16_t port() const { return port_; }
  // http://127.0.0.1:PORT/TOKEN/
  std::string url() const;
  // Serves until stop() (from another thread or a signal-waiting thread); returns once every
  // connection is closed.
  void run();
  void stop();

  // The Content-Security-Policy header every response carries.
  const std::string& csp() const { return csp_; }

 private:
  struct Impl;
  Server() = default;
  std::unique_ptr<Impl> impl_;
  uint16_t port_ = 0;
  std::string token_, csp_;
};

// The origin ("https://tiles.example.org:8443") of a tile URL template, or an error.
Result<std::string> tile_origin(const std::string& url_template);

}  // namespace skykeep::web
