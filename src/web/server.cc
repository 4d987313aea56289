#include "web/server.h"

#include <httplib.h>
#include <netinet/in.h>
#include <sodium.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

#include "base/hex.h"
#include "base/json_writer.h"
#include "web/front_internal.h"

namespace skykeep::web {
namespace {

// cpp-httplib's request processing (parsing a request, compressing and writing its answer),
// fed by the front (web/front_internal.h) rather than by the library's own accept loop.
class Processor final : public httplib::Server {
 public:
  using httplib::Server::process_request;
};

std::string json_error(const std::string& message) {
  JsonWriter j;
  j.begin_object().key("error").value(message).end_object();
  return j.str();
}

// A listening socket on 127.0.0.1:port (0: any free port), or -1.
int listen_loopback(uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  // SO_REUSEADDR only: SO_REUSEPORT would let a second process listen on the same port and take
  // some of the connections (and their token).
  int yes = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || listen(fd, 128) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

uint16_t bound_port(int fd) {
  sockaddr_in a{};
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  return ntohs(a.sin_port);
}

}  // namespace

struct Server::Impl {
  Impl(vault::Vault& v, ApiOptions o, std::string t, uint16_t p)
      : api(v, std::move(o)), token(std::move(t)), port(p) {}
  httplib::Server::HandlerResponse handle(const httplib::Request& req, httplib::Response& res);

  Api api;
  const std::string token;
  const uint16_t port;
  Processor http;
  std::unique_ptr<Front> front;
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
  // Trusted Types: a string reaches no HTML sink (innerHTML and the like) but through the page's
  // one policy, which lets only the map library's own fixed markup through (ui/src/trusted.ts).
  s->csp_ = "default-src 'none'; script-src 'self'; style-src 'self'; img-src " + img +
            "; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
            "frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types default";
  const int listener = listen_loopback(o.port);
  if (listener < 0)
    return Status::IOError("cannot listen on 127.0.0.1:" + std::to_string(o.port) +
                           " (is the port taken?)");
  s->port_ = bound_port(listener);
  s->impl_ = std::make_unique<Impl>(v, o.api, s->token_, s->port_);
  Impl* self = s->impl_.get();
  auto& http = self->http;
  const std::vector<std::pair<std::string, std::string>> headers = {
      {"Content-Security-Policy", s->csp_},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"X-Frame-Options", "DENY"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
      {"Cross-Origin-Resource-Policy", "same-origin"},
      {"Cache-Control", "no-store"}};
  http.set_default_headers(httplib::Headers(headers.begin(), headers.end()));
  http.set_keep_alive_max_count(1000);
  http.set_keep_alive_timeout(5);
  // The last resort: whatever escapes a request's handling is a JSON 500, and says no more.
  http.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, const std::exception_ptr&) {
        res.status = 500;
        res.set_content(json_error("internal error"), "application/json");
      });
  http.set_pre_routing_handler([self](const httplib::Request& req, httplib::Response& res) {
    return self->handle(req, res);
  });
  FrontLimits limits;
  auto processor = [self](httplib::Stream& strm, bool close, bool& closed) {
    return self->http.process_request(strm, close, closed, nullptr);
  };
  self->front =
      std::make_unique<Front>(listener, limits, headers, processor, std::move(o.on_accept));
  return s;
}

// Every request: this host, the token, a change only from this server's own page; then the
// route table (web/routes.cc).
httplib::Server::HandlerResponse Server::Impl::handle(const httplib::Request& req,
                                                      httplib::Response& res) {
  auto answer = [&res](int status, const std::string& message) {
    res.status = status;
    res.set_content(json_error(message), "application/json");
    return httplib::Server::HandlerResponse::Handled;
  };
  // Only this machine's names for this server: a page elsewhere that rebinds its own name to
  // 127.0.0.1 sends its own Host.
  const std::string p = std::to_string(port);
  const std::string host = req.get_header_value("Host");
  if (host != "127.0.0.1:" + p && host != "localhost:" + p) return answer(403, "forbidden");
  // /TOKEN/ and what follows it; the comparison takes the same time wherever it differs.
  const std::string& path = req.path;
  if (path.size() < token.size() + 1 || path[0] != '/' ||
      sodium_memcmp(path.data() + 1, token.data(), token.size()) != 0)
    return answer(403, "forbidden");
  std::string_view rest = std::string_view(path).substr(token.size() + 1);
  if (rest.empty()) {  // the page's relative URLs need the trailing slash
    res.status = 302;
    res.set_header("Location", "/" + token + "/");
    return httplib::Server::HandlerResponse::Handled;
  }
  if (rest[0] != '/') return answer(403, "forbidden");
  rest.remove_prefix(1);
  // Anything but a read must come from this server's own page: its Origin, and, where the
  // browser says where the request comes from, the same origin.
  if (req.method != "GET" && req.method != "HEAD") {
    const std::string origin = req.get_header_value("Origin");
    if (origin != "http://127.0.0.1:" + p && origin != "http://localhost:" + p)
      return answer(403, "only this server's own page may change anything (Origin)");
    if (req.has_header("Sec-Fetch-Site") && req.get_header_value("Sec-Fetch-Site") != "same-origin")
      return answer(403, "only this server's own page may change anything (Sec-Fetch-Site)");
  }
  Request r(req.method, std::string(rest));
  for (const auto& [key, value] : req.params) r.query[key] = value;
  Response out = api.handle(std::move(r));
  res.status = out.status;
  if (!out.filename.empty())
    res.set_header("Content-Disposition", "attachment; filename=\"" + out.filename + "\"");
  if (!out.allow.empty()) res.set_header("Allow", out.allow);
  res.set_content(out.body, out.type.c_str());
  return httplib::Server::HandlerResponse::Handled;
}

Server::~Server() = default;

std::string Server::url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/" + token_ + "/";
}

void Server::run() { impl_->front->run(); }

void Server::stop() { impl_->front->stop(); }

}  // namespace skykeep::web
