#include "web/server.h"

#include <httplib.h>
#include <sodium.h>
#include <sys/socket.h>

#include <string_view>

#include "base/hex.h"
#include "web/assets.h"

namespace skykeep::web {

struct Server::Impl {
  explicit Impl(vault::Vault& v, ApiOptions o) : api(v, std::move(o)) {}
  httplib::Server http;
  Api api;
};

Result<std::string> tile_origin(const std::string& t) {
  size_t scheme = t.rfind("https://", 0) == 0 ? 8 : t.rfind("http://", 0) == 0 ? 7 : 0;
  if (scheme == 0)
    return Status::InvalidArgument(
        "--tiles takes an http:// or https:// URL like https://tiles.example.org/{z}/{x}/{y}.png");
  size_t end = t.find('/', scheme);
  std::string origin = t.substr(0, end);
  if (origin.size() == scheme || origin.find_first_of(" ;'\"{}") != std::string::npos)
    return Status::InvalidArgument("--tiles: '" + t + "' names no host");
  if (t.find("{z}") == std::string::npos || t.find("{x}") == std::string::npos ||
      t.find("{y}") == std::string::npos)
    return Status::InvalidArgument("--tiles: the URL must hold {z}, {x} and {y}");
  return origin;
}

Result<std::unique_ptr<Server>> Server::bind(vault::Vault& v, ServerOptions o) {
  std::string img = "'self' data:";
  if (!o.api.tiles.empty()) {
    auto origin = tile_origin(o.api.tiles);
    if (!origin) return origin.error();
    img += " " + *origin;
  }
  std::unique_ptr<Server> s(new Server());
  if (o.token.empty()) {
    if (sodium_init() < 0) return Status::IOError("libsodium failed to start");
    unsigned char raw[16];
    randombytes_buf(raw, sizeof raw);
    s->token_ = to_hex(raw, sizeof raw);
  } else {
    s->token_ = o.token;
  }
  s->csp_ = "default-src 'none'; script-src 'self'; style-src 'self'; img-src " + img +
            "; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
            "frame-ancestors 'none'";
  s->impl_ = std::make_unique<Impl>(v, o.api);
  Server* self = s.get();
  auto& http = s->impl_->http;
  // SO_REUSEADDR only: the library's default adds SO_REUSEPORT, which would let a second
  // process listen on the same port and take some of the connections (and their token).
  http.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  http.set_keep_alive_max_count(1000);
  http.set_payload_max_length(64 * 1024);
  http.set_pre_routing_handler([self](const httplib::Request& req, httplib::Response& res) {
    res.set_header("Content-Security-Policy", self->csp_);
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("X-Frame-Options", "DENY");
    res.set_header("Cross-Origin-Opener-Policy", "same-origin");
    res.set_header("Cross-Origin-Resource-Policy", "same-origin");
    res.set_header("Cache-Control", "no-store");
    auto forbid = [&res] {
      res.status = 403;
      res.set_content("forbidden\n", "text/plain; charset=utf-8");
      return httplib::Server::HandlerResponse::Handled;
    };
    // Only this machine's names for this server: a page elsewhere that rebinds its own name to
    // 127.0.0.1 sends its own Host.
    const std::string port = std::to_string(self->port_);
    const std::string host = req.get_header_value("Host");
    if (host != "127.0.0.1:" + port && host != "localhost:" + port) return forbid();
    // /TOKEN/ and what follows it; the comparison takes the same time wherever it differs.
    const std::string& path = req.path;
    const std::string& token = self->token_;
    if (path.size() < token.size() + 1 || path[0] != '/' ||
        sodium_memcmp(path.data() + 1, token.data(), token.size()) != 0)
      return forbid();
    std::string_view rest = std::string_view(path).substr(token.size() + 1);
    if (rest.empty()) {  // the page's relative URLs need the trailing slash
      res.status = 302;
      res.set_header("Location", "/" + token + "/");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (rest[0] != '/') return forbid();
    rest.remove_prefix(1);
    if (req.method != "GET" && req.method != "HEAD") {
      res.status = 405;
      res.set_content("only GET is served\n", "text/plain; charset=utf-8");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (rest.rfind("api/", 0) == 0) {
      Request r{req.method, std::string(rest.substr(4)), {}};
      for (const auto& [key, value] : req.params) r.query[key] = value;
      Response out = self->impl_->api.handle(r);
      res.status = out.status;
      if (!out.filename.empty())
        res.set_header("Content-Disposition", "attachment; filename=\"" + out.filename + "\"");
      res.set_content(std::move(out.body), out.type.c_str());
      return httplib::Server::HandlerResponse::Handled;
    }
    if (rest.empty()) rest = "index.html";
    auto asset = find_asset(rest);
    if (!asset && rest == "index.html" && !assets_built()) {
      res.set_content(
          "<!doctype html><title>skykeep</title><p>This skykeep was built without its web "
          "interface "
          "(SKYKEEP_UI=OFF); the API is under api/.</p>",
          "text/html; charset=utf-8");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (!asset) {
      res.status = 404;
      res.set_content("not found\n", "text/plain; charset=utf-8");
      return httplib::Server::HandlerResponse::Handled;
    }
    res.set_content(asset->body.data(), asset->body.size(), std::string(asset->type).c_str());
    return httplib::Server::HandlerResponse::Handled;
  });
  int port = o.port == 0 ? http.bind_to_any_port("127.0.0.1")
                         : (http.bind_to_port("127.0.0.1", o.port) ? o.port : -1);
  if (port <= 0)
    return Status::IOError("cannot listen on 127.0.0.1:" + std::to_string(o.port) +
                           " (is the port taken?)");
  s->port_ = static_cast<uint16_t>(port);
  return s;
}

Server::~Server() = default;

std::string Server::url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/" + token_ + "/";
}

void Server::run() { impl_->http.listen_after_bind(); }

void Server::stop() { impl_->http.stop(); }

}  // namespace skykeep::web
